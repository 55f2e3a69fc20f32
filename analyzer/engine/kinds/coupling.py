"""Kinds about coupling: too many dependencies (fan-out), too many dependents (fan-in)."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from analyzer.engine.kinds.base import (EvalContext, Hit, Params, RuleKind, app_services,
                                         edge_evidence, is_infra_node, join)


class FanOutParams(Params):
    max: int = Field(6, ge=1, description="most distinct nodes a service may depend on")


class FanOut(RuleKind):
    """A service depending on more than `max` distinct nodes (services, datastores, topics)."""

    name = "fan-out"
    description = "A service that depends on too many distinct services, datastores or topics."
    subject_kind = "service"
    fields = frozenset({"service", "count", "max", "targets"})
    Params = FanOutParams

    def check(self, ctx: EvalContext, params: FanOutParams) -> Iterator[Hit]:
        for service in app_services(ctx):
            targets = sorted(t for t in ctx.graph.successors(service)
                             if t != service and not is_infra_node(ctx, t))
            if len(targets) > params.max:
                evidence = [ev for t in targets for ev in edge_evidence(ctx, service, t)]
                yield Hit(subject=service, evidence=evidence,
                          fields={"service": service, "count": len(targets),
                                  "max": params.max, "targets": join(targets)})


class FanInParams(Params):
    max: int = Field(8, ge=1, description="most distinct services that may depend on a service")


class FanIn(RuleKind):
    """A service that more than `max` distinct services depend on (directly or via a topic)."""

    name = "fan-in"
    description = "A service that too many distinct services depend on."
    subject_kind = "service"
    fields = frozenset({"service", "count", "max", "dependents"})
    Params = FanInParams

    def check(self, ctx: EvalContext, params: FanInParams) -> Iterator[Hit]:
        for service in app_services(ctx):
            dependents = sorted(ctx.services.predecessors(service))
            if len(dependents) > params.max:
                evidence = [ev for d in dependents for ev in edge_evidence(ctx, d, service)]
                yield Hit(subject=service, evidence=evidence,
                          fields={"service": service, "count": len(dependents),
                                  "max": params.max, "dependents": join(dependents)})
