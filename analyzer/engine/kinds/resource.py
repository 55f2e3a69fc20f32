"""The `resource` kind: a declarative condition on one manifest object or Dockerfile.

`match` picks the resources a rule examines (kinds, name and label globs, `when` checks that
must hold, `unless` checks that exempt, a minimum fan-in of the resource's service for
"a service others depend on", and `unless_related`: exempt when another resource of the same
service meets checks, e.g. no Dockerfile HEALTHCHECK needed where Kubernetes probes exist).
`require` lists the checks (conditions.py) every matched resource must meet. One hit per
failing resource, naming each failed element: "deployment/cart: container cart has no
readinessProbe".
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope
from analyzer.engine.kinds.conditions import Check, failures
from analyzer.model import Evidence, Origin, Resource


class Related(BaseModel):
    """Resources of the same service that, when one meets `require`, exempt the resource."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: list[str] = Field(min_length=1, description="kinds of the related resources")
    require: list[Check] = Field(default_factory=list, description="checks one must meet")


class Match(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: list[str] = Field(default_factory=list, description="resource kinds examined (all if empty)")
    names: list[str] = Field(default_factory=list, description="name globs (all if empty)")
    labels: dict[str, str] = Field(default_factory=dict,
                                   description="label globs the object's labels must match")
    when: list[Check] = Field(default_factory=list, description="checks that must hold to examine")
    unless: list[Check] = Field(default_factory=list,
                                description="the resource is exempt when all of these hold")
    min_fan_in: int = Field(0, ge=0, description="only resources of services with this many "
                                                 "dependents (0: all)")
    unless_related: list[Related] = Field(default_factory=list,
                                          description="exempt when a related resource meets checks")


class ResourceParams(Params):
    match: Match = Field(default_factory=Match, description="which resources are examined")
    require: list[Check] = Field(default_factory=list, description="checks each must meet")


class ResourceCondition(RuleKind):
    """Checks on the facts of each matched resource; see the module docstring."""

    name = "resource"
    description = "Declarative checks on the facts of one manifest object or Dockerfile."
    subject_kind = "resource"
    fields = frozenset({"resource", "kind", "name", "namespace", "service", "file", "problems",
                        "count"})
    Params = ResourceParams

    def check(self, ctx: EvalContext, params: ResourceParams) -> Iterator[Hit]:
        for resource in self._examined(ctx, params):
            problems = [p for c in params.require for p in failures(c, resource.facts)]
            if problems:
                yield Hit(subject=resource_ref(resource),
                          fields={**resource_fields(resource), "problems": "; ".join(problems),
                                  "count": len(problems)},
                          evidence=[resource_evidence(resource)], service=resource.service)

    def scope(self, ctx: EvalContext, params: ResourceParams) -> Iterator[Scope]:
        for resource in self._examined(ctx, params):
            yield Scope(service=resource.service, subject=resource_ref(resource))

    def _examined(self, ctx: EvalContext, params: ResourceParams) -> Iterator[Resource]:
        match = params.match
        by_service: dict[str, list[Resource]] = {}
        for r in ctx.model.resources:
            if r.service:
                by_service.setdefault(r.service, []).append(r)
        for resource in sorted(ctx.model.resources, key=lambda r: (resource_ref(r), r.file)):
            if match.kinds and resource.kind not in match.kinds:
                continue
            if match.names and not any(fnmatchcase(resource.name, g) for g in match.names):
                continue
            labels = resource.facts.get("labels") if isinstance(resource.facts.get("labels"), dict) else {}
            if any(not fnmatchcase(str(labels.get(k, "")), g) for k, g in match.labels.items()):
                continue
            if any(failures(c, resource.facts) for c in match.when):
                continue
            if match.unless and not any(failures(c, resource.facts) for c in match.unless):
                continue
            if match.min_fan_in and fan_in(ctx, resource.service) < match.min_fan_in:
                continue
            if any(_related_holds(rel, by_service.get(resource.service or "", []), resource)
                   for rel in match.unless_related):
                continue
            yield resource


def fan_in(ctx: EvalContext, service: str | None) -> int:
    """How many services depend on `service` (0 when it is not in the service graph)."""
    if not service or service not in ctx.services:
        return 0
    return ctx.services.in_degree(service)


def resource_ref(resource: Resource) -> str:
    """`deployment/cart`, `deployment/shop/cart` outside the default namespace,
    `dockerfile/svc/Dockerfile` for a Dockerfile, `composeservice/web`."""
    kind = resource.kind.lower()
    if resource.kind == "Dockerfile":
        return f"{kind}/{resource.file}"
    if resource.namespace and resource.namespace != "default":
        return f"{kind}/{resource.namespace}/{resource.name}"
    return f"{kind}/{resource.name}"


def resource_fields(resource: Resource) -> dict[str, str]:
    return {"resource": resource_ref(resource), "kind": resource.kind, "name": resource.name,
            "namespace": resource.namespace or "", "service": resource.service or "",
            "file": resource.file}


def resource_evidence(resource: Resource) -> Evidence:
    return Evidence(origin=Origin.MANIFEST, file=resource.file, line=resource.line,
                    detail=f"{resource.kind} {resource.name}")


def _related_holds(related: Related, peers: list[Resource], resource: Resource) -> bool:
    return any(peer is not resource and peer.kind in related.kinds
               and not any(failures(c, peer.facts) for c in related.require) for peer in peers)
