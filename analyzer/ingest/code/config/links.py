"""Dependencies stated by a service's configuration files (its own, and config-repo files).

Evidence says where the address was read:
- a config-declared call (datasource, gateway route, config server, registry) whose entry
  names the node itself, literally or as a `${VAR:default}` default, is `config` evidence at
  that entry; when the address only comes from env through the entry (`uri: ${MONGODB_URI}`),
  the entry is the service's own binding of that env var, so it is `code` evidence (the env
  value is the manifest's evidence).
- an entry whose own value is loopback only and reads no env (a dev profile) is skipped, so
  it never becomes evidence of an edge resolved from another profile's value; so is a Eureka
  `defaultZone` of a client that is disabled or neither registers nor fetches (a registry).
- an entry of a Spring family whose library a service's known JVM classpath lacks (a
  shared config-server `spring.rabbitmq.host` seen by a service without an AMQP client) is
  skipped: it states nothing (`build.gate`).
- any other config value naming a host (URL, host:port, IP literal, or a name under an
  address-like key) is `config` evidence of an edge, or an ExternalEndpoint of the service
  when the host is outside the system. Credentials are never shown.
"""

from __future__ import annotations

from analyzer.ingest.code.build.gate import allows
from analyzer.ingest.code.config.calls import is_call_key, literal_scheme
from analyzer.ingest.code.config.files import ConfigFile, ConfigValue, normalize_key, placeholders
from analyzer.ingest.code.resolution.context import Found, ServiceContext
from analyzer.ingest.code.resolution.directory import LOCAL, Directory, Target
from analyzer.ingest.code.facts import OutboundCall
from analyzer.ingest.code.resolution.links import CATEGORY_KINDS, Link, Resolution
from analyzer.ingest.hosts import (DOTTED, WORD, address_too_long, host_refs, is_address_key,
                                   is_ignored_host, is_ip_literal)
from analyzer.ingest.secrets import is_sensitive_key, mask_value
from analyzer.model import EdgeKind, Evidence, ExternalEndpoint, Origin

PROTOCOL_KINDS = {"http": EdgeKind.HTTP, "grpc": EdgeKind.GRPC, "thrift": EdgeKind.THRIFT,
                  "db": EdgeKind.DB, "cache": EdgeKind.CACHE, "async": EdgeKind.ASYNC}
_MAX_DETAIL = 160


def config_links(service: str, config: ConfigFile, context: ServiceContext,
                 directory: Directory, result: Resolution,
                 classpath: frozenset[str] | None = None) -> None:
    """Links and external endpoints one config file of `service` states; entries of a
    family whose library is not on a known `classpath` state nothing (`build.gate`)."""
    entries = {(v.key, v.line or 1): v for v in config.values}
    for call in config.calls:
        entry = entries.get((call.target, call.line))
        if entry is not None and allows(entry.key, classpath):
            _declared(service, call, entry, context, directory, result)
    for entry in config.values:
        if (too_long := address_too_long(entry.key, entry.value, entry.file, entry.line)):
            result.diagnostics.append(too_long)
        if not is_call_key(entry.key) and not is_sensitive_key(entry.key) \
                and allows(entry.key, classpath):
            _stated_hosts(service, entry, context, directory, result)


def stated_targets(context: ServiceContext, entry: ConfigValue, directory: Directory,
                   key: str | None = None) -> list[Target]:
    """The nodes (or outside hosts) a config entry itself names, env never consulted."""
    targets: list[Target] = []
    for literal in context.literal(entry):
        targets.extend(directory.targets(literal_scheme(key or entry.key, literal)))
    return targets


def config_evidence(entry: ConfigValue) -> Evidence:
    """`config` evidence at a config entry, its value masked when it may hold a credential."""
    return Evidence(origin=Origin.CONFIG, file=entry.file, line=entry.line,
                    detail=_clip(f"config {entry.key} = {mask_value(entry.key, entry.value)}"))


def edge_kind(directory: Directory, node: str, kind: EdgeKind) -> EdgeKind:
    datastore = directory.datastores.get(node)
    return CATEGORY_KINDS[datastore.category] if datastore is not None else kind


def detail(text: str, found: Found, name: str) -> str:
    """A call's detail plus where its value was read (`[name=value via ...]`), masked."""
    if not found.via:
        return text
    return f"{text} [{name}={mask_value(name, found.value)} via {found.via}]"


# -- private --------------------------------------------------------------------------------


def _declared(service: str, call: OutboundCall, entry: ConfigValue, context: ServiceContext,
              directory: Directory, result: Resolution) -> None:
    if _inactive_eureka(entry, context):
        return
    stated = stated_targets(context, entry, directory, call.target)
    if stated and all(node == LOCAL for node, _h, _c in stated) and not _reads_env(entry, context):
        return
    stated_nodes = {node for node, _h, _c in stated if node is not None}
    stated_hosts = {host for node, host, _c in stated if node is None}
    binding = not entry.profile or entry.profile in context.profiles
    key = normalize_key(entry.key)
    kind = PROTOCOL_KINDS.get(call.protocol, EdgeKind.HTTP)
    for found in context.config_key(call.target):
        own = found.entry is None or found.entry == entry or normalize_key(found.entry.key) != key
        value = literal_scheme(call.target, found.value)
        for node, host, confident in directory.targets(value):
            if node == LOCAL or node == service:
                continue
            if (node is not None and node in stated_nodes) or (node is None and host in stated_hosts):
                evidence = config_evidence(entry)
            elif own and binding:
                evidence = Evidence(origin=Origin.CODE, file=entry.file, line=entry.line,
                                    detail=detail(call.detail, found, call.target))
            else:
                continue
            if node is None:
                if confident:
                    result.externals.append(ExternalEndpoint(
                        service=service, host=host, key=call.target,
                        is_ip_literal=is_ip_literal(host), evidence=evidence))
                continue
            result.links.append(Link(service, node, edge_kind(directory, node, kind), evidence))


def _stated_hosts(service: str, entry: ConfigValue, context: ServiceContext,
                  directory: Directory, result: Resolution) -> None:
    address_key = is_address_key(entry.key)
    for literal in context.literal(entry):
        for ref in host_refs(literal):
            if is_ignored_host(ref.host) or (ref.strength == WORD and not address_key):
                continue
            node = directory.discovery(ref.host) if ref.scheme == "lb" else directory.host(ref.host)
            if node == LOCAL or node == service:
                continue
            evidence = config_evidence(entry)
            if node is not None:
                if context.effective(entry):
                    grpc = (ref.scheme or "").startswith("grpc") or "grpc" in entry.key.lower()
                    kind = EdgeKind.GRPC if grpc else EdgeKind.HTTP
                    result.links.append(Link(service, node, edge_kind(directory, node, kind),
                                             evidence))
            elif ref.strength != WORD and (ref.strength != DOTTED or address_key):
                result.externals.append(ExternalEndpoint(
                    service=service, host=ref.host, key=entry.key,
                    is_ip_literal=is_ip_literal(ref.host), evidence=evidence))


def _inactive_eureka(entry: ConfigValue, context: ServiceContext) -> bool:
    if not normalize_key(entry.key).startswith("eureka.client.serviceurl."):
        return False

    def off(key: str) -> bool:
        values = [f.value.strip().lower() for f in context.config_key(key)]
        return bool(values) and all(v == "false" for v in values)

    return off("eureka.client.enabled") or (off("eureka.client.register-with-eureka")
                                            and off("eureka.client.fetch-registry"))


def _reads_env(entry: ConfigValue, context: ServiceContext) -> bool:
    return any(name in context.env for _whole, name, _default in placeholders(entry.value))


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."
