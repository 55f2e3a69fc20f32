"""Edge classes, unknown names, inbound rates, critical paths and the impact ranking."""

from __future__ import annotations

import pytest

from analyzer.analysis import compute_metrics
from analyzer.analysis.runtime import (CONFIRMED, RUNTIME_ONLY, STATIC_ONLY, critical_paths,
                                       edge_class, inbound_rates, service_impact, summarize,
                                       unknown_names)
from analyzer.model import Edge, EdgeKind, Evidence, Origin, Service, SystemModel
from analyzer.model.runtime import EdgeTraffic, Latency, RuntimeSource, ServiceRed

RUN = Evidence(origin=Origin.RUNTIME, detail="istio http")
MAN = Evidence(origin=Origin.MANIFEST, file="compose.yml", line=3)


def flow(source, target, rate=1.0, p95=None, protocol="http"):
    return EdgeTraffic(source=source, target=target, rate=rate, protocol=protocol,
                       latency=Latency(p95=p95), preset="istio")


def shop() -> SystemModel:
    services = [Service(id=s, entry_points=["published-port"] if s == "gw" else [])
                for s in ("gw", "web", "api", "slow", "fast", "db-proxy")]
    flows = [flow("gw", "web", 10, 50), flow("web", "api", 5, 300), flow("web", "fast", 5, 20),
             flow("api", "slow", 2, 900), flow("api", "fast", 2, 30), flow("slow", "web", 1, 999),
             flow("ghost", "api", 0.5, 10), flow("api", "db-proxy", 3, None, "tcp")]
    edges = [Edge(source=f.source, target=f.target, kind=EdgeKind.HTTP, evidence=[RUN, MAN])
             for f in flows if f.source != "ghost"]
    edges.append(Edge(source="fast", target="api", kind=EdgeKind.HTTP, evidence=[MAN]))
    reds = [ServiceRed(service=s, rate=r, latency=Latency(p95=p)) for s, r, p in
            (("web", 11, 60), ("api", 5.5, 350), ("slow", 2, 900), ("fast", 7, 25))]
    return SystemModel(services=services, edges=edges, runtime_edges=flows,
                       runtime_services=reds,
                       runtime_sources=[RuntimeSource(source="x", window="7d", queries=17)])


def test_edge_classes():
    assert edge_class([RUN, MAN]) == CONFIRMED
    assert edge_class([RUN]) == RUNTIME_ONLY
    assert edge_class([MAN]) == STATIC_ONLY
    assert edge_class([]) == STATIC_ONLY


def test_unknown_names_and_inbound_rates():
    model = shop()
    assert unknown_names(model) == {"ghost": 0.5}
    rates = inbound_rates(model)
    assert rates["api"] == 5.5 and rates["fast"] == 7 and "gw" not in rates


def test_critical_path_follows_the_slowest_call_and_never_loops():
    [path] = critical_paths(shop())
    assert path.entry == "gw"
    assert path.services == ["gw", "web", "api", "slow"]  # slow -> web would revisit web
    assert path.hops_p95 == [50, 300, 900] and path.latency == 900


def test_impact_ranks_busy_slow_central_services_first():
    model = shop()
    rows = service_impact(model, compute_metrics(model))
    assert [r.service for r in rows][:2] == ["api", "slow"]
    api = rows[0]
    assert api.impact == pytest.approx(5.5 * 0.35 * (1 + api.blast_radius))
    assert api.blast_radius == compute_metrics(model).for_service("api").blast_radius > 0
    assert all(a.impact >= b.impact for a, b in zip(rows, rows[1:]))


def test_summary_only_with_runtime_facts():
    model = shop()
    summary = summarize(model, compute_metrics(model))
    assert (summary.confirmed, summary.runtime_only, summary.static_only) == (7, 0, 1)
    assert summary.queries == 17
    bare = model.model_copy(update={"runtime_sources": []})
    assert summarize(bare, compute_metrics(bare)) is None
