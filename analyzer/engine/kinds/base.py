"""What a rule kind is: typed params, the message fields it provides, and a check.

A kind's `check` yields `Hit`s (subject, message fields, evidence); `evaluate` turns them into
Findings the same way for every kind: the rule's effective severity, its message template
filled with the hit's fields, the first evidence with a file as location, and a fingerprint
from rule id, subject and a line-free salt.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import networkx as nx
from pydantic import BaseModel, ConfigDict

from analyzer.analysis.graph import INFRA, build_graph, service_graph
from analyzer.engine.rule import Rule
from analyzer.model import Evidence, Finding, GraphMetrics, Location, SystemModel


class Params(BaseModel):
    """Base of every kind's params: frozen, unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class EvalContext:
    """What every kind reads, built once per evaluation: the model, its metrics and graphs."""

    model: SystemModel
    metrics: GraphMetrics
    graph: nx.DiGraph
    services: nx.DiGraph
    layers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # layer -> service globs

    @classmethod
    def build(cls, model: SystemModel, metrics: GraphMetrics,
              layers: dict[str, tuple[str, ...]] | None = None) -> EvalContext:
        graph = build_graph(model)
        return cls(model=model, metrics=metrics, graph=graph,
                   services=service_graph(model, graph), layers=dict(layers or {}))


@dataclass(frozen=True)
class Hit:
    """One subject a kind found, with the fields its rule's message may use; `service` is the
    service the hit is about, when there is one (scorecards, blast-radius escalation)."""

    subject: str
    fields: dict[str, Any]
    evidence: list[Evidence] = field(default_factory=list)
    salt: str = ""
    service: str | None = None
    subject_kind: str | None = None  # when a kind's subjects differ (metric: service or file)


@dataclass(frozen=True, order=True)
class Scope:
    """One (service, subject) pair a rule examined: a pass unless a Hit has the same subject."""

    service: str | None
    subject: str


class RuleKind(ABC):
    """A rule kind: code with typed params, instantiated by rule files."""

    name: ClassVar[str]
    description: ClassVar[str]
    subject_kind: ClassVar[str]
    fields: ClassVar[frozenset[str]]
    Params: ClassVar[type[Params]] = Params

    def evaluate(self, ctx: EvalContext, rule: Rule) -> Iterator[Finding]:
        """The findings of `rule` on `ctx`, one per hit."""
        for _, finding in self.evaluate_hits(ctx, rule):
            yield finding

    def evaluate_hits(self, ctx: EvalContext, rule: Rule) -> Iterator[tuple[Hit, Finding]]:
        """Each hit of `rule` on `ctx` with its finding (the hit tells the service)."""
        params = self.Params.model_validate(rule.params)
        for hit in self.check(ctx, params):
            evidence = sorted(set(hit.evidence), key=Evidence.sort_key)
            first = next((e for e in evidence if e.file), None)
            yield hit, Finding(
                rule_id=rule.id,
                severity=rule.severity,
                subject=hit.subject,
                subject_kind=hit.subject_kind or self.subject_kind,
                message=rule.format_message(hit.fields),
                location=Location(file=first.file, line=first.line) if first else Location(),
                evidence=evidence,
                fingerprint=Finding.make_fingerprint(rule.id, hit.subject, hit.salt),
            )

    @abstractmethod
    def check(self, ctx: EvalContext, params: Any) -> Iterable[Hit]:
        """Yield one Hit per offending subject, in sorted order."""

    def scope(self, ctx: EvalContext, params: Any) -> Iterable[Scope] | None:
        """The (service, subject) pairs this rule examines, passes included; None when the kind
        cannot tell (its rules then have no pass/fail scorecard entry)."""
        return None


def edge_evidence(ctx: EvalContext, source: str, target: str) -> list[Evidence]:
    """Evidence of the dependency source -> target, following topics for derived edges."""
    found: list[Evidence] = []
    pairs = [(source, target)]
    if ctx.services.has_edge(source, target):
        for topic in ctx.services.edges[source, target].get("via", []):
            pairs += [(source, topic), (topic, target)]
    for a, b in pairs:
        if ctx.graph.has_edge(a, b):
            for edge in ctx.graph.edges[a, b]["edges"]:
                found.extend(edge.evidence)
    return found


def app_services(ctx: EvalContext) -> list[str]:
    """Ids of the services that graph and readiness rules judge: infrastructure is left out."""
    return sorted(s.id for s in ctx.model.services if not s.is_infra)


def is_infra_node(ctx: EvalContext, node: str) -> bool:
    return ctx.graph.nodes[node].get("kind") == INFRA if node in ctx.graph else False


def join(items: Iterable[str]) -> str:
    return ", ".join(items)
