"""Baselines: the findings a team accepts today, so a gate only fails on new ones.

A baseline entry is a finding's fingerprint (rule id, subject and a line-free salt — never a
line number, so it survives edits that move lines) with its rule id and subject for people
reading the file. `baseline_document` writes it; `parse_baseline` checks a parsed document
and returns fingerprint -> "rule-id subject", or a ValueError listing every problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from analyzer.model import Finding

BASELINE_VERSION = "1"
MAX_BASELINE_ENTRIES = 100_000


def baseline_document(findings: Iterable[Finding]) -> str:
    """The baseline JSON of `findings`, sorted, byte-identical across runs."""
    entries = sorted({f.fingerprint: {"fingerprint": f.fingerprint, "rule": f.rule_id,
                                      "subject": f.subject} for f in findings}.values(),
                     key=lambda e: (e["rule"], e["subject"], e["fingerprint"]))
    doc = {"archgov_baseline": BASELINE_VERSION, "findings": entries}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def parse_baseline(data: Any) -> dict[str, str]:
    """Fingerprint -> label of a parsed baseline document; ValueError with every problem."""
    if not isinstance(data, dict) or data.get("archgov_baseline") != BASELINE_VERSION:
        raise ValueError(f"not an archgov baseline (expected \"archgov_baseline\": "
                         f"\"{BASELINE_VERSION}\")")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise ValueError("findings: must be a list")
    if len(entries) > MAX_BASELINE_ENTRIES:
        raise ValueError(f"findings: more than {MAX_BASELINE_ENTRIES} entries")
    result, errors = {}, []
    for index, entry in enumerate(entries):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint:
            errors.append(f"findings.{index}.fingerprint: must be a non-empty string")
            continue
        result[fingerprint[:64]] = f"{str(entry.get('rule', ''))[:100]} " \
                                   f"{str(entry.get('subject', ''))[:200]}".strip()
        if len(errors) >= 20:
            break
    if errors:
        raise ValueError("; ".join(errors))
    return dict(sorted(result.items()))
