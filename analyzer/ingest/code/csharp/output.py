"""Facts collected from one C# file, and how a value becomes an OutboundCall or TopicUse.

One place decides the shape of every reported fact: URL passwords are masked, details are
clipped, env/config lookups keep their literal tail in `suffix` and their fallback in
`default`, and an http/grpc literal must look like an address to count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.csharp.syntax import sort_key, strip
from analyzer.ingest.code.csharp.values import Val
from analyzer.ingest.code.facts import ArgBinding, FileFacts, OutboundCall, ParseProblem, Route, \
    RpcServer, TopicUse

MAX_DETAIL = 120


@dataclass
class Output:
    """Accumulates the facts of one file; `facts` returns them sorted and deduplicated."""

    calls: set[OutboundCall] = field(default_factory=set)
    routes: set[Route] = field(default_factory=set)
    servers: set[RpcServer] = field(default_factory=set)
    topics: set[TopicUse] = field(default_factory=set)
    bindings: set[ArgBinding] = field(default_factory=set)

    def facts(self, problems: list[ParseProblem]) -> FileFacts:
        """The collected facts in a stable order."""
        return FileFacts(language="csharp", calls=sorted(self.calls, key=sort_key),
                         routes=sorted(self.routes, key=sort_key), rpc_servers=sorted(self.servers, key=sort_key),
                         topics=sorted(self.topics, key=sort_key), problems=problems,
                         bindings=sorted(self.bindings, key=sort_key))

    def store(self, node, protocol: str, prefix: str, val: Val | None) -> None:
        """Report a connection to `val` when known (http/grpc literals must be addresses)."""
        if val is None:
            return
        if val.kind == "url" and protocol in ("http", "grpc") and not tsu.looks_like_address(val.target):
            return
        self.emit(node, protocol, val, prefix)

    def emit(self, node, protocol: str, val: Val, prefix: str) -> None:
        """Report an outbound call at `node` to `val`, described as `prefix <target>`."""
        if val.kind == "url":
            target, suffix, shown = tsu.mask_secrets(val.target + val.suffix), "", val.target + val.suffix
        else:
            target, suffix = val.target, val.suffix
            shown = val.target + (f" + {val.suffix}" if val.suffix else "")
        detail = tsu.clip(tsu.mask_secrets(f"{prefix} {shown}"), MAX_DETAIL)
        self.calls.add(OutboundCall(tsu.line_of(node), protocol, val.kind, target, detail, suffix,
                                    tsu.mask_secrets(val.default)))

    def rpc_client(self, node, typ: str, how: str) -> None:
        """A gRPC client of `Outer.OuterClient` (or `XClient`) calls service `Outer` (`X`)."""
        parts = typ.split(".")
        service = parts[-2] if len(parts) >= 2 and parts[-1].endswith("Client") else strip(parts[-1], "Client")
        if service:
            self.calls.add(OutboundCall(tsu.line_of(node), "grpc", "rpc", service, f"gRPC {how} {typ}"[:MAX_DETAIL]))

    def topic(self, node, system: str, val: Val | None, role: str, detail: str) -> None:
        """Report a produced/consumed topic named by `val` (empty names are dropped)."""
        if val is None or not val.target or val.kind == "param":
            return
        kind = "literal" if val.kind == "url" else val.kind
        self.topics.add(TopicUse(tsu.line_of(node), system, val.target, role, tsu.clip(f"{detail} {val.target}"), kind))
