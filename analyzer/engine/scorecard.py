"""The readiness scorecard: one pass / fail / n/a per (rule, service).

A kind that can tell what it examined (`RuleKind.scope`) lets passes be counted: a service
in scope with no hit passes, a service with a hit fails, any other service is not
applicable. A kind without `scope` never shows up here, so a check that could not tell is
never counted as a pass.
"""

from __future__ import annotations

from collections.abc import Iterable

from analyzer.model import ServiceCheck


def checks_of(rule_id: str, in_scope: Iterable[str | None], failed: Iterable[str | None],
              services: Iterable[str]) -> list[ServiceCheck]:
    """The checks of one rule over `services` (sorted by service)."""
    scoped = {s for s in in_scope if s is not None}
    failing = {s for s in failed if s is not None}
    everyone = sorted(set(services) | failing)
    return [ServiceCheck(rule_id=rule_id, service=service,
                         status="fail" if service in failing else
                         "pass" if service in scoped else "n/a")
            for service in everyone]


def service_scores(checks: Iterable[ServiceCheck]) -> dict[str, float | None]:
    """Share of passed checks (0..100, one decimal) per service; None when none applied."""
    tally: dict[str, list[int]] = {}
    for check in checks:
        counts = tally.setdefault(check.service, [0, 0])
        if check.status != "n/a":
            counts[1] += 1
            counts[0] += check.status == "pass"
    return {s: (round(100 * p / n, 1) if n else None) for s, (p, n) in sorted(tally.items())}
