"""Turn per-file code facts into dependencies between the system's nodes.

Each OutboundCall's target (literal URL, env var, config key, discovery id or RPC name) is
resolved through the calling service's env and config (`context`) to hosts, and hosts to
nodes (`directory`). Loopback and self calls are dropped; hosts outside the system become
external endpoints; names that cannot be resolved become info diagnostics. Topic uses become
`topic:<name>` nodes with producer -> topic and topic -> consumer async links. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.ingest.code.configcalls import literal_scheme
from analyzer.ingest.code.context import Found, ServiceContext
from analyzer.ingest.code.directory import LOCAL, Directory
from analyzer.ingest.code.facts import FileFacts, OutboundCall
from analyzer.ingest.code.scanner import CodeScan
from analyzer.ingest.hosts import WORD, host_refs, is_ip_literal, mask_value
from analyzer.model import (DatastoreCategory, Diagnostic, EdgeKind, Evidence, ExternalEndpoint,
                            Origin, RouteFact, Severity, SystemModel, Topic)

_PROTOCOL_KINDS = {"http": EdgeKind.HTTP, "grpc": EdgeKind.GRPC, "db": EdgeKind.DB,
                   "cache": EdgeKind.CACHE, "async": EdgeKind.ASYNC}
_CATEGORY_KINDS = {DatastoreCategory.DB: EdgeKind.DB, DatastoreCategory.CACHE: EdgeKind.CACHE,
                   DatastoreCategory.BROKER: EdgeKind.ASYNC, DatastoreCategory.SEARCH: EdgeKind.DB}
_CONN_HOST = re.compile(r"(?i)(?:^|;)\s*(?:host|server|data source|address|addr|endpoint)\s*=\s*"
                        r"(?:tcp:)?([^;,\s]+)")
_LIBPQ_HOST = re.compile(r"(?:^|\s)host=([^\s]+)")


@dataclass(frozen=True)
class Link:
    """A resolved dependency of `source` on `target`, with its evidence."""

    source: str
    target: str
    kind: EdgeKind
    evidence: Evidence


@dataclass
class Resolution:
    links: list[Link] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    routes: list[RouteFact] = field(default_factory=list)
    externals: list[ExternalEndpoint] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def resolve(model: SystemModel, scan: CodeScan) -> Resolution:
    """Resolve every service's calls, topics, routes and RPC servers against the model."""
    directory = Directory(model, scan)
    result = Resolution()
    for service_id in sorted(scan.services):
        service = model.service(service_id)
        code = scan.services[service_id]
        if service is None:
            continue
        context = ServiceContext.build(model, service, code.configs)
        for rel, facts in code.files:
            _file(service_id, rel, facts, Origin.CODE, context, directory, result)
        for config in code.configs:
            if config.calls:  # config files in the source tree are part of the code
                _file(service_id, config.file, FileFacts("config", calls=config.calls),
                      Origin.CODE, context, directory, result)
    return result


def hosts_of(value: str) -> list[tuple[str, bool]]:
    """(host, confident) pairs named by a URL, host:port, DSN or connection-string value."""
    text = value.strip()
    if text.startswith("dns:///"):
        text = text[7:]
    conn = _CONN_HOST.findall(text) if "=" in text and "://" not in text else []
    conn = conn or (_LIBPQ_HOST.findall(text) if "host=" in text and "://" not in text else [])
    if conn:
        return [(h.split(":")[0].split(",")[0], True) for h in conn]
    return [(ref.host, ref.strength != WORD) for ref in host_refs(text)]


# -- private --------------------------------------------------------------------------------


def _file(service: str, rel: str, facts: FileFacts, origin: Origin, context: ServiceContext,
          directory: Directory, result: Resolution) -> None:
    for call in facts.calls:
        _call(service, rel, call, origin, context, directory, result)
    for use in facts.topics:
        names = [Found(use.topic, "")] if use.target_kind == "literal" else (
            context.env_var(use.topic) if use.target_kind == "env" else context.any_value(use.topic))
        if not names:
            _unresolved(result, rel, use.line, f"topic name {use.target_kind} {use.topic} "
                                               f"is not set for service {service}")
        for found in names:
            for name in (n.strip() for n in found.value.split(",")):
                if not name or "${" in name:
                    continue
                topic_id = f"topic:{name}"
                evidence = Evidence(origin=origin, file=rel, line=use.line,
                                    detail=_detail(use.detail, found, use.topic))
                topic = result.topics.get(topic_id) or Topic(id=topic_id, name=name,
                                                             system=use.system)
                result.topics[topic_id] = topic.model_copy(
                    update={"declared_in": [*topic.declared_in, evidence]})
                source, target = (service, topic_id) if use.role == "produce" else (topic_id, service)
                result.links.append(Link(source, target, EdgeKind.ASYNC, evidence))
    for route in facts.routes:
        result.routes.append(RouteFact(service=service, method=route.method, path=route.path,
                                       framework=route.framework, file=rel, line=route.line))
    for server in facts.rpc_servers:
        result.routes.append(RouteFact(service=service, method="RPC", path=server.service,
                                       framework=server.framework, file=rel, line=server.line))


def _call(service: str, rel: str, call: OutboundCall, origin: Origin, context: ServiceContext,
          directory: Directory, result: Resolution) -> None:
    kind = _PROTOCOL_KINDS.get(call.protocol, EdgeKind.HTTP)
    if call.target_kind == "rpc":
        owner, why = directory.rpc_owner(call.target, service)
        if owner is None:
            _unresolved(result, rel, call.line, why)
        elif owner != service:
            result.links.append(Link(service, owner, kind, Evidence(
                origin=origin, file=rel, line=call.line, detail=f"{call.detail} [rpc via {why}]")))
        return
    values = _values(call, context)
    if not values:
        _unresolved(result, rel, call.line,
                    f"{call.target_kind} {call.target} is not set for service {service}")
        return
    for found in values:
        value = found.value + call.suffix if call.target_kind != "url" else found.value
        value = value.replace(":{}", "")
        if call.target_kind == "config":
            value = literal_scheme(call.target, value)
        if call.target_kind == "discovery" or value.lower().startswith("lb://"):
            name = value.split("://", 1)[-1].split("/")[0].split(":")[0]
            targets = [(directory.discovery(name), name, False)]
        else:
            targets = [(directory.host(h), h, confident) for h, confident in hosts_of(value)]
        for node, host, confident in targets:
            evidence = Evidence(origin=origin, file=rel, line=call.line,
                                detail=_detail(call.detail, found, call.target))
            if node == LOCAL or node == service:
                continue
            if node is None:
                if confident:
                    result.externals.append(ExternalEndpoint(
                        service=service, host=host, key=call.target if call.target_kind != "url"
                        else "code", is_ip_literal=is_ip_literal(host), evidence=evidence))
                continue
            datastore = directory.datastores.get(node)
            edge_kind = _CATEGORY_KINDS[datastore.category] if datastore is not None else kind
            result.links.append(Link(service, node, edge_kind, evidence))


def _values(call: OutboundCall, context: ServiceContext) -> list[Found]:
    if call.target_kind in ("url", "discovery"):
        return [Found(call.target, "")]
    if call.target_kind == "env":
        found = context.env_var(call.target) or context.config_key(call.target)
    elif call.target_kind == "config":
        found = context.config_key(call.target)
    else:
        found = []
    if not found and call.default:
        found = [Found(call.default, "default in code")]
    return found


def _detail(detail: str, found: Found, name: str) -> str:
    if not found.via:
        return detail
    shown = mask_value(name, found.value)
    return f"{detail} [{name}={shown} via {found.via}]"


def _unresolved(result: Resolution, rel: str, line: int, message: str) -> None:
    result.diagnostics.append(Diagnostic(severity=Severity.INFO, code="code-call-unresolved",
                                         file=rel, line=line, message=message))
