"""Facts observed at runtime: what Prometheus says the system does over a time window.

The runtime ingestor asks Prometheus a fixed number of aggregated queries (see
`ingest/runtime/`) and records, per observed edge, its request rate, error ratio and latency
quantiles (`EdgeTraffic`); per service its RED metrics (`ServiceRed`) and saturation
(`ServiceSaturation`); per served route its request rate (`RouteTraffic`); and what was
asked of which source (`RuntimeSource`). Names are service ids after label mapping, or the
raw runtime name when no service matched (`known` false). Rates are per second, ratios
0..1, latencies milliseconds; None means the metric was not available.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Latency(_Frozen):
    """Latency quantiles over the window, in milliseconds."""

    p50: float | None = None
    p95: float | None = None
    p99: float | None = None


class EdgeTraffic(_Frozen):
    """Observed calls from `source` to `target` (protocol http, grpc or tcp)."""

    source: str
    target: str
    protocol: str = "http"
    rate: float = 0.0
    error_ratio: float | None = None
    latency: Latency = Field(default_factory=Latency)
    preset: str = ""


class ServiceRed(_Frozen):
    """Inbound rate, error ratio and duration of one service, and its peak rate in the window."""

    service: str
    known: bool = True
    rate: float = 0.0
    peak_rate: float | None = None
    error_ratio: float | None = None
    latency: Latency = Field(default_factory=Latency)
    preset: str = ""


class ServiceSaturation(_Frozen):
    """Resource pressure of one service's containers: usage against limits, throttling, restarts.

    `cpu` and `memory` are the highest usage/limit ratio in the window (None without a limit),
    `throttling` the share of CPU periods throttled, `restarts` container restarts.
    """

    service: str
    cpu: float | None = None
    memory: float | None = None
    throttling: float | None = None
    restarts: float | None = None


class RouteTraffic(_Frozen):
    """Request rate of one route a service serves, where the metrics carry the route."""

    service: str
    method: str = ""
    route: str
    rate: float = 0.0
    preset: str = ""


class RuntimeSource(_Frozen):
    """Where runtime facts came from: a URL (credentials never recorded) or a snapshot file."""

    source: str
    window: str
    presets: list[str] = Field(default_factory=list)
    queries: int = 0
    captured_at: str | None = None  # the evaluation time of the queries (ISO-8601 UTC)


def sorted_runtime(edges: list[EdgeTraffic], services: list[ServiceRed],
                   saturation: list[ServiceSaturation], routes: list[RouteTraffic],
                   sources: list[RuntimeSource]) -> tuple[list, list, list, list, list]:
    """The runtime lists in their canonical order, one entry per key, the last one winning."""
    return (
        sorted({(e.source, e.target, e.protocol): e for e in edges}.values(),
               key=lambda e: (e.source, e.target, e.protocol)),
        sorted({s.service: s for s in services}.values(), key=lambda s: s.service),
        sorted({s.service: s for s in saturation}.values(), key=lambda s: s.service),
        sorted({(r.service, r.route, r.method): r for r in routes}.values(),
               key=lambda r: (r.service, r.route, r.method)),
        sorted((s.model_copy(update={"presets": sorted(set(s.presets))}) for s in sources),
               key=lambda s: (s.source, s.window)),
    )


class CriticalPath(_Frozen):
    """The slowest synchronous call chain from one entry point: at each hop the slowest
    observed call (p95), no service twice. `hops_p95` holds one latency per call."""


    entry: str
    services: list[str] = Field(default_factory=list)
    hops_p95: list[float] = Field(default_factory=list)

    @property
    def latency(self) -> float:
        """The slowest call's p95: the chain takes at least that long at p95."""
        return max(self.hops_p95, default=0.0)


class ServiceImpact(_Frozen):
    """How much one service's slowness costs: inbound traffic x p95 x (1 + blast radius)."""

    service: str
    rate: float
    p95: float | None = None
    error_ratio: float | None = None
    blast_radius: int = 0
    impact: float = 0.0


class RuntimeSummary(_Frozen):
    """What the audit derived from runtime facts: edge classes, critical paths, impact ranking."""

    sources: list[str] = Field(default_factory=list)
    queries: int = 0
    confirmed: int = 0
    static_only: int = 0
    runtime_only: int = 0
    critical_paths: list[CriticalPath] = Field(default_factory=list)
    impact: list[ServiceImpact] = Field(default_factory=list)
