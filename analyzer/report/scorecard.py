"""The readiness scorecard: a service x check table with a score per service and overall.

Pure renderers of `AuditResult.checks` (pass / fail / n/a per rule and service) in text
(aligned columns), JSON and Markdown; the scores come from `AuditResult.score`, so every
format shows the same numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from analyzer.model import AuditResult

SCORECARD_VERSION = "1.0"
_MARKS = {"pass": "pass", "fail": "FAIL", "n/a": "-"}


def render_scorecard_text(result: AuditResult) -> str:
    """Aligned columns: one row per service, one column per check, then the score."""
    rules, services, table = _table(result)
    if not rules:
        return "no scorecard checks ran (no rule of a scorecard pack reports its scope)\n"
    header = ["service", *rules, "score"]
    rows = [[s, *(_MARKS[table[s].get(r, "n/a")] for r in rules), _pct(result.score(s))]
            for s in services]
    rows.append(["overall", *([""] * len(rules)), _pct(result.score())])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]
    return "\n".join(lines) + "\n"


def render_scorecard_markdown(result: AuditResult) -> str:
    """A Markdown table for pull-request comments and wikis."""
    rules, services, table = _table(result)
    out = ["# Readiness scorecard", ""]
    if not rules:
        return "\n".join([*out, "No scorecard checks ran.", ""])
    out += ["| service | " + " | ".join(f"`{r}`" for r in rules) + " | score |",
            "|---|" + "---|" * len(rules) + "---:|"]
    out += [f"| {s} | " + " | ".join(_MARKS[table[s].get(r, "n/a")] for r in rules)
            + f" | {_pct(result.score(s))} |" for s in services]
    out += ["", f"**Overall score: {_pct(result.score())}**", ""]
    return "\n".join(out)


def render_scorecard_json(result: AuditResult) -> str:
    """Deterministic document: checks per service, scores 0..100 (null when nothing applied)."""
    rules, services, table = _table(result)
    doc = {
        "schema_version": SCORECARD_VERSION,
        "rules": rules,
        "services": [{"service": s, "score": _score(result.score(s)),
                      "checks": dict(sorted(table[s].items()))} for s in services],
        "score": _score(result.score()),
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


SCORECARD_RENDERERS: dict[str, Callable[[AuditResult], str]] = {
    "json": render_scorecard_json,
    "markdown": render_scorecard_markdown,
    "text": render_scorecard_text,
}


def _table(result: AuditResult) -> tuple[list[str], list[str], dict[str, dict[str, str]]]:
    table: dict[str, dict[str, str]] = {}
    for check in result.checks:
        table.setdefault(check.service, {})[check.rule_id] = check.status
    rules = sorted({c.rule_id for c in result.checks})
    return rules, sorted(table), table


def _score(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"
