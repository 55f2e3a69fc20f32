"""Facts collected from one JS/TS file, and how a value becomes an OutboundCall or TopicUse.

One place decides the shape of every reported fact: URL passwords are masked, details are
clipped, env/config lookups keep their literal tail in `suffix` and their fallback in
`default`. Routes are kept with their receiver so `app.use("/api", router)` prefixes apply
once the whole file has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.ingest.code.javascript import syntax as js
from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.facts import ArgBinding, FileFacts, OutboundCall, ParseProblem, Route, \
    RpcServer, TopicUse
from analyzer.ingest.code.javascript.values import Val

MAX_DETAIL = 120


@dataclass
class Output:
    """Accumulates the facts of one file; `facts` returns them sorted and deduplicated."""

    calls: set[OutboundCall] = field(default_factory=set)
    routes: list[tuple[str, Route]] = field(default_factory=list)  # (receiver, route)
    prefixes: dict[str, str] = field(default_factory=dict)  # router -> mount path
    servers: set[RpcServer] = field(default_factory=set)
    topics: set[TopicUse] = field(default_factory=set)
    problems: list[ParseProblem] = field(default_factory=list)
    bindings: set[ArgBinding] = field(default_factory=set)

    def facts(self, language: str) -> FileFacts:
        """The collected facts, with mount prefixes applied to routes."""
        routes = {Route(r.line, r.method, js.join(self.prefixes.get(recv, ""), r.path), r.framework)
                  for recv, r in self.routes}
        return FileFacts(
            language=language,
            calls=sorted(self.calls, key=js.sort_key),
            routes=sorted(routes, key=js.sort_key),
            rpc_servers=sorted(self.servers, key=js.sort_key),
            topics=sorted(self.topics, key=js.sort_key),
            problems=self.problems,
            bindings=sorted(self.bindings, key=js.sort_key),
        )

    def store(self, node, protocol: str, callee: str, value: Val | None) -> None:
        """Report a connection to `value` when it is known."""
        if value is not None:
            self.emit(node, protocol, value, callee)

    def emit(self, node, protocol: str, value: Val, prefix: str) -> None:
        """Report an outbound call at `node` to `value`, described as `prefix <target>`."""
        shown = value.target if value.kind == "url" else value.target + (f" + {value.suffix}" if value.suffix else "")
        if value.kind == "url":
            shown += value.suffix
        detail = tsu.clip(tsu.mask_secrets(f"{prefix} {shown}"), MAX_DETAIL)
        target = tsu.mask_secrets(value.target + value.suffix if value.kind == "url" else value.target)
        suffix = "" if value.kind == "url" else value.suffix
        self.calls.add(OutboundCall(js.line(node), protocol, value.kind, target, detail, suffix,
                                    tsu.mask_secrets(value.default)))

    def topic(self, node, system: str, value: Val | None, role: str, detail: str) -> None:
        """Report a produced/consumed topic named by `value` (empty names are dropped)."""
        if value is None or not value.target or value.kind == "param":
            return
        kind = "literal" if value.kind == "url" else value.kind
        detail = tsu.clip(f"{detail} {value.target}", MAX_DETAIL)
        self.topics.add(TopicUse(js.line(node), system, value.target, role, detail, kind))
