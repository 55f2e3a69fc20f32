"""report.html as a review document: a strict CSP, the overview, scorecards, hotspots, focus."""

import base64
import hashlib
import re
from pathlib import Path

from click.testing import CliRunner
from report_sample import sample_result

from analyzer.cli import main
from analyzer.model import Finding, Location, ServiceCheck, Severity
from analyzer.model.history import FileComplexity, FileHistory
from analyzer.report import REPORTERS, GraphLimits
from analyzer.report.graphview import anchor
from analyzer.report.html import Focus, render_html
from analyzer.report.html_sections import finding_row

SHOP = Path(__file__).resolve().parents[2] / "fixtures" / "shop"


def _csp(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert match
    return match.group(1).replace("&#39;", "'")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_policy_admits_only_the_reports_own_script_and_style(result):
    html = REPORTERS["html"].render(result)
    policy = _csp(html)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert f"script-src {_hash(script)};" in policy and f"style-src {_hash(style)};" in policy
    assert "default-src 'none'" in policy and "unsafe" not in policy
    assert html.index("Content-Security-Policy") < html.index("<style>")  # in force before anything
    assert len(re.findall(r"<script\b", html)) == 2  # the other is type="application/json"


def test_overview_counts_the_findings_chart_and_the_legend(result):
    html = REPORTERS["html"].render(result)
    overview = html.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert 'class="findings-chart"' in overview and "Legend" in overview
    assert 'class="lg lg-service"' in overview and "origin-runtime" in overview
    assert "Readiness" not in overview and 'id="trends"' not in overview  # no checks, no history


def test_scorecards_show_each_services_checks_and_score(result):
    checks = [ServiceCheck(rule_id="probes-defined", service="orders", status="pass"),
              ServiceCheck(rule_id="limits-set", service="orders", status="fail"),
              ServiceCheck(rule_id="pdb-present", service="orders", status="n/a"),
              ServiceCheck(rule_id="probes-defined", service="payments", status="pass")]
    html = render_html(result.model_copy(update={"checks": checks}))
    overview = html.split('<section id="summary">', 1)[1].split("</section>", 1)[0]
    assert '<div class="num">67%</div><div class="label">Readiness</div>' in overview  # 2 of 3
    orders = html.split(f'<article id="{anchor("orders")}"', 1)[1].split("</article>", 1)[0]
    assert '<span class="num">50%</span>' in orders and "1 passed, 1 failed, 1 n/a" in orders
    assert orders.index("limits-set") < orders.index("pdb-present")  # failures first
    assert 'class="check check-na"' in orders
    gateway = html.split(f'<article id="{anchor("gateway")}"', 1)[1].split("</article>", 1)[0]
    assert "scorecard" not in gateway


def test_a_services_hotspots_are_listed_in_its_card(result):
    model = result.model.model_copy(update={
        "file_history": [FileHistory(file="services/orders/api.py", service="orders", revisions=9,
                                     added=120, deleted=30)],
        "complexity": [FileComplexity(file="services/orders/api.py", service="orders",
                                      language="python", tool="radon", cyclomatic=14, nloc=200)]})
    html = render_html(result.model_copy(update={"model": model}))
    orders = html.split(f'<article id="{anchor("orders")}"', 1)[1].split("</article>", 1)[0]
    assert "Hotspots" in orders and "<td>#1</td><td><code>services/orders/api.py</code></td>" in orders
    assert "<td>9</td><td>150</td><td>14</td>" in orders


def test_the_focus_is_embedded_and_preselects_the_depth(result):
    html = render_html(result, focus=Focus("orders", 3))
    assert '"focus":"orders"' in html and '"depth":3' in html
    assert '<option value="3" selected>3</option>' in html
    assert html != render_html(result)
    assert REPORTERS["html"].output(result, GraphLimits(), Focus("orders", 3)).text == html


def test_audit_focus_names_a_node_or_exits_2(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(main, ["audit", str(SHOP), "--out", str(tmp_path / "a"), "--no-code",
                               "--no-cache", "--fail-on", "never", "--focus", "orderz"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert "--focus orderz: no such node" in bad.output and "orders" in bad.output
    ok = runner.invoke(main, ["audit", str(SHOP), "--out", str(tmp_path / "b"), "--no-code",
                              "--no-cache", "--fail-on", "never", "--focus", "orders",
                              "--depth", "2", "--format", "html"])
    assert ok.exit_code == 0, ok.output
    assert '"focus":"orders"' in (tmp_path / "b" / "report.html").read_text()
    depth = runner.invoke(main, ["audit", str(SHOP), "--focus", "orders", "--depth", "4"])
    assert depth.exit_code == 2 and "1<=x<=3" in depth.output


def test_same_result_same_bytes():
    assert render_html(sample_result()) == render_html(sample_result())


def test_a_finding_names_the_nodes_of_its_subject():
    nodes = {"cart", "pricing", "payments", "orders"}

    def services(subject):
        return finding_row(Finding(rule_id="r", severity=Severity.INFO, subject=subject,
                                   subject_kind="x", message="m", location=Location()),
                           nodes)["services"]

    assert services("cart -> pricing -> cart") == ["cart", "pricing"]
    assert services("payments:10.12.4.7") == ["payments"]
    assert services("Deployment/orders") == ["orders"]
    assert services("k8s/other.yaml") == []
