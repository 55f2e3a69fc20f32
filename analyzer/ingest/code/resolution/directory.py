"""Names by which the system's nodes are reached: ids, aliases, discovery names, K8s DNS, RPC.

A host in a URL, a `lb://` or Feign/Eureka name, or an RPC service name maps to one node id.
Application names declared in a service's config (`spring.application.name`, Nacos/Eureka
ids) count as discovery names of that service. RPC names map to the service that registers
the server in code, else to the one whose folder holds the IDL, else the generated stub.
"""

from __future__ import annotations

import re
from collections import defaultdict

from analyzer.ingest.code.config.files import normalize_key
from analyzer.ingest.code.scanner import CodeScan
from analyzer.ingest.hosts import WORD, host_refs, is_ignored_host
from analyzer.model import SystemModel

LOCAL = "<local>"
_APP_NAME_KEYS = {normalize_key(k) for k in (
    "spring.application.name", "eureka.instance.appname", "spring.cloud.nacos.discovery.service",
    "spring.cloud.consul.discovery.service-name", "consul.service.name", "service.name",
    "ServiceName", "Consul:ServiceName", "Eureka:Instance:AppName")}
_CLUSTER_SUFFIXES = (".svc.cluster.local", ".svc", ".cluster.local")
_CONN_HOST = re.compile(r"(?i)(?:^|;)\s*(?:host|server|data source|address|addr|endpoint)\s*=\s*"
                        r"(?:tcp:)?([^;,\s]+)")
_LIBPQ_HOST = re.compile(r"(?:^|\s)host=([^\s]+)")

Target = tuple[str | None, str, bool]  # (node id, LOCAL or None; host; confident it is a host)


class Directory:
    """Lookup from names to node ids; build once per scan."""

    def __init__(self, model: SystemModel, scan: CodeScan) -> None:
        self.names: dict[str, str] = {}
        self.namespaces = {s.namespace for s in model.services if s.namespace} | {"default"}
        for datastore in model.datastores:
            self.names.setdefault(datastore.id.lower(), datastore.id)
            for alias in datastore.aliases:
                self.names.setdefault(alias.lower(), datastore.id)
        for service in model.services:
            for alias in service.aliases:
                self.names.setdefault(alias.lower(), service.id)
        for service_id, code in sorted(scan.services.items()):
            for config in code.configs:
                for entry in config.values:
                    if normalize_key(entry.key) in _APP_NAME_KEYS and "${" not in entry.value:
                        self.names.setdefault(entry.value.strip().lower(), service_id)
        for service in model.services:
            self.names[service.id.lower()] = service.id
        self.datastores = {d.id: d for d in model.datastores}
        self.services = {s.id for s in model.services}
        self.rpc = _rpc_index(scan)

    def host(self, host: str) -> str | None:
        """Node id for a host name (LOCAL for loopback), or None when it is not in the system."""
        name = host.strip().strip("[]").rstrip(".").lower()
        if not name:
            return None
        if is_ignored_host(name) or name in ("host.docker.internal", "localhost.localdomain"):
            return LOCAL
        if name in self.names:
            return self.names[name]
        for suffix in _CLUSTER_SUFFIXES:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        head, _, rest = name.partition(".")
        if head in self.names and (not rest or rest in self.namespaces or name != host.lower()):
            return self.names[head]
        return None

    def discovery(self, name: str) -> str | None:
        key = name.strip().lower()
        return self.names.get(key) or self.host(key)

    def service(self, name: str) -> str | None:
        """The service (not datastore) an application name or host names, else None."""
        node = self.discovery(name)
        return node if node in self.services else None

    def targets(self, value: str, discovery: bool = False) -> list[Target]:
        """The nodes a URL, host:port, DSN, connection string or `lb://` name reaches."""
        if discovery or value.lower().startswith("lb://"):
            name = value.split("://", 1)[-1].split("/")[0].split(":")[0]
            return [(self.discovery(name), name, False)]
        return [(self.host(h), h, confident) for h, confident in hosts_of(value)]

    def rpc_owner(self, name: str, caller: str) -> tuple[str | None, str]:
        """(owner, why) for an RPC service name; owner None with the reason when unknown."""
        bare = name.rsplit(".", 1)[-1]
        for tier in ("server", "idl", "stub"):
            owners = self.rpc.get((tier, name)) or self.rpc.get((tier, bare)) or set()
            candidates = sorted(owners - {caller})
            if len(candidates) == 1:
                return candidates[0], tier
            if len(candidates) > 1:
                return None, f"RPC service {name} is defined by several services: " + \
                    ", ".join(candidates)
            if owners:
                return caller, tier
        return None, f"no service registers or defines RPC service {name}"


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


def _rpc_index(scan: CodeScan) -> dict[tuple[str, str], set[str]]:
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    for service_id, code in scan.services.items():
        for _rel, facts in code.files:
            for server in facts.rpc_servers:
                index[("server", server.service)].add(service_id)
                index[("server", server.service.rsplit(".", 1)[-1])].add(service_id)
    for definition in scan.definitions:
        if definition.owner:
            tier = "stub" if definition.stub else "idl"
            index[(tier, definition.name)].add(definition.owner)
    return index
