"""JUnit XML: one test case per rule and subject, failures for findings, parseable and stable."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analyzer.model import RuleInfo, ServiceCheck, Severity
from analyzer.report import REPORTERS
from analyzer.report.junit import NO_FINDINGS, render_junit


def _cases(text: str) -> dict[tuple[str, str], ET.Element]:
    root = ET.fromstring(text)
    return {(suite.get("name"), case.get("name")): case
            for suite in root.iter("testsuite") for case in suite.iter("testcase")}


def test_each_finding_is_a_failing_case_of_its_rule_suite(result):
    text = render_junit(result)
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    assert root.get("failures") == str(len(result.findings))
    cases = _cases(text)
    failure = cases[("no-sync-cycles", "orders -> payments")].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert "services/orders/pay.py:7" in failure.text
    assert [s.get("name") for s in root.iter("testsuite")] == sorted(result.rules_evaluated)


def test_a_rule_without_findings_is_one_passing_case(result):
    clean = result.model_copy(update={"findings": [f for f in result.findings
                                                    if f.rule_id != "fan-out-max"]})
    case = _cases(render_junit(clean))[("fan-out-max", NO_FINDINGS)]
    assert list(case) == []  # no failure, no skipped: a pass


def test_scorecard_checks_give_passes_failures_and_skips(result):
    checks = [ServiceCheck(rule_id="probes", service=s, status=st)
              for s, st in (("gateway", "pass"), ("orders", "fail"), ("inventory", "n/a"))]
    rules = [RuleInfo(id="probes", title="Liveness and readiness probes", category="readiness",
                      severity=Severity.WARNING, pack="readiness", remediation="Add probes.")]
    scored = result.model_copy(update={"checks": checks, "rules": rules,
                                       "rules_evaluated": [*result.rules_evaluated, "probes"]})
    text = render_junit(scored)
    cases = _cases(text)
    assert list(cases[("probes", "gateway")]) == []
    failed = cases[("probes", "orders")].find("failure")
    assert failed is not None and "Add probes." in failed.text
    assert cases[("probes", "inventory")].find("skipped") is not None
    suite = next(s for s in ET.fromstring(text).iter("testsuite") if s.get("name") == "probes")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    assert cases[("probes", "orders")].get("classname") == "archgov.readiness.probes"


def test_hostile_text_stays_well_formed_xml(result):
    text = render_junit(result)
    cases = _cases(text)
    assert ("image-tag-pinned", "<script>alert(1)</script>") in cases
    assert "<script>" not in text  # escaped by the XML writer


def test_junit_is_deterministic_and_registered(result):
    assert render_junit(result) == render_junit(result)
    assert REPORTERS["junit"].file_name == "junit.xml"
    assert "timestamp" not in render_junit(result)
