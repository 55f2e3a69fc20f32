"""Every preset's PromQL against a real Prometheus holding that preset's metric names and
labels: one call web -> api (2 req/s, 10% failing, median 40 ms) and the routes api serves."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from runtime_fixture import load

from analyzer.ingest.runtime import PrometheusSettings, read_runtime
from analyzer.model import Service, SystemModel

RATE, FAILING, MEDIAN_MS = 2.0, 0.1, 40.0
MS = (10, 25, 50, 100, 250, 1000)


def _families(start: float) -> list[tuple[str, str, list[tuple[str, dict, float]]]]:
    """(family, type, [(sample name, labels, per-second growth)]) of every preset."""
    def red(name, labels, ok, failed, key):
        return [(name, {**labels, key: ok}, RATE * (1 - FAILING)),
                (name, {**labels, key: failed}, RATE * FAILING)]

    def buckets(name, labels, scale):
        rows = [(name, {**labels, "le": f"{le / scale:g}"}, RATE * (1 - 2 ** (-le / MEDIAN_MS)))
                for le in MS]
        return rows + [(name, {**labels, "le": "+Inf"}, RATE)]

    web_api = {"deployment": "web", "namespace": "shop", "dst_deployment": "api",
               "dst_namespace": "shop", "direction": "outbound"}
    api_in = {"deployment": "api", "namespace": "shop", "direction": "inbound"}
    graph = {"client": "web", "server": "api"}
    span = {"service_name": "api", "span_name": "GET /orders", "span_kind": "SPAN_KIND_SERVER"}
    server = {"application": "api", "uri": "/orders", "method": "GET"}
    client = {"application": "web", "clientName": "api"}
    return [
        ("response", "counter", red("response_total", web_api, "success", "failure",
                                    "classification")
         + red("response_total", api_in, "success", "failure", "classification")),
        ("response_latency_ms", "histogram", buckets("response_latency_ms_bucket", web_api, 1)
         + buckets("response_latency_ms_bucket", api_in, 1)),
        ("traces_service_graph_request", "counter", [("traces_service_graph_request_total",
                                                      graph, RATE)]),
        ("traces_service_graph_request_failed", "counter", [
            ("traces_service_graph_request_failed_total", graph, RATE * FAILING)]),
        ("traces_service_graph_request_server_seconds", "histogram", buckets(
            "traces_service_graph_request_server_seconds_bucket", graph, 1000)),
        ("calls", "counter", red("calls_total", span, "STATUS_CODE_UNSET", "STATUS_CODE_ERROR",
                                 "status_code")),
        ("duration_milliseconds", "histogram", buckets("duration_milliseconds_bucket", span, 1)),
        ("http_server_requests_seconds", "histogram",
         red("http_server_requests_seconds_count", server, "SUCCESS", "SERVER_ERROR", "outcome")
         + buckets("http_server_requests_seconds_bucket", server, 1000)),
        ("http_client_requests_seconds", "histogram",
         red("http_client_requests_seconds_count", client, "SUCCESS", "SERVER_ERROR", "outcome")
         + buckets("http_client_requests_seconds_bucket", client, 1000)),
    ]


@pytest.fixture(scope="module")
def presets_prometheus(tmp_path_factory):
    server = load("server")
    if not server.available():
        pytest.skip("prometheus/promtool not installed (apt-get install prometheus)")
    work = tmp_path_factory.mktemp("presets")
    now = time.time()
    times = [now - 7200 + i * 600 for i in range(12)]
    lines = []
    for family, kind, rows in _families(times[0]):
        lines.append(f"# TYPE {family} {kind}")
        for name, labels, growth in rows:
            text = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
            lines += [f"{name}{{{text}}} {growth * (t - times[0]):.4f} {t:.3f}" for t in times]
    lines.append("# EOF")
    (work / "presets.om").write_text("\n".join(lines) + "\n", encoding="utf-8")
    server.backfill(work / "presets.om", work / "data")
    with server.serve(work / "data", work) as url:
        yield url, datetime.fromtimestamp(int(now), UTC)


def observe(url, end, preset):
    model = SystemModel(services=[Service(id="web"), Service(id="api")])
    settings = PrometheusSettings(url=url, window="1h", end=end, preset=[preset])
    return read_runtime(model, settings)


@pytest.mark.parametrize("preset,edges,routes", [
    ("linkerd", True, False), ("servicegraph", True, False), ("spanmetrics", False, True),
    ("spring-micrometer", True, True)])
def test_preset_reads_its_metrics(presets_prometheus, preset, edges, routes):
    url, end = presets_prometheus
    model = observe(url, end, preset)
    assert [d.render() for d in model.diagnostics] == []
    assert model.runtime_sources[0].presets == [preset]
    [red] = model.runtime_services
    assert red.service == "api" and red.known
    assert red.rate == pytest.approx(RATE, rel=0.2)
    assert red.error_ratio == pytest.approx(FAILING, rel=0.05)
    assert red.latency.p50 == pytest.approx(MEDIAN_MS, rel=0.35)
    assert red.latency.p50 < red.latency.p95 < red.latency.p99
    if edges:
        [flow] = model.runtime_edges
        assert (flow.source, flow.target) == ("web", "api")
        assert flow.error_ratio == pytest.approx(FAILING, rel=0.05)
        [edge] = model.edges
        assert {e.origin.value for e in edge.evidence} == {"runtime"}
    else:
        assert model.runtime_edges == []
    assert bool(model.runtime_routes) == routes
    if routes:
        assert model.runtime_routes[0].service == "api"
        assert model.runtime_routes[0].route in ("/orders", "GET /orders")


def test_auto_detects_every_preset_with_data(presets_prometheus):
    url, end = presets_prometheus
    model = observe(url, end, "auto")
    assert model.runtime_sources[0].presets == ["linkerd", "servicegraph", "spanmetrics",
                                                "spring-micrometer"]
