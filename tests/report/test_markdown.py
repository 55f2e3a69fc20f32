"""report.md: counts, findings by severity, cycles, services; scanned text is escaped."""

from __future__ import annotations

from analyzer.model import ServiceCheck
from analyzer.report import REPORTERS
from analyzer.report.markdown import md_text, render_markdown


def test_markdown_lists_counts_findings_and_cycles(result):
    text = render_markdown(result)
    assert text.startswith("# archgov audit\n")
    assert "| error | 1 |" in text and "| warning | 2 |" in text and "| info | 1 |" in text
    assert text.index("### Error (1)") < text.index("### Warning (2)") < text.index("### Info (1)")
    assert "services/orders/pay.py:7" in text
    assert "orders → payments → orders" in text
    assert "Readiness" not in text  # no scorecard checks in this result


def test_scanned_text_cannot_open_html_or_break_a_table(result):
    text = render_markdown(result)
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert md_text("a|b\nc") == "a\\|b c"
    assert md_text("[x](http://evil)") == "\\[x\\](http://evil)"
    assert len(md_text("x" * 1000)) == 300


def test_readiness_column_appears_with_checks(result):
    checks = [ServiceCheck(rule_id="probes", service="orders", status="pass"),
              ServiceCheck(rule_id="limits", service="orders", status="fail")]
    text = render_markdown(result.model_copy(update={"checks": checks}))
    row = next(line for line in text.splitlines() if line.startswith("| orders |"))
    assert row.endswith(" 50% |") and "| Readiness |" in text
    assert "| gateway |" in text and next(
        line for line in text.splitlines() if line.startswith("| gateway |")).endswith(" – |")


def test_markdown_is_deterministic_and_registered(result):
    assert render_markdown(result) == render_markdown(result)
    assert REPORTERS["markdown"].file_name == "report.md"


def test_each_rule_that_found_something_says_how_to_fix_it(result):
    from analyzer.model import RuleInfo, Severity

    rules = [RuleInfo(id="fan-out-max", title="Few dependencies", category="coupling",
                      severity=Severity.WARNING, remediation="Split the service."),
             RuleInfo(id="unused-rule", title="Unused", category="coupling",
                      severity=Severity.INFO, remediation="Nothing.")]
    text = render_markdown(result.model_copy(update={"rules": rules}))
    assert "## How to fix\n\n- **fan-out-max** (Few dependencies): Split the service.\n" in text
    assert "unused-rule" not in text
    assert "## How to fix" not in render_markdown(result)
