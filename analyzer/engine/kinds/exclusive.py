"""The `exclusive` kind: a fact value only one service may own (no two services migrating
the same database schema, no two gateways claiming one host).

Resources of the wanted kinds are grouped by the value of one fact (`target` of
`Migrations`: `orders-db/public`); a value that two or more services' resources carry is one
hit, with every resource as evidence. Resources without the fact, or without a service, are
not examined.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from pydantic import Field

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope, join
from analyzer.model import Evidence, Origin, Resource


class ExclusiveParams(Params):
    resources: list[str] = Field(default_factory=lambda: ["Migrations"],
                                 description="resource kinds whose fact is compared")
    fact: str = Field("target", description="the fact whose value only one service may own")


class Exclusive(RuleKind):
    """One hit per fact value that resources of two or more services carry."""

    name = "exclusive"
    description = "A fact value (a migrated schema) that more than one service claims."
    subject_kind = "datastore"
    fields = frozenset({"value", "services", "count", "resource"})
    Params = ExclusiveParams

    def check(self, ctx: EvalContext, params: ExclusiveParams) -> Iterator[Hit]:
        for value, resources in sorted(_groups(ctx, params).items()):
            services = sorted({r.service for r in resources if r.service})
            if len(services) < 2:
                continue
            yield Hit(subject=value, salt=params.fact, evidence=[
                Evidence(origin=Origin.MANIFEST, file=r.file, line=r.line,
                         detail=f"{r.kind} {r.name} ({r.service})"[:200]) for r in resources],
                fields={"value": value, "services": join(services), "count": len(services),
                        "resource": " or ".join(params.resources)})

    def scope(self, ctx: EvalContext, params: ExclusiveParams) -> Iterator[Scope]:
        for value in sorted(_groups(ctx, params)):
            yield Scope(service=None, subject=value)


def _groups(ctx: EvalContext, params: ExclusiveParams) -> dict[str, list[Resource]]:
    kinds = set(params.resources)
    groups: dict[str, list[Resource]] = defaultdict(list)
    for resource in ctx.model.resources:
        value = resource.facts.get(params.fact)
        if resource.kind in kinds and resource.service and isinstance(value, str) and value:
            groups[value].append(resource)
    return groups
