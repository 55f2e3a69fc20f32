"""The PR comment: marker first, verdict, sections, escaping, and the 65,536-character limit."""

from __future__ import annotations

from analyzer.model import Edge, EdgeKind, Evidence, Finding, Location, Origin, Severity
from analyzer.model.diff import ResultDiff, ScoreChange
from analyzer.report.diff_markdown import MARKER, MAX_CHARS, render_diff_markdown, verdict

HOSTILE = "<img src=x onerror=alert(1)>"


def _edge(a: str, b: str, n: int = 1) -> Edge:
    return Edge(source=a, target=b, kind=EdgeKind.HTTP,
                evidence=[Evidence(origin=Origin.CODE, file=f"src/{a}.py", line=i) for i in range(1, n + 1)])


def _finding(subject: str, sev: Severity = Severity.ERROR, message: str = "bad") -> Finding:
    return Finding(rule_id="no-service-cycles", severity=sev, subject=subject, subject_kind="cycle",
                   message=message, location=Location(file="compose.yml", line=4))


def test_marker_verdict_and_sections():
    change = ResultDiff(base="origin/main", head="HEAD", new_findings=[_finding("a -> b -> a")],
                        fixed_findings=[_finding("c", Severity.WARNING)], new_cycles=[["a", "b"]],
                        added_edges=[_edge("b", "a", 5)], removed_edges=[_edge("c", "d")],
                        score_changes=[ScoreChange(service="a", before=0.5, after=0.75)])
    text = render_diff_markdown(change)
    assert text.startswith(MARKER + "\n")
    lines = text.splitlines()
    assert lines[3] == ("❌ **1 new finding (1 error); 1 new cycle; 1 edge added, 1 removed; "
                        "1 finding fixed**")
    for heading in ("### New findings (1: 1 error)", "### New cycles (1)", "### Edges added (1)",
                    "### Edges removed (1)", "### Fixed findings (1: 1 warning)",
                    "### Readiness score per touched service", "```mermaid"):
        assert heading in lines, heading
    assert "| b | a | http | src/b.py:1 (code)<br>src/b.py:2 (code)<br>src/b.py:3 (code)<br>+2 more |" in lines
    assert "| a | 50% | 75% | +25 pts |" in lines
    assert "- a → b → a" in lines


def test_no_change_is_a_short_green_comment():
    text = render_diff_markdown(ResultDiff(base="main", head="HEAD"))
    assert verdict(ResultDiff(base="main", head="HEAD")).startswith("✅ **No architecture change")
    assert "```mermaid" not in text and len(text.splitlines()) == 4


def test_scanned_names_stay_text():
    change = ResultDiff(base="main", head="HEAD", added_edges=[_edge(HOSTILE, "b")],
                        new_findings=[_finding(HOSTILE, message="</details><script>x</script>")])
    text = render_diff_markdown(change)
    assert "<img" not in text and "<script>" not in text
    assert "#lt;img src=x onerror=alert(1)#gt;" in text  # Mermaid label entities


def test_a_huge_diff_is_truncated_below_the_limit_with_a_note():
    findings = [_finding(f"svc-{i:05d}", message="x" * 200) for i in range(2000)]
    edges = [_edge(f"svc-{i:05d}", "hub") for i in range(2000)]
    text = render_diff_markdown(ResultDiff(base="main", head="HEAD", new_findings=findings,
                                           added_edges=edges))
    assert len(text) <= MAX_CHARS < 65_536
    assert text.startswith(MARKER)
    assert "### Edges added (2000)" in text  # every heading stays
    assert "more rows_" in text and "left out" in text.splitlines()[-1]
    assert "_… left out to fit the comment: the diagram_" in text
    kept = sum(1 for line in text.splitlines() if line.startswith("| error |"))
    assert 100 < kept < 2000  # new findings come first


def test_deterministic():
    change = ResultDiff(base="main", head="HEAD", added_edges=[_edge("a", "b")])
    assert render_diff_markdown(change) == render_diff_markdown(change)


def test_truncated_unchanged_findings_still_close_their_details():
    findings = [_finding(f"svc-{i:05d}", message="x" * 200) for i in range(3000)]
    text = render_diff_markdown(ResultDiff(base="main", head="HEAD", unchanged_findings=findings),
                                max_chars=20_000)
    assert len(text) <= 20_000
    assert text.count("<details>") == text.count("</details>") == 1
    assert text.index("more rows_") < text.index("</details>")


def test_the_diagram_marks_added_removed_and_cycle_edges():
    change = ResultDiff(base="main", head="HEAD", added_edges=[_edge("b", "a")],
                        removed_edges=[_edge("c", "a")], context_edges=[_edge("a", "b")],
                        new_cycles=[["a", "b"]])
    text = render_diff_markdown(change)
    block = text[text.index("```mermaid"):]
    assert 'n1 ==>|added http| n0' in block and 'n2 -.->|removed http| n0' in block
    assert "n0 -->|http| n1" in block
    assert "linkStyle 0 stroke:#d73a49,stroke-width:3px" in block
    assert "linkStyle 1 stroke:#6e7781,stroke-width:2px" in block
    assert "linkStyle 2 stroke:#d73a49,stroke-width:1px" in block
