"""The presence and exclusive kinds on small facts documents: which services are examined
(scope), which fail, with which missing facts, evidence and service."""

from __future__ import annotations

from analyzer.analysis import compute_metrics
from analyzer.engine.kinds import EvalContext
from analyzer.engine.kinds.exclusive import Exclusive, ExclusiveParams
from analyzer.engine.kinds.presence import Presence, PresenceParams
from analyzer.model import (Datastore, DatastoreCategory, Edge, EdgeKind, Evidence, Origin,
                            Resource, Service, ServiceRole, SystemModel)

DECLARED = [Evidence(origin=Origin.MANIFEST, file="docker-compose.yml", line=3)]


def _ctx(resources: list[Resource], **extra) -> EvalContext:
    model = SystemModel(services=[
        Service(id="orders", declared_in=DECLARED, entry_points=["published-port"]),
        Service(id="payments", declared_in=DECLARED),
        Service(id="web", declared_in=DECLARED, entry_points=["ingress-backend",
                                                              "published-port"]),
        Service(id="prometheus", image="prom/prometheus", role=ServiceRole.INFRA),
        Service(id="kong", image="kong:3", role=ServiceRole.GATEWAY,
                entry_points=["published-port"]),
    ], resources=resources, **extra)
    return EvalContext.build(model, compute_metrics(model))


def _run(kind, ctx, **params):
    parsed = kind.Params(**params)
    return list(kind.check(ctx, parsed)), list(kind.scope(ctx, parsed))


def _ci(file: str, **facts) -> Resource:
    return Resource(kind="CIPipeline", name=file, file=file, line=1, facts=facts)


def test_any_combines_facts_of_several_resources_and_names_what_is_missing():
    ctx = _ctx([_ci("a.yml", services=["orders", "payments"], builds=["orders", "payments"],
                    tests=["orders"]),
                _ci("b.yml", services=["orders"], images=["orders"])])
    hits, scope = _run(Presence(), ctx, resources=["CIPipeline"],
                       require=["builds", "tests", "images"])
    assert [s.service for s in scope] == ["orders", "payments", "web"]  # no infra, no gateway
    assert [(h.subject, h.service, h.fields["missing"]) for h in hits] == [
        ("payments", "payments", "tests, images"), ("web", "web", "builds, tests, images")]
    assert [(e.file, e.line) for e in hits[0].evidence] == [("a.yml", 1)]
    assert [(e.file, e.line) for e in hits[1].evidence] == [("docker-compose.yml", 3)]


def _route(name: str, service: str, **facts) -> Resource:
    return Resource(kind="GatewayRoute", name=name, file="kong.yml", line=len(name),
                    service=service, facts={"external": True, **facts})


def test_all_needs_every_resource_and_skips_services_without_any():
    ctx = _ctx([_route("a", "orders", tls=True), _route("bb", "orders", tls=False),
                _route("ccc", "payments", tls=True), _route("internal", "web", external=False)])
    hits, scope = _run(Presence(), ctx, resources=["GatewayRoute"], match="all",
                       require=["tls"], where={"external": True})
    assert [s.service for s in scope] == ["orders", "payments"]  # web: internal routes only
    assert [(h.subject, [(e.file, e.line) for e in h.evidence]) for h in hits] == [
        ("orders", [("kong.yml", 2)])]


def test_exposed_by_and_satisfied_by_entry_points():
    ctx = _ctx([_route("r", "payments")])
    hits, scope = _run(Presence(), ctx, resources=["GatewayRoute"],
                       exposed_by=["published-port"], satisfied_by=["ingress-backend"])
    assert [s.service for s in scope] == ["orders", "web"]  # kong is a gateway, not a subject
    assert [h.subject for h in hits] == ["orders"]  # web passes as an Ingress backend


def test_owns_database_and_when_images_limit_what_is_examined():
    ctx = _ctx([], datastores=[
        Datastore(id="db", technology="postgres", category=DatastoreCategory.DB),
        Datastore(id="cache", technology="redis", category=DatastoreCategory.CACHE)],
        edges=[Edge(source="payments", target="db", kind=EdgeKind.DB),
               Edge(source="orders", target="cache", kind=EdgeKind.CACHE)])
    hits, scope = _run(Presence(), ctx, resources=["Migrations"], owns_database=True)
    assert [s.service for s in scope] == ["payments"] and [h.subject for h in hits] == [
        "payments"]
    assert _run(Presence(), ctx, resources=["Dashboard"], when_images=["grafana"]) == ([], [])
    hits, _ = _run(Presence(), ctx, resources=["AlertRule"], when_images=["prometheus"],
                   ignore=["w*"])
    assert [h.subject for h in hits] == ["orders", "payments"]


def test_presence_through_the_services_fact_and_roles():
    ctx = _ctx([Resource(kind="ScrapeConfig", name="job", file="prometheus.yml", line=4,
                         facts={"services": ["orders", "kong"]})])
    hits, scope = _run(Presence(), ctx, resources=["ScrapeConfig"],
                       roles=[ServiceRole.SERVICE, ServiceRole.GATEWAY])
    assert [s.service for s in scope] == ["kong", "orders", "payments", "web"]
    assert [h.subject for h in hits] == ["payments", "web"]


def test_exclusive_reports_a_value_two_services_claim():
    def migrations(service: str, target: str | None) -> Resource:
        return Resource(kind="Migrations", name=f"{service}/db", file=f"{service}/V1__a.sql",
                        line=1, service=service, facts={"target": target})
    ctx = _ctx([migrations("orders", "db/public"), migrations("payments", "db/public"),
                migrations("web", "web-db/public"), migrations("kong", None)])
    hits, scope = _run(Exclusive(), ctx)
    assert [s.subject for s in scope] == ["db/public", "web-db/public"]
    assert [(h.subject, h.fields["services"], h.fields["count"]) for h in hits] == [
        ("db/public", "orders, payments", 2)]
    assert sorted(e.file for e in hits[0].evidence) == ["orders/V1__a.sql", "payments/V1__a.sql"]
    assert ExclusiveParams().fact == "target" and PresenceParams().match == "any"
