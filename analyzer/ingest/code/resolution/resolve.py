"""Turn per-file code facts and config files into dependencies between the system's nodes.

Each OutboundCall's target (literal URL, env var, config key, discovery id or RPC name) is
resolved through the calling service's env and config (`context`) to hosts, and hosts to
nodes (`directory`). The call site is `code` evidence; a config-file entry that itself names
the node adds `config` evidence (see `configlinks`, which also reads the links config files
state on their own). Parameter calls are first joined with the argument bindings of the
service's other files (`bindings`). Files of a config server's repository are handed to the service they
are named after (`configrepo`) before its context is built. Loopback and self calls are
dropped; hosts outside the system become external endpoints; names that cannot be resolved
become info diagnostics. Topic uses become `topic:<name>` nodes with producer -> topic and
topic -> consumer async links. Aspire `WithReference` calls belong to the resource making
them (`aspire_links`); IDL methods of each RPC server become routes (`rpc_inventory`).
Pure: no I/O.
"""

from __future__ import annotations

from analyzer.ingest.code.resolution.aspire import aspire_links, is_reference
from analyzer.ingest.code.resolution.bindings import join_params
from analyzer.ingest.code.config.calls import literal_scheme
from analyzer.ingest.code.config.files import ConfigFile
from analyzer.ingest.code.config.links import (PROTOCOL_KINDS, config_evidence, config_links,
                                              detail, edge_kind, stated_targets)
from analyzer.ingest.code.config.repo import assign
from analyzer.ingest.code.resolution.context import Found, ServiceContext
from analyzer.ingest.code.resolution.directory import LOCAL, Directory, hosts_of
from analyzer.ingest.code.facts import FileFacts, OutboundCall
from analyzer.ingest.code.resolution.links import Link, Resolution
from analyzer.ingest.code.resolution.rpc_inventory import method_routes
from analyzer.ingest.code.scanner import CodeScan
from analyzer.ingest.hosts import is_ip_literal
from analyzer.model import (CodeLiteralAddress, Diagnostic, EdgeKind, Evidence, ExternalEndpoint,
                            Origin, RouteFact, Severity, SystemModel, Topic)

__all__ = ["Link", "Resolution", "hosts_of", "resolve"]

_CONFIG_CLIENT_KEYS = ("spring.config.import", "spring.cloud.config.uri")


def resolve(model: SystemModel, scan: CodeScan) -> Resolution:
    """Resolve every service's calls, config, topics, routes and RPC servers against the model."""
    directory = Directory(model, scan)
    result = Resolution()
    services = {sid: model.service(sid) for sid in sorted(scan.services)}
    contexts = {sid: ServiceContext.build(model, service, scan.services[sid].configs)
                for sid, service in services.items() if service is not None}
    served = _served_configs(scan, contexts, directory, result)
    for service_id, context in contexts.items():
        code = scan.services[service_id]
        configs: list[ConfigFile] = code.configs + served.get(service_id, [])
        if served.get(service_id):
            context = ServiceContext.build(model, services[service_id], configs)
        joined = join_params(code.files)
        for rel, facts in code.files:
            _file(service_id, rel, facts, joined.calls.get(rel, []), context, directory, result)
        for rel, call in joined.unmatched:
            result.unresolved(rel, call.line, f"no caller in service {service_id} gives "
                                              f"parameter {call.target} a known value")
        for config in configs:
            config_links(service_id, config, context, directory, result,
                         scan.classpaths.get(service_id))
    aspire_links(model, scan, directory, result)
    result.routes.extend(method_routes(scan))
    return result


# -- private --------------------------------------------------------------------------------


def _served_configs(scan: CodeScan, contexts: dict[str, ServiceContext], directory: Directory,
                    result: Resolution) -> dict[str, list[ConfigFile]]:
    """Config-repo files per service they configure; unknown names become diagnostics."""
    if not scan.served:
        return {}
    servers = {item.server for item in scan.served}
    clients: dict[str, set[str]] = {server: set() for server in servers}
    for service_id, context in contexts.items():
        for key in _CONFIG_CLIENT_KEYS:
            for found in context.config_key(key):
                for node, _host, _confident in directory.targets(literal_scheme(key, found.value)):
                    if node in clients and node != service_id:
                        clients[node].add(service_id)
    assigned, unknown = assign(scan.served, directory.service, clients)
    for item in unknown:
        result.diagnostics.append(Diagnostic(
            severity=Severity.INFO, code="config-repo-unassigned", file=item.config.file,
            message=f"config server {item.server} serves '{item.name}', which names no "
                    f"known service; its settings are not used"))
    return assigned


def _file(service: str, rel: str, facts: FileFacts, joined: list[OutboundCall],
          context: ServiceContext, directory: Directory, result: Resolution) -> None:
    for call in [*facts.calls, *joined]:
        if call.target_kind != "param" and not is_reference(call):
            _call(service, rel, call, context, directory, result)
    for use in facts.topics:
        names = [Found(use.topic, "")] if use.target_kind == "literal" else (
            context.env_var(use.topic) if use.target_kind == "env" else context.any_value(use.topic))
        if not names:
            result.unresolved(rel, use.line, f"topic name {use.target_kind} {use.topic} "
                                             f"is not set for service {service}")
        for found in names:
            for name in (n.strip() for n in found.value.split(",")):
                if not name or "${" in name:
                    continue
                topic_id = f"topic:{name}"
                evidence = Evidence(origin=Origin.CODE, file=rel, line=use.line,
                                    detail=detail(use.detail, found, use.topic))
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


def _call(service: str, rel: str, call: OutboundCall, context: ServiceContext,
          directory: Directory, result: Resolution) -> None:
    kind = PROTOCOL_KINDS.get(call.protocol, EdgeKind.HTTP)
    if call.target_kind == "rpc":
        owner, why = directory.rpc_owner(call.target, service)
        if owner is None:
            result.unresolved(rel, call.line, why)
        elif owner != service:
            result.links.append(Link(service, owner, kind, Evidence(
                origin=Origin.CODE, file=rel, line=call.line,
                detail=f"{call.detail} [rpc via {why}]")))
        return
    values = _values(call, context)
    if not values:
        result.unresolved(rel, call.line,
                          f"{call.target_kind} {call.target} is not set for service {service}")
        return
    bindings = context.bindings(call.target) if call.target_kind in ("env", "config") else []
    for found in values:
        value = found.value + call.suffix if call.target_kind != "url" else found.value
        value = value.replace(":{}", "")
        if call.target_kind == "config":
            value = literal_scheme(call.target, value)
        for node, host, confident in directory.targets(value, call.target_kind == "discovery"):
            if node == LOCAL or node == service:
                continue
            evidence = Evidence(origin=Origin.CODE, file=rel, line=call.line,
                                detail=detail(call.detail, found, call.target))
            if node is None:
                if confident:
                    result.externals.append(ExternalEndpoint(
                        service=service, host=host, key=call.target if call.target_kind != "url"
                        else "code", is_ip_literal=is_ip_literal(host), evidence=evidence))
                continue
            edge = edge_kind(directory, node, kind)
            result.links.append(Link(service, node, edge, evidence))
            if call.target_kind == "url" and not _registry_id(value, host, context):
                result.literals.append((result.links[-1], CodeLiteralAddress(
                    service=service, host=host, target=node, evidence=evidence)))
            for entry in bindings:
                if any(n == node for n, _h, _c in stated_targets(context, entry, directory,
                                                                 call.target)):
                    result.links.append(Link(service, node, edge, config_evidence(entry)))


def _registry_id(value: str, host: str, context: ServiceContext) -> bool:
    """A URL whose host is a bare name without port, called by a registry client: the
    load-balanced client resolves it through discovery, so it is not a literal address."""
    bare = "://" in value and "." not in host and ":" not in host \
        and f"{host}:" not in value.split("://", 1)[1].split("/", 1)[0]
    return bare and context.discovery_client()


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
