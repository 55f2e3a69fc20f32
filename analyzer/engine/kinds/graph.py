"""The `graph` kind: dependency constraints between groups of services.

A group is a selector: a service-id glob (`billing-*`), `layer:<name>` (the globs under
`layers:` in config, e.g. `layers: {edge: [gateway*], core: [orders, billing]}`) or
`namespace:<ns>` or `label:<key>=<value>` (labels a manifest reader recorded in a Resource's
`facts.labels`). A rule lists any of: `forbidden` dependencies (from -> to must not exist),
`allowed` dependencies (when given, a dependency of a `from` group must match one of them),
`required` dependencies (each from-service must depend on some to-service), `acyclic` (no
cycle among the selected services) and `max_sync_depth` (longest synchronous call chain).
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope, edge_evidence


class Dependency(BaseModel):
    """A `from` group and a `to` group of services (selectors)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    source: str = Field(alias="from", min_length=1, max_length=200)
    target: str = Field(alias="to", min_length=1, max_length=200)


class GraphParams(Params):
    forbidden: list[Dependency] = Field(default_factory=list,
                                        description="dependencies that must not exist")
    allowed: list[Dependency] = Field(
        default_factory=list,
        description="when given, the only dependencies a service of a `from` group may have")
    required: list[Dependency] = Field(
        default_factory=list, description="each `from` service must depend on a `to` service")
    acyclic: bool = Field(False, description="no dependency cycle among `scope` services")
    max_sync_depth: int | None = Field(None, ge=1,
                                       description="longest synchronous call chain allowed")
    scope: str = Field("*", description="selector of the services this rule examines")


class GraphConstraint(RuleKind):
    """Forbidden, allowed-only and required dependencies, cycles and sync depth."""

    name = "graph"
    description = ("Dependency constraints between groups of services: forbidden, "
                   "allowed-only, required, acyclic, maximum synchronous depth.")
    subject_kind = "service"
    fields = frozenset({"service", "target", "reason", "subject"})
    Params = GraphParams

    def check(self, ctx: EvalContext, params: GraphParams) -> Iterator[Hit]:
        chosen = set(self._services(ctx, params))
        hits: list[Hit] = []
        for source, target in sorted(ctx.services.edges()):
            if source not in chosen or source == target:
                continue
            hits += self._edge_hits(ctx, params, source, target)
        for rule in params.required:
            targets = set(select(ctx, rule.target))
            for service in sorted(set(select(ctx, rule.source)) & chosen):
                if not targets & set(ctx.services.successors(service)) - {service}:
                    hits.append(Hit(subject=service, service=service,
                                    salt=f"required:{rule.target}",
                                    fields=_fields(service, rule.target,
                                                   f"must depend on {rule.target}")))
        if params.acyclic:
            hits += _cycles(ctx, chosen)
        if params.max_sync_depth is not None:
            for m in ctx.metrics.services:
                if m.service in chosen and m.sync_depth > params.max_sync_depth:
                    hits.append(Hit(subject=m.service, service=m.service, salt="sync-depth",
                                    fields=_fields(m.service, "", f"synchronous call chain of "
                                                   f"depth {m.sync_depth} (max "
                                                   f"{params.max_sync_depth})")))
        yield from sorted(hits, key=lambda h: (h.subject, h.salt))

    def scope(self, ctx: EvalContext, params: GraphParams) -> Iterator[Scope]:
        for service in self._services(ctx, params):
            yield Scope(service=service, subject=service)

    def _services(self, ctx: EvalContext, params: GraphParams) -> list[str]:
        return select(ctx, params.scope)

    def _edge_hits(self, ctx: EvalContext, params: GraphParams, source: str, target: str
                   ) -> list[Hit]:
        subject = f"{source} -> {target}"
        reasons = [f"forbidden dependency ({rule.source} -> {rule.target})"
                   for rule in params.forbidden
                   if matches(ctx, source, rule.source) and matches(ctx, target, rule.target)]
        governing = [r for r in params.allowed if matches(ctx, source, r.source)]
        if governing and not any(matches(ctx, target, r.target) for r in governing):
            reasons.append("not an allowed dependency (allowed: "
                           + ", ".join(sorted({r.target for r in governing})) + ")")
        return [Hit(subject=subject, service=source, salt=reason.split(" (")[0],
                    evidence=edge_evidence(ctx, source, target),
                    fields=_fields(source, target, reason, subject)) for reason in reasons]


def select(ctx: EvalContext, selector: str) -> list[str]:
    """The sorted service ids a selector names."""
    return sorted(s.id for s in ctx.model.services if matches(ctx, s.id, selector))


def matches(ctx: EvalContext, service: str, selector: str) -> bool:
    """True when `service` is in the group `selector`: a glob, layer:<name>, namespace:<ns>,
    or label:<key>[=<value glob>] (a `labels` mapping in the facts of one of its Resources)."""
    if selector.startswith("layer:"):
        globs = ctx.layers.get(selector.removeprefix("layer:"), ())
        return any(fnmatchcase(service, g) for g in globs)
    if selector.startswith("label:"):
        key, _, value = selector.removeprefix("label:").partition("=")
        return any(r.service == service and isinstance(r.facts.get("labels"), dict)
                   and key in r.facts["labels"]
                   and (not value or fnmatchcase(str(r.facts["labels"][key]), value))
                   for r in ctx.model.resources)
    if selector.startswith("namespace:"):
        wanted = selector.removeprefix("namespace:")
        return any(s.id == service and fnmatchcase(s.namespace or "", wanted)
                   for s in ctx.model.services)
    return fnmatchcase(service, selector)


def _cycles(ctx: EvalContext, chosen: set[str]) -> list[Hit]:
    sub = nx.DiGraph(ctx.services.subgraph(chosen))
    hits = []
    for members in sorted(sorted(c) for c in nx.strongly_connected_components(sub) if len(c) > 1):
        hits.append(Hit(subject=members[0], service=members[0], salt="cycle:" + ",".join(members),
                        fields=_fields(members[0], "", "in a dependency cycle: "
                                       + ", ".join(members))))
    return hits


def _fields(service: str, target: str, reason: str, subject: str | None = None) -> dict[str, str]:
    return {"service": service, "target": target, "reason": reason, "subject": subject or service}
