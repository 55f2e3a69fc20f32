"""Turn what the manifests declared into the SystemModel: merge identities, classify nodes,
resolve host references into edges and external endpoints.

A compose service and a Kubernetes workload that share a name (or where one's name is the
other's alias) are one service. Images decide datastores; env values decide edges; compose
`depends_on` only adds evidence to an edge env already explains, or a `depends-on` edge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from networkx.utils import UnionFind

from analyzer.ingest.datastores import (classify_datastore, classify_ports, is_gateway,
                                        is_load_generator)
from analyzer.ingest.manifests.declared import Declared
from analyzer.ingest.files import Inventory
from analyzer.ingest.hosts import (
    DOTTED,
    WORD,
    address_too_long,
    env_detail,
    host_refs,
    is_address_key,
    is_ignored_host,
    is_ip_literal,
    is_sensitive_key,
    mask_value,
)
from analyzer.ingest.manifests.route import Manifests
from analyzer.ingest.options import ScanOptions
from analyzer.ingest.platform.roles import classify_role
from analyzer.ingest.sources import find_source_dirs
from analyzer.model import (
    Datastore,
    DatastoreCategory,
    Edge,
    EdgeKind,
    EnvVar,
    Evidence,
    ExternalEndpoint,
    Origin,
    Resource,
    Service,
    SystemModel,
)

CATEGORY_EDGE = {DatastoreCategory.DB: EdgeKind.DB, DatastoreCategory.CACHE: EdgeKind.CACHE,
                 DatastoreCategory.BROKER: EdgeKind.ASYNC, DatastoreCategory.SEARCH: EdgeKind.DB}
_GRPC_SCHEMES = frozenset({"grpc", "grpcs"})


def assemble(roots: list[Path], inventory: Inventory, manifests: Manifests,
             options: ScanOptions) -> SystemModel:
    """The model of everything the manifests say, before code enrichers run."""
    nodes = _merge(manifests.declared)
    if not nodes:
        nodes = _from_dockerfiles(manifests.dockerfiles, inventory)
    resolver = _Resolver(nodes, {d.namespace for d in manifests.declared if d.namespace})
    datastores = {n.id: c for n in nodes
                  if (c := classify_datastore(n.image) or classify_ports(n.ports))}
    service_nodes = [n for n in nodes if n.id not in datastores]
    source_dirs, diagnostics = find_source_dirs(
        [n.id for n in service_nodes],
        {n.id: n.source_dir for n in service_nodes if n.source_dir}, inventory, options.sources,
        {n.id: n.image for n in service_nodes if n.image})
    configured = {resolver.resolve(e) for e in options.entry_points}
    edges = _Edges(resolver, datastores, {n.id: n.port_protocols for n in nodes})
    endpoints: list[ExternalEndpoint] = []
    for node in service_nodes:
        endpoints.extend(edges.add_env(node))
        diagnostics += [d for decl in node.declarations for e in decl.env
                        if (d := address_too_long(e.key, e.value, e.file, e.line))]
    for node in nodes:
        edges.add_depends(node)
    services = [Service(id=n.id, namespace=n.namespace, image=n.image,
                        source_dir=source_dirs.get(n.id), replicas=n.replicas, ports=n.ports,
                        entry_points=sorted(_entry_points(n) | ({"declared-in-config"}
                                                                 if n.id in configured else set())),
                        declared_in=n.declared_in, env=_env_vars(n), aliases=sorted(n.aliases),
                        role=classify_role(n.id, n.image))
                for n in service_nodes]
    stores = [Datastore(id=n.id, technology=datastores[n.id][0], category=datastores[n.id][1],
                        image=n.image, declared_in=n.declared_in, aliases=sorted(n.aliases))
              for n in nodes if n.id in datastores]
    resources = [r.model_copy(update={"service": resolver.resolve(r.service) or r.service})
                 if r.service else r for r in manifests.resources]
    resources += _attach_dockerfiles(manifests.dockerfiles, service_nodes, source_dirs)
    return SystemModel(
        roots=[r.resolve().name or r.as_posix() for r in roots], services=services, datastores=stores,
        edges=edges.build(), external_endpoints=endpoints, resources=resources,
        diagnostics=inventory.diagnostics + manifests.diagnostics + diagnostics)


def fold_depends_on(model: SystemModel) -> SystemModel:
    """Merge each `depends-on` edge into the typed edges of the same pair, when there are any.

    Run after the enrichers too: a start order that code explains (a Feign call to the
    service it depends on) is evidence of that call, not an edge of its own.
    """
    typed: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for edge in model.edges:
        if edge.kind != EdgeKind.DEPENDS_ON:
            typed[(edge.source, edge.target)].append(edge)
    extra: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    kept = []
    for edge in model.edges:
        pair = (edge.source, edge.target)
        if edge.kind == EdgeKind.DEPENDS_ON and typed.get(pair):
            for target in typed[pair]:
                extra[target.key].extend(edge.evidence)
        else:
            kept.append(edge)
    if not extra:
        return model
    edges = [e.model_copy(update={"evidence": e.evidence + extra[e.key]}) if e.key in extra
             else e for e in kept]
    return model.model_copy(update={"edges": edges})


@dataclass
class _Node:
    """One merged identity: every declaration of the same service."""

    id: str
    declarations: list[Declared]
    aliases: set[str] = field(default_factory=set)

    def _pick(self, attr: str):
        for platform in ("kubernetes", "compose", "aspire"):
            for d in self.declarations:
                if d.platform == platform and getattr(d, attr) is not None:
                    return getattr(d, attr)
        return None

    @property
    def image(self) -> str | None:
        return self._pick("image")

    @property
    def replicas(self) -> int | None:
        return self._pick("replicas")

    @property
    def namespace(self) -> str | None:
        return self._pick("namespace")

    @property
    def source_dir(self) -> str | None:
        return self._pick("source_dir")

    @property
    def ports(self) -> list[int]:
        return sorted({p for d in self.declarations for p in d.ports})

    @property
    def port_protocols(self) -> dict[int, str]:
        """Port -> protocol over all declarations; a port they disagree on is left out."""
        seen: dict[int, set[str]] = defaultdict(set)
        for d in self.declarations:
            for port, protocol in d.port_protocols:
                seen[port].add(protocol)
        return {port: next(iter(p)) for port, p in seen.items() if len(p) == 1}

    @property
    def declared_in(self) -> list[Evidence]:
        return sorted({e for d in self.declarations for e in d.declared_in}, key=Evidence.sort_key)


def _merge(declared: list[Declared]) -> list[_Node]:
    """Group declarations that name the same service (same id, or id = the other's alias)."""
    ordered = sorted(declared, key=lambda d: (d.platform, d.id, d.namespace or "",
                                              d.declared_in[0].sort_key() if d.declared_in else ()))
    same = UnionFind(range(len(ordered)))
    by_id: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(ordered):
        by_id[d.id].append(i)
    for i, d in enumerate(ordered):
        for name in {d.id} | d.aliases:
            for j in by_id.get(name, []):
                same.union(i, j)
    groups: dict[int, list[Declared]] = defaultdict(list)
    for i, d in enumerate(ordered):
        groups[same[i]].append(d)
    nodes = []
    for members in groups.values():
        k8s = sorted(d.id for d in members if d.platform == "kubernetes")
        node_id = k8s[0] if k8s else sorted(d.id for d in members)[0]
        names = {d.id for d in members} | {a for d in members for a in d.aliases}
        nodes.append(_Node(node_id, members, names - {node_id}))
    return sorted(nodes, key=lambda n: n.id)


def _from_dockerfiles(dockerfiles: list[Resource], inventory: Inventory) -> list[_Node]:
    """With no compose or Kubernetes service at all, each Dockerfile folder is a service."""
    nodes: dict[str, _Node] = {}
    for resource in dockerfiles:
        folder = resource.name
        name = folder.rsplit("/", 1)[-1] if folder != "." else \
            (inventory.roots[0].name if inventory.roots else "app")
        evidence = Evidence(origin=Origin.MANIFEST, file=resource.file, line=1,
                            detail=f"Dockerfile {resource.file}")
        declared = Declared(id=name, platform="dockerfile", source_dir=folder,
                            declared_in=(evidence,))
        nodes.setdefault(name, _Node(name, [])).declarations.append(declared)
    return sorted(nodes.values(), key=lambda n: n.id)


class _Resolver:
    """Host names (ids, aliases, with Kubernetes DNS suffixes) -> node ids."""

    def __init__(self, nodes: list[_Node], namespaces: set[str]) -> None:
        self.index: dict[str, str] = {n.id.lower(): n.id for n in nodes}
        for node in nodes:
            for alias in sorted(node.aliases):
                self.index.setdefault(alias.lower(), node.id)
        self.namespaces = namespaces | {"default"}

    def resolve(self, host: str | None) -> str | None:
        if not host:
            return None
        name = host.lower().rstrip(".")
        in_cluster = False
        for suffix in (".svc.cluster.local", ".svc"):
            if name.endswith(suffix):
                name, in_cluster = name[: -len(suffix)], True
                break
        if name in self.index:
            return self.index[name]
        first, dot, rest = name.partition(".")
        if dot and "." not in rest and (in_cluster or rest in self.namespaces):
            return self.index.get(first)
        return None


class _Edges:
    """Edge evidence keyed by (source, target, kind)."""

    def __init__(self, resolver: _Resolver, datastores: dict,
                 protocols: dict[str, dict[int, str]]) -> None:
        self.resolver = resolver
        self.datastores = datastores
        self.protocols = protocols
        self.evidence: dict[tuple[str, str, EdgeKind], set[Evidence]] = defaultdict(set)

    def add_env(self, node: _Node) -> list[ExternalEndpoint]:
        endpoints = []
        for decl in node.declarations:
            for entry in decl.env:
                address_key = is_address_key(entry.key)
                hidden = entry.secret or is_sensitive_key(entry.key)
                evidence = Evidence(origin=entry.origin, file=entry.file, line=entry.line,
                                    detail=env_detail(entry.key, entry.value, entry.secret))
                for ref in host_refs(entry.value):
                    if is_ignored_host(ref.host) or (ref.strength == WORD and not address_key):
                        continue
                    target = self.resolver.resolve(ref.host)
                    if target == node.id:
                        continue
                    if target is not None:
                        self.evidence[(node.id, target, self._kind(target, ref.scheme,
                                                                   entry.key, ref.port))
                                       ].add(evidence)
                    elif not hidden and ref.strength != WORD and \
                            (ref.strength != DOTTED or address_key):
                        endpoints.append(ExternalEndpoint(
                            service=node.id, host=ref.host, key=entry.key,
                            is_ip_literal=is_ip_literal(ref.host), evidence=evidence))
        return endpoints

    def add_depends(self, node: _Node) -> None:
        for decl in node.declarations:
            for dep in decl.depends_on:
                target = self.resolver.resolve(dep.target)
                if target is None or target == node.id:
                    continue
                evidence = Evidence(origin=Origin.MANIFEST, file=dep.file, line=dep.line,
                                    detail=dep.detail)
                typed = [k for k in self.evidence if k[0] == node.id and k[1] == target
                         and k[2] != EdgeKind.DEPENDS_ON]
                if typed:
                    for key in typed:
                        self.evidence[key].add(evidence)
                elif target in self.datastores:
                    self.evidence[(node.id, target, CATEGORY_EDGE[self.datastores[target][1]])
                                  ].add(evidence)
                else:
                    self.evidence[(node.id, target, EdgeKind.DEPENDS_ON)].add(evidence)

    def build(self) -> list[Edge]:
        return [Edge(source=s, target=t, kind=k, evidence=sorted(ev, key=Evidence.sort_key))
                for (s, t, k), ev in sorted(self.evidence.items(), key=lambda i: i[0])]

    def _kind(self, target: str, scheme: str | None, key: str,
              port: int | None = None) -> EdgeKind:
        if target in self.datastores:
            return CATEGORY_EDGE[self.datastores[target][1]]
        if scheme in _GRPC_SCHEMES or "GRPC" in key.upper():
            return EdgeKind.GRPC
        if scheme is None and self._declared_protocol(target, port) == "grpc":
            return EdgeKind.GRPC
        return EdgeKind.HTTP

    def _declared_protocol(self, target: str, port: int | None) -> str | None:
        """The protocol the target's manifests give the port (or all its ports, with none)."""
        protocols = self.protocols.get(target, {})
        if port is not None:
            return protocols.get(port)
        kinds = set(protocols.values())
        return kinds.pop() if len(kinds) == 1 else None


def _entry_points(node: _Node) -> set[str]:
    reasons = {e for d in node.declarations for e in d.entry_points}
    if is_gateway(node.id, node.image):
        reasons.add("gateway")
    if is_load_generator(node.id, node.image):
        reasons.add("load-generator")
    return reasons


def _env_vars(node: _Node) -> list[EnvVar]:
    """The env a service's manifests give it, credentials masked (code resolution reads it)."""
    out = set()
    for decl in node.declarations:
        for entry in decl.env:
            masked = entry.secret or is_sensitive_key(entry.key)
            out.add(EnvVar(key=entry.key, value=mask_value(entry.key, entry.value, entry.secret),
                           masked=masked, evidence=Evidence(
                               origin=entry.origin, file=entry.file, line=entry.line,
                               detail=env_detail(entry.key, entry.value, entry.secret))))
    return sorted(out, key=lambda v: (v.key, v.value, v.evidence.sort_key()))


def _attach_dockerfiles(dockerfiles: list[Resource], nodes: list[_Node],
                        source_dirs: dict[str, str]) -> list[Resource]:
    """Each Dockerfile resource with `service` set to the service it builds, when known."""
    named = {d.dockerfile: n.id for n in nodes for d in n.declarations if d.dockerfile}
    out = []
    for resource in dockerfiles:
        owner = named.get(resource.file)
        if owner is None:
            folder = resource.name
            owners = [(len(src), sid) for sid, src in source_dirs.items()
                      if src == "." or folder == src or folder.startswith(src + "/")]
            owner = max(owners)[1] if owners else None
        out.append(resource.model_copy(update={"service": owner}) if owner else resource)
    return out
