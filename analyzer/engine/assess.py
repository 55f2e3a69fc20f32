"""Judge a model and apply the project's policy: the full verdict of an audit.

`judge` gives the raw findings of each rule; `assess` adds what a team expects from a
governance tool: blast-radius escalation, the readiness scorecard (passes from each kind's
`scope`), inline suppressions, config ignores (expired ones become findings, unmatched ones
are reported as stale) and a baseline (unmatched entries reported as stale). Suppressed
findings are kept, with why, so reports can count them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from analyzer.engine.judge import RuleEvaluationError
from analyzer.engine.kinds import KINDS, EvalContext, Hit
from analyzer.engine.policy import Policy, raised
from analyzer.engine.rule import Rule
from analyzer.engine.scorecard import checks_of
from analyzer.engine.suppressions import INLINE_KIND, index_marks, inline_findings, inline_match
from analyzer.model import (Diagnostic, Finding, GraphMetrics, Location, ServiceCheck, Severity,
                            Suppressed, SystemModel)

EXPIRED_IGNORE = "expired-ignore"


@dataclass
class Assessment:
    """The verdict: findings that count, what was suppressed, the scorecard, stale entries."""

    findings: list[Finding] = field(default_factory=list)
    evaluated: list[str] = field(default_factory=list)
    checks: list[ServiceCheck] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    stale_baseline: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def assess(model: SystemModel, metrics: GraphMetrics, rules: Iterable[Rule],
           policy: Policy | None = None) -> Assessment:
    """Evaluate every enabled rule and apply `policy` (see the module docstring)."""
    policy = policy or Policy()
    ctx = EvalContext.build(model, metrics, policy.layers)
    out = Assessment()
    found: dict[str, Finding] = {}
    for rule in sorted((r for r in rules if r.enabled), key=lambda r: r.id):
        kind = KINDS.get(rule.kind)
        if kind is None:
            raise RuleEvaluationError(rule.id, LookupError(f"unknown kind '{rule.kind}'"))
        try:
            pairs = list(kind.evaluate_hits(ctx, rule))
            scope = None
            if rule.pack in policy.scorecard_packs:
                params = kind.Params.model_validate(rule.params)
                scope = kind.scope(ctx, params)
                scope = None if scope is None else list(scope)
        except Exception as err:  # noqa: BLE001 - re-raised with the rule named
            raise RuleEvaluationError(rule.id, err) from err
        for hit, finding in pairs:
            found.setdefault(finding.fingerprint, _escalated(rule, hit, finding, metrics, policy))
        if scope is not None:
            out.checks += checks_of(rule.id, [s.service for s in scope],
                                    [h.service for h, _ in pairs],
                                    sorted(s.id for s in model.services))
        out.evaluated.append(rule.id)
    findings = sorted(found.values(), key=Finding.sort_key)
    findings = _inline(model, findings, out)
    findings = _ignores(findings, policy, out)
    findings = _baseline(findings, policy, out)
    out.findings = sorted(findings, key=Finding.sort_key)
    out.checks.sort(key=lambda c: (c.service, c.rule_id))
    out.suppressed.sort(key=lambda s: (s.by, *s.finding.sort_key()))
    return out


def _escalated(rule: Rule, hit: Hit, finding: Finding, metrics: GraphMetrics,
               policy: Policy) -> Finding:
    spec = policy.escalation
    if spec is None or not spec.enabled or rule.pack not in spec.packs or hit.service is None:
        return finding
    service = metrics.for_service(hit.service)
    if service is None or service.blast_radius < spec.blast_radius:
        return finding
    severity = raised(finding.severity, spec.to)
    if severity == finding.severity:
        return finding
    why = (f" (raised to {severity.value}: {service.blast_radius} services depend on "
           f"{hit.service} transitively)")
    return finding.model_copy(update={"severity": severity, "message": finding.message + why})


def _inline(model: SystemModel, findings: list[Finding], out: Assessment) -> list[Finding]:
    marks = [r for r in model.resources if r.kind == INLINE_KIND]
    index = index_marks(marks)
    kept = []
    for finding in findings:
        mark = inline_match(index, finding)
        if mark is not None and mark.facts.get("reason"):
            out.suppressed.append(Suppressed(by="inline", reason=str(mark.facts["reason"]),
                                             finding=finding))
        else:
            kept.append(finding)
    return kept + inline_findings(marks)


def _ignores(findings: list[Finding], policy: Policy, out: Assessment) -> list[Finding]:
    today = policy.today or dt.datetime.now(dt.UTC).date()
    kept, extra, used = [], [], set()
    active = [(i, spec) for i, spec in enumerate(policy.ignores)
              if spec.expires is None or spec.expires >= today]
    for index, spec in enumerate(policy.ignores):
        if spec.expires is not None and spec.expires < today:
            used.add(index)
            subject = f"ignores.{index}: {spec.rule} {spec.subject}"
            extra.append(Finding(
                rule_id=EXPIRED_IGNORE, severity=Severity.WARNING, subject=subject,
                subject_kind="ignore", location=Location(),
                message=f"the ignore of {spec.rule} on {spec.subject} expired on "
                        f"{spec.expires.isoformat()} ({spec.reason}); fix the findings or "
                        "renew the ignore with a new date",
                fingerprint=Finding.make_fingerprint(EXPIRED_IGNORE, subject)))
    for finding in findings:
        match = next(((i, s) for i, s in active if fnmatchcase(finding.rule_id, s.rule)
                      and fnmatchcase(finding.subject, s.subject)), None)
        if match is None:
            kept.append(finding)
            continue
        used.add(match[0])
        out.suppressed.append(Suppressed(by="ignore", reason=match[1].reason, finding=finding))
    for index, spec in enumerate(policy.ignores):
        if index not in used:
            out.diagnostics.append(Diagnostic(
                severity=Severity.WARNING, code="stale-ignore",
                message=f"ignores.{index}: rule '{spec.rule}' subject '{spec.subject}' matched "
                        "no finding; remove it"))
    return kept + extra


def _baseline(findings: list[Finding], policy: Policy, out: Assessment) -> list[Finding]:
    if policy.baseline is None:
        return findings
    kept, matched = [], set()
    for finding in findings:
        if finding.fingerprint in policy.baseline:
            matched.add(finding.fingerprint)
            out.suppressed.append(Suppressed(by="baseline", finding=finding))
        else:
            kept.append(finding)
    out.stale_baseline = sorted(f"{fp} {label}" for fp, label in policy.baseline.items()
                                if fp not in matched)
    return kept
