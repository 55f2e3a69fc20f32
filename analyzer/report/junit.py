"""`--format junit`: the audit as a JUnit XML test report for CI test dashboards.

GitLab, Jenkins and most CI servers read `testsuites/testsuite/testcase/failure`. Each rule
is a suite; each (rule, subject) is a test case: a failure when the rule found something about
the subject, a pass for each scorecard check that passed, skipped for a check that did not
apply, and one passing case per evaluated rule that found nothing and reported no checks.
No timestamps or durations, so the file is byte-identical across runs.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from analyzer.model import AuditResult, Finding, RuleInfo
from analyzer.report.findings_json import sorted_findings

NO_FINDINGS = "(no findings)"


def render_junit(result: AuditResult) -> str:
    """The JUnit XML document of `result`."""
    findings: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in sorted_findings(result.findings):
        findings[finding.rule_id][finding.subject].append(finding)
    checks: dict[str, dict[str, str]] = defaultdict(dict)
    for check in result.checks:
        checks[check.rule_id][check.service] = check.status
    root = ET.Element("testsuites", name="archgov")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for rule_id in sorted({*result.rules_evaluated, *findings, *checks}):
        suite = _suite(rule_id, result.rule(rule_id), findings[rule_id], checks[rule_id])
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("skipped", str(totals["skipped"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(rule_id: str, info: RuleInfo | None, found: dict[str, list[Finding]],
           checks: dict[str, str]) -> ET.Element:
    suite = ET.Element("testsuite", name=rule_id)
    classname = f"archgov.{info.pack}.{rule_id}" if info and info.pack else f"archgov.{rule_id}"
    failures = skipped = 0
    subjects = sorted({*found, *checks})
    for subject in subjects:
        case = ET.SubElement(suite, "testcase", classname=classname, name=_clean(subject))
        if found.get(subject) or checks.get(subject) == "fail":
            failures += 1
            case.append(_failure(found.get(subject, []), info))
        elif checks.get(subject) == "n/a":
            skipped += 1
            ET.SubElement(case, "skipped", message="not applicable")
    if not subjects:
        ET.SubElement(suite, "testcase", classname=classname, name=NO_FINDINGS)
    tests = max(len(subjects), 1)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def _failure(found: list[Finding], info: RuleInfo | None) -> ET.Element:
    first = found[0] if found else None
    message = first.message if first else f"{info.title if info else 'check'} failed"
    element = ET.Element("failure", message=_clean(message),
                         type=first.severity.value if first else "fail")
    lines = []
    for finding in found:
        where = finding.location.file or ""
        if where and finding.location.line:
            where += f":{finding.location.line}"
        lines.append(f"[{finding.severity.value}] {finding.message}" + (f" ({where})" if where else ""))
        lines += [f"  evidence: {e.file or ''}{':' + str(e.line) if e.line else ''} {e.detail}".rstrip()
                  for e in finding.evidence]
    if info and info.remediation:
        lines.append(f"fix: {info.remediation}")
    element.text = _clean("\n".join(lines))
    return element


def _clean(text: str) -> str:
    """XML 1.0 cannot hold control characters or lone surrogates: replace them."""
    return "".join(c if (c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd"
                         or c >= "\U00010000") else "\ufffd" for c in text)
