"""The `presence` kind: something must exist for every service (a CI pipeline that builds,
tests and builds its image; migrations where it owns a database; an alert rule; a scrape
config; a dashboard where Grafana runs; log shipping; a gateway route in front of it).

A resource is *about* a service when its `service` is that service or its `services` fact
lists it. A required fact holds for a service when the resource's fact is true or is a list
naming the service (a pipeline's `tests: [orders, payments]`). With `match: any` the facts
may come from different resources (one workflow tests, another builds the image); with
`match: all` every resource about the service must have them all on its own (every route
to it has TLS), and a service no resource is about is not examined. Infrastructure is never a
subject; `scope()` lists the services examined, so passes count on the scorecard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any, Literal

from pydantic import Field

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope, join
from analyzer.model import DatastoreCategory, EdgeKind, Evidence, Origin, Resource, ServiceRole

class PresenceParams(Params):
    resources: list[str] = Field(default_factory=lambda: ["CIPipeline"],
                                 description="resource kinds that count (any of them)")
    require: list[str] = Field(default_factory=list,
                               description="facts that must hold for the service (true, or a "
                                           "list naming it)")
    match: Literal["any", "all"] = Field("any", description="any: the facts may come from "
                                         "different resources; all: every resource about the "
                                         "service must have them")
    where: dict[str, Any] = Field(default_factory=dict,
                                  description="only resources whose facts equal these count")
    owns_database: bool = Field(False, description="examine only services that use a database")
    exposed_by: list[str] = Field(default_factory=list,
                                  description="examine only services with one of these entry "
                                              "points (published-port, service-type-NodePort)")
    satisfied_by: list[str] = Field(default_factory=list,
                                    description="entry points that count as presence "
                                                "(ingress-backend)")
    when_images: list[str] = Field(default_factory=list,
                                   description="examine only when a node runs one of these "
                                               "images or names (grafana)")
    roles: list[ServiceRole] = Field(default_factory=lambda: [ServiceRole.SERVICE],
                                     description="service roles that are subjects")
    ignore: list[str] = Field(default_factory=list,
                              description="glob patterns of service ids never reported")


class Presence(RuleKind):
    """One hit per examined service that lacks the required resource or facts."""

    name = "presence"
    description = "Something that must exist for every service: a resource with given facts."
    subject_kind = "service"
    fields = frozenset({"service", "resource", "missing", "found"})
    Params = PresenceParams

    def check(self, ctx: EvalContext, params: PresenceParams) -> Iterator[Hit]:
        about = _about(ctx, params)
        for scope in self.scope(ctx, params):
            sid = scope.service
            service = ctx.model.service(sid)
            if service and set(service.entry_points) & set(params.satisfied_by):
                continue  # present by its entry point (an Ingress backend)
            mine = about.get(sid, [])
            missing = _missing(sid, mine, params)
            if missing is None:
                continue
            lacking = [r for r in mine if params.match == "any"
                       or any(not _holds(r, f, sid) for f in params.require)]
            evidence = [Evidence(origin=Origin.MANIFEST, file=r.file, line=r.line,
                                 detail=f"{r.kind} {r.name}"[:200]) for r in lacking]
            if not evidence:  # nothing about the service at all: point at its declaration
                evidence = [e for e in (service.declared_in if service else []) if e.file]
            yield Hit(subject=sid, service=sid, evidence=evidence, fields={
                "service": sid, "resource": " or ".join(params.resources),
                "missing": join(missing or params.require) or " or ".join(params.resources),
                "found": len(mine)})

    def scope(self, ctx: EvalContext, params: PresenceParams) -> Iterator[Scope]:
        if params.when_images and not _image_present(ctx, params.when_images):
            return
        about = _about(ctx, params) if params.match == "all" else {}
        owners = _database_users(ctx) if params.owns_database else set()
        for service in sorted(ctx.model.services, key=lambda s: s.id):
            if service.role not in params.roles:
                continue
            if any(fnmatchcase(service.id, p) for p in params.ignore):
                continue
            if params.owns_database and service.id not in owners:
                continue
            if params.exposed_by and not set(service.entry_points) & set(params.exposed_by):
                continue
            if params.match == "all" and not about.get(service.id) and \
                    not set(service.entry_points) & set(params.satisfied_by):
                continue
            yield Scope(service=service.id, subject=service.id)


def _about(ctx: EvalContext, params: PresenceParams) -> dict[str, list[Resource]]:
    """service -> the resources of the wanted kinds (and `where` facts) about it."""
    found: dict[str, list[Resource]] = defaultdict(list)
    kinds = set(params.resources)
    for resource in ctx.model.resources:
        if resource.kind not in kinds:
            continue
        if any(resource.facts.get(k) != v for k, v in params.where.items()):
            continue
        names = set(resource.facts.get("services") or []) if isinstance(
            resource.facts.get("services"), list) else set()
        if resource.service:
            names.add(resource.service)
        for name in names:
            found[str(name)].append(resource)
    return found


def _missing(service: str, resources: list[Resource], params: PresenceParams) -> list[str] | None:
    """None when the service passes, else the facts (or [] for the resource) it lacks."""
    if not resources:
        return []
    if params.match == "any":
        lacking = [f for f in params.require if not any(_holds(r, f, service) for r in resources)]
        return lacking or None
    lacking = sorted({f for r in resources for f in params.require if not _holds(r, f, service)})
    return lacking or None


def _holds(resource: Resource, fact: str, service: str) -> bool:
    value = resource.facts.get(fact)
    if isinstance(value, list):
        return service in value
    return value is True or (bool(value) and not isinstance(value, (bool, dict)))


def _database_users(ctx: EvalContext) -> set[str]:
    stores = {d.id for d in ctx.model.datastores if d.category == DatastoreCategory.DB}
    return {e.source for e in ctx.model.edges if e.kind == EdgeKind.DB and e.target in stores}


def _image_present(ctx: EvalContext, names: list[str]) -> bool:
    wanted = {n.lower() for n in names}
    for service in ctx.model.services:
        words = {service.id.lower()}
        if service.image:
            ref = service.image.lower().split("@", 1)[0]
            words.add(ref.rsplit("/", 1)[-1].split(":", 1)[0])
        if words & wanted:
            return True
    return False
