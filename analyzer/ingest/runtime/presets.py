"""Query presets: the PromQL that reads edges, RED, routes and saturation from one family of
metrics (a mesh, a trace-derived service graph, an instrumentation library).

Every query aggregates with `sum by (...)`, so the number of queries is fixed per preset and
never grows with the number of services. Templates are plain text with `$w` (the window),
`$r` (the rate range of a range query) and `$q` (a quantile); a preset names which labels
hold the caller, the callee, the serving service and the route (`Labels`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUANTILES = {"p50": "0.5", "p95": "0.95", "p99": "0.99"}
# roles: what a query's result means; the interpreter reads them by role
EDGE_ROLES = ("edge_rate", "edge_errors", "edge_p50", "edge_p95", "edge_p99", "edge_tcp")
SERVICE_ROLES = ("service_rate", "service_errors", "service_p50", "service_p95", "service_p99",
                 "service_peak")
SATURATION_ROLES = ("cpu", "memory", "throttling", "restarts")
RANGE_ROLES = frozenset({"service_peak"})
ROLES = (*EDGE_ROLES, *SERVICE_ROLES, "route_rate", *SATURATION_ROLES)


@dataclass(frozen=True)
class Labels:
    """Which labels name the caller, callee, serving service, its namespace, and the route."""

    source: str = "source"
    source_ns: str = ""
    target: str = "target"
    target_ns: str = ""
    service: str = "service"
    service_ns: str = ""
    route: str = ""
    method: str = ""
    protocol: str = ""


@dataclass(frozen=True)
class Preset:
    """A named family of metrics: the metric whose presence means data, and one query per role."""

    name: str
    detect: tuple[str, ...]
    labels: Labels
    queries: dict[str, str] = field(default_factory=dict)
    latency_factor: float = 1.0  # to milliseconds

    def promql(self, role: str, window: str, rate_range: str) -> str:
        text = self.queries[role]
        return text.replace("$w", window).replace("$r", rate_range)


def _red(metric: str, by: str, errors: str, bucket: str, extra: str = "", range_by: str = ""
         ) -> dict[str, str]:
    """rate, errors, quantiles (and, with range_by, the peak) of one counter/histogram pair."""
    sel = f"{{{extra}}}" if extra else ""
    err = f"{{{', '.join(x for x in (extra, errors) if x)}}}"
    prefix = "edge" if not range_by else "service"
    roles = {f"{prefix}_rate": f"sum by ({by}) (rate({metric}{sel}[$w]))",
             f"{prefix}_errors": f"sum by ({by}) (rate({metric}{err}[$w]))"}
    for name, q in QUANTILES.items():
        roles[f"{prefix}_{name}"] = (f"histogram_quantile({q}, sum by ({by}, le) "
                                     f"(rate({bucket}{sel}[$w])))")
    if range_by:
        roles["service_peak"] = f"sum by ({range_by}) (rate({metric}{sel}[$r]))"
    return roles


ISTIO_EDGE = ("source_workload, source_workload_namespace, destination_workload, "
              "destination_workload_namespace")
ISTIO_SERVICE = "destination_workload, destination_workload_namespace"
LINKERD_EDGE = "deployment, namespace, dst_deployment, dst_namespace"

ISTIO = Preset(
    "istio", ("istio_requests_total", "istio_tcp_connections_opened_total"),
    Labels(source="source_workload", source_ns="source_workload_namespace",
           target="destination_workload", target_ns="destination_workload_namespace",
           service="destination_workload", service_ns="destination_workload_namespace",
           protocol="request_protocol"),
    {**_red("istio_requests_total", f"{ISTIO_EDGE}, request_protocol", 'response_code=~"5.."',
            "istio_request_duration_milliseconds_bucket", 'reporter="destination"'),
     "edge_tcp": (f"sum by ({ISTIO_EDGE}) (rate(istio_tcp_connections_opened_total"
                  '{reporter="source"}[$w]))'),
     **_red("istio_requests_total", ISTIO_SERVICE, 'response_code=~"5.."',
            "istio_request_duration_milliseconds_bucket", 'reporter="destination"',
            range_by=ISTIO_SERVICE)})
LINKERD = Preset(
    "linkerd", ("response_total",),
    Labels(source="deployment", source_ns="namespace", target="dst_deployment",
           target_ns="dst_namespace", service="deployment", service_ns="namespace"),
    {**_red("response_total", LINKERD_EDGE, 'classification="failure"', "response_latency_ms_bucket",
            'direction="outbound"'),
     **_red("response_total", "deployment, namespace", 'classification="failure"',
            "response_latency_ms_bucket", 'direction="inbound"', range_by="deployment, namespace")})
SERVICEGRAPH = Preset(
    "servicegraph", ("traces_service_graph_request_total",),
    Labels(source="client", target="server", service="server"),
    {**_red("traces_service_graph_request_total", "client, server", "", 
            "traces_service_graph_request_server_seconds_bucket"),
     "edge_errors": "sum by (client, server) (rate(traces_service_graph_request_failed_total[$w]))",
     **_red("traces_service_graph_request_total", "server", "",
            "traces_service_graph_request_server_seconds_bucket", range_by="server"),
     "service_errors": "sum by (server) (rate(traces_service_graph_request_failed_total[$w]))"},
    latency_factor=1000.0)
SPANMETRICS = Preset(
    "spanmetrics", ("calls_total",),
    Labels(service="service_name", route="span_name"),
    {**_red("calls_total", "service_name", 'status_code="STATUS_CODE_ERROR"',
            "duration_milliseconds_bucket", 'span_kind="SPAN_KIND_SERVER"',
            range_by="service_name"),
     "route_rate": ('sum by (service_name, span_name) (rate(calls_total'
                    '{span_kind="SPAN_KIND_SERVER"}[$w]))')})
SPRING = Preset(
    "spring-micrometer", ("http_server_requests_seconds_count", "http_client_requests_seconds_count"),
    Labels(source="application", target="clientName", service="application", route="uri",
           method="method"),
    {**_red("http_client_requests_seconds_count", "application, clientName",
            'outcome="SERVER_ERROR"', "http_client_requests_seconds_bucket"),
     **_red("http_server_requests_seconds_count", "application", 'outcome="SERVER_ERROR"',
            "http_server_requests_seconds_bucket", range_by="application"),
     "route_rate": ("sum by (application, uri, method) "
                    "(rate(http_server_requests_seconds_count[$w]))")},
    latency_factor=1000.0)
KUBERNETES = Preset(  # cAdvisor and kube-state-metrics: saturation and restarts for any preset
    "kubernetes", ("container_cpu_usage_seconds_total", "kube_pod_container_status_restarts_total"),
    Labels(service="container", service_ns="namespace"),
    {"cpu": ('sum by (namespace, container) (rate(container_cpu_usage_seconds_total'
             '{container!="", container!="POD"}[$w])) / sum by (namespace, container) '
             '(avg_over_time(kube_pod_container_resource_limits{resource="cpu"}[$w]))'),
     "memory": ('max by (namespace, container) (max_over_time(container_memory_working_set_bytes'
                '{container!="", container!="POD"}[$w])) / max by (namespace, container) '
                '(max_over_time(kube_pod_container_resource_limits{resource="memory"}[$w]))'),
     "throttling": ('sum by (namespace, container) (rate(container_cpu_cfs_throttled_periods_total'
                    '[$w])) / sum by (namespace, container) (rate(container_cpu_cfs_periods_total[$w]))'),
     "restarts": ('sum by (namespace, container) '
                  '(increase(kube_pod_container_status_restarts_total[$w]))')})

PRESETS: dict[str, Preset] = {p.name: p for p in (ISTIO, LINKERD, SERVICEGRAPH, SPANMETRICS,
                                                  SPRING, KUBERNETES)}
PRESET_CHOICES = ("auto", *sorted(PRESETS), "custom")


def custom_preset(queries: dict[str, str], labels: Labels) -> Preset:
    """The user's own PromQL per role (`prometheus.custom` in archgov.yml)."""
    return Preset("custom", (), labels, dict(sorted(queries.items())))


def detection_names() -> list[str]:
    """Every metric name whose presence selects a preset, for the one detection query."""
    return sorted({name for p in PRESETS.values() for name in p.detect})
