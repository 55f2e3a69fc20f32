"""Per-file code facts: what one source file calls, serves, produces and consumes.

A language extractor turns one file's text into `FileFacts` without knowing the system;
resolution against manifests, config and service discovery happens later. FileFacts are
plain frozen dataclasses so they can be cached by content hash as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class OutboundCall:
    """An outbound dependency seen at `line`.

    protocol: http | grpc | thrift | db | cache | async
    target_kind: how the destination is named —
      url        a literal URL or host[:port] ("http://orders:8080/api", "orders:50051")
      env        an environment variable name ("ORDERS_URL"); `suffix` keeps a literal tail
      config     a config key ("services.orders.url", "Orders:BaseUrl")
      discovery  a service-discovery id (lb://orders, @FeignClient(name="orders"), Eureka id)
      rpc        an RPC service name from a client stub ("OrderService", "orders.v1.OrderService";
                 gRPC or Thrift, by `protocol`)
      param      a parameter of a callable whose value the file cannot know: target is
                 "<callable>#<index>" (0-based position); `suffix` keeps the literal tail.
                 The framework joins it with the `ArgBinding`s of the same service
                 (`bindings.py`) and drops it when no caller gives a known value.
    default: for env/config lookups, the literal fallback written in the code, if any
      (`os.getenv("X", "http://orders:8080")`, `@Value("${x:http://orders}")`); used only when
      the service's env and config do not define the name.
    """

    line: int
    protocol: str
    target_kind: str
    target: str
    detail: str
    suffix: str = ""
    default: str = ""


@dataclass(frozen=True)
class ArgBinding:
    """A call site giving argument `index` of `callable` a known value (a cross-file caller).

    target_kind/target/suffix/default as in OutboundCall (url, env, config, discovery, or
    param when the argument is itself a parameter of the calling function, so joins chain).
    Callable names, per language (the same scheme at the definition and at call sites):
      Go          the function or method name (`newPromotionsClient`, `pkg.NewClient` -> `NewClient`)
      Python      the function name; a class name for its `__init__` parameters (self not counted)
      Java/Kotlin the class name for constructors (`new CatalogClient(..)`), else the method name
      JS/TS       the function name; a class name for its `constructor` parameters
      C#          the class name for constructors, else the method name
    """

    line: int
    callable: str
    index: int
    target_kind: str
    target: str
    suffix: str = ""
    default: str = ""


@dataclass(frozen=True)
class Route:
    """An inbound HTTP route served by this file."""

    line: int
    method: str
    path: str
    framework: str


@dataclass(frozen=True)
class RpcServer:
    """An RPC service implemented (registered) in this file, by its proto/thrift service name."""

    line: int
    service: str
    framework: str


@dataclass(frozen=True)
class RpcMethod:
    """An RPC method an IDL file defines: `service` as in `rpc_definitions` (qualified when
    the file declares a package / namespace), the method name, and the line of its name."""

    line: int
    service: str
    method: str


@dataclass(frozen=True)
class TopicUse:
    """A message topic/queue/exchange/event type produced or consumed (role: produce|consume)."""

    line: int
    system: str
    topic: str
    role: str
    detail: str
    target_kind: str = "literal"


@dataclass(frozen=True)
class ParseProblem:
    """Why a file (or part of it) could not be read; `code` names a limit that was hit
    (`json-too-deep`, `code-value-capped`, ...), empty for a plain parse error."""

    line: int | None
    message: str
    code: str = ""


@dataclass(frozen=True)
class FileFacts:
    """Everything one source file contributes; empty lists when it contributes nothing."""

    language: str
    calls: list[OutboundCall] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    rpc_servers: list[RpcServer] = field(default_factory=list)
    rpc_definitions: list[str] = field(default_factory=list)
    topics: list[TopicUse] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    bindings: list[ArgBinding] = field(default_factory=list)
    rpc_methods: list[RpcMethod] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileFacts:
        return cls(
            language=data["language"],
            calls=[OutboundCall(**c) for c in data.get("calls", [])],
            routes=[Route(**r) for r in data.get("routes", [])],
            rpc_servers=[RpcServer(**r) for r in data.get("rpc_servers", [])],
            rpc_definitions=list(data.get("rpc_definitions", [])),
            topics=[TopicUse(**t) for t in data.get("topics", [])],
            problems=[ParseProblem(**p) for p in data.get("problems", [])],
            bindings=[ArgBinding(**b) for b in data.get("bindings", [])],
            rpc_methods=[RpcMethod(**m) for m in data.get("rpc_methods", [])],
        )
