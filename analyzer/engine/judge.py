"""Evaluate rules against a model: the one place findings are produced.

A rule whose kind raises is never counted as a pass: `judge` stops with RuleEvaluationError
naming the rule, and the CLI reports it as an input/usage failure (exit 2). Silently dropping
the rule would let a broken check turn a failing gate green.
"""

from __future__ import annotations

from collections.abc import Iterable

from analyzer.engine.kinds import KINDS, EvalContext
from analyzer.engine.rule import Rule
from analyzer.model import Finding, GraphMetrics, SystemModel


class RuleEvaluationError(RuntimeError):
    """A rule could not be evaluated; its verdict is unknown, so the audit has no verdict."""

    def __init__(self, rule_id: str, cause: BaseException) -> None:
        super().__init__(f"rule '{rule_id}' could not be evaluated: "
                         f"{type(cause).__name__}: {cause}")
        self.rule_id = rule_id
        self.cause = cause


def judge(model: SystemModel, metrics: GraphMetrics,
          rules: Iterable[Rule]) -> tuple[list[Finding], list[str]]:
    """Findings of every enabled rule (sorted by Finding.sort_key) and the ids evaluated."""
    ctx = EvalContext.build(model, metrics)
    findings: dict[str, Finding] = {}
    evaluated = []
    for rule in sorted((r for r in rules if r.enabled), key=lambda r: r.id):
        kind = KINDS.get(rule.kind)
        if kind is None:
            raise RuleEvaluationError(rule.id, LookupError(f"unknown kind '{rule.kind}'"))
        try:
            produced = list(kind.evaluate(ctx, rule))
        except Exception as err:  # noqa: BLE001 - re-raised with the rule named
            raise RuleEvaluationError(rule.id, err) from err
        for finding in produced:
            findings.setdefault(finding.fingerprint, finding)
        evaluated.append(rule.id)
    return sorted(findings.values(), key=Finding.sort_key), evaluated
