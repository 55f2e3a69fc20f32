"""Baseline documents: deterministic, line-free, and every problem of a bad file listed."""

from __future__ import annotations

import json

import pytest

from analyzer.engine.baseline import baseline_document, parse_baseline
from analyzer.model import Finding, Location, Severity


def finding(subject, line):
    return Finding(rule_id="r", severity=Severity.WARNING, subject=subject, subject_kind="service",
                   message="m", location=Location(file="f.yml", line=line),
                   fingerprint=Finding.make_fingerprint("r", subject))


def test_document_is_sorted_deduplicated_and_has_no_line_numbers():
    text = baseline_document([finding("b", 9), finding("a", 3), finding("a", 4)])
    assert text == baseline_document([finding("a", 40), finding("b", 1)])
    doc = json.loads(text)
    assert [e["subject"] for e in doc["findings"]] == ["a", "b"]
    assert all(set(e) == {"fingerprint", "rule", "subject"} for e in doc["findings"])
    assert parse_baseline(doc) == {finding("a", 1).fingerprint: "r a",
                                   finding("b", 1).fingerprint: "r b"}


@pytest.mark.parametrize(("data", "message"), [
    ([], "not an archgov baseline"),
    ({"archgov_baseline": "2", "findings": []}, "not an archgov baseline"),
    ({"archgov_baseline": "1", "findings": {}}, "findings: must be a list"),
    ({"archgov_baseline": "1", "findings": [{"rule": "x"}, 3]},
     "findings.0.fingerprint: must be a non-empty string; findings.1.fingerprint"),
])
def test_bad_documents_say_what_is_wrong(data, message):
    with pytest.raises(ValueError, match=message):
        parse_baseline(data)
