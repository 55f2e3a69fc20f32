"""The findings chart: bars per rule stacked by severity, linked to the filtered table."""

import xml.etree.ElementTree as ET

from report_sample import sample_findings

from analyzer.model import Finding, Location, Severity
from analyzer.report.findings_chart import MAX_RULES, findings_svg

SVG = "{http://www.w3.org/2000/svg}"


def _finding(rule: str, severity: Severity, subject: str) -> Finding:
    return Finding(rule_id=rule, severity=severity, subject=subject, subject_kind="service",
                   message="m", location=Location())


def test_one_bar_per_rule_most_findings_first_with_a_segment_per_severity():
    findings = [_finding("b-rule", Severity.WARNING, f"s{i}") for i in range(3)]
    findings += [_finding("a-rule", Severity.ERROR, "s1"), _finding("a-rule", Severity.INFO, "s2"),
                 _finding("c-rule", Severity.ERROR, "s1")]
    root = ET.fromstring(findings_svg(findings))
    bars = root.findall(f"{SVG}a")
    assert [b.get("data-rule") for b in bars] == ["b-rule", "a-rule", "c-rule"]
    assert [b.get("href") for b in bars][0] == "#findings?rule=b-rule"
    segments = [r.find(f"{SVG}title").text for r in bars[1].findall(f"{SVG}rect")]
    assert segments == ["a-rule: 1 error", "a-rule: 1 info"]
    widths = [float(b.find(f"{SVG}rect").get("width")) for b in bars]
    assert widths[0] > widths[2]  # 3 findings against 1


def test_no_findings_no_chart_and_many_rules_are_cut_with_a_note():
    assert findings_svg([]) is None
    many = [_finding(f"rule-{i:02d}", Severity.INFO, "s") for i in range(MAX_RULES + 4)]
    svg = findings_svg(many)
    assert len(ET.fromstring(svg).findall(f"{SVG}a")) == MAX_RULES
    assert "and 4 more rules with 4 findings" in svg


def test_names_are_escaped_and_the_bytes_stable():
    hostile = [_finding('<script>"x"</script>', Severity.ERROR, "s"), *sample_findings()]
    svg = findings_svg(hostile)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "%3Cscript%3E" in svg  # the link quotes it
    assert svg == findings_svg(list(reversed(hostile)))
    ET.fromstring(svg)
