"""Facts about a system: services, datastores, edges with evidence, resources, diagnostics.

Ingestors add facts; they never judge. Every list in a SystemModel is kept sorted by
`SystemModel.normalized()` so the JSON document is byte-identical across runs.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from analyzer.model.history import (
    ChangeSet,
    DeadCode,
    FileComplexity,
    FileHistory,
    HistoryRepo,
    sorted_history,
)
from analyzer.model.runtime import (
    EdgeTraffic,
    RouteTraffic,
    RuntimeSource,
    ServiceRed,
    ServiceSaturation,
    sorted_runtime,
)

SCHEMA_VERSION = "1.0"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Origin(StrEnum):
    """Where a piece of evidence was seen."""

    CODE = "code"
    MANIFEST = "manifest"
    CONFIG = "config"
    RUNTIME = "runtime"


class EdgeKind(StrEnum):
    """What an edge means: a synchronous call, a message, a datastore use, or a start order."""

    HTTP = "http"
    GRPC = "grpc"
    THRIFT = "thrift"
    ASYNC = "async"
    DB = "db"
    CACHE = "cache"
    DEPENDS_ON = "depends-on"


SYNCHRONOUS_KINDS = frozenset({EdgeKind.HTTP, EdgeKind.GRPC, EdgeKind.THRIFT})


class DatastoreCategory(StrEnum):
    """The role a datastore plays; it decides the kind of the edges that reach it."""

    DB = "db"
    CACHE = "cache"
    BROKER = "broker"
    SEARCH = "search"


class Severity(StrEnum):
    """Severity of a diagnostic or a finding, ordered by `rank`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class ServiceRole(StrEnum):
    """What a deployable is to the system: the team's application code, third-party
    infrastructure (monitoring, logging, tracing, registries, config servers, proxies,
    sidecars; kept out of dependency metrics and graph rules), or the gateway in front
    (a node whose routes are edges)."""

    SERVICE = "service"
    INFRA = "infra"
    GATEWAY = "gateway"


class Evidence(_Frozen):
    """One observation behind a fact: origin, file (root-relative POSIX path), line, detail."""

    origin: Origin
    file: str | None = None
    line: int | None = None
    detail: str = ""

    def sort_key(self) -> tuple:
        return (self.origin.value, self.file or "", self.line or 0, self.detail)


class EnvVar(_Frozen):
    """One environment variable a manifest gives a service; `value` has credentials masked."""

    key: str
    value: str = ""
    masked: bool = False
    evidence: Evidence | None = None


class Service(_Frozen):
    """A deployable unit: a workload plus the Services selecting it, from any number of files."""

    id: str
    namespace: str | None = None
    image: str | None = None
    source_dir: str | None = None
    replicas: int | None = None
    ports: list[int] = Field(default_factory=list)
    entry_points: list[str] = Field(default_factory=list)
    declared_in: list[Evidence] = Field(default_factory=list)
    env: list[EnvVar] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    role: ServiceRole = ServiceRole.SERVICE

    @property
    def is_infra(self) -> bool:
        return self.role == ServiceRole.INFRA


class Topic(_Frozen):
    """A message topic, queue, exchange or subject; async edges pass through it (`topic:<name>`)."""

    id: str
    name: str
    system: str
    declared_in: list[Evidence] = Field(default_factory=list)


class RouteFact(_Frozen):
    """An inbound HTTP route (or RPC service, method "RPC") a service serves, seen in its code."""

    service: str
    method: str
    path: str
    framework: str
    file: str | None = None
    line: int | None = None


class Datastore(_Frozen):
    """A database, cache, broker or search engine, recognised by image or URL scheme."""

    id: str
    technology: str
    category: DatastoreCategory
    image: str | None = None
    declared_in: list[Evidence] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)


class Edge(_Frozen):
    """A dependency of `source` on `target` (service or datastore ids) with all its evidence."""

    source: str
    target: str
    kind: EdgeKind
    evidence: list[Evidence] = Field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.kind.value)

    @property
    def origins(self) -> set[Origin]:
        return {e.origin for e in self.evidence}


class ExternalEndpoint(_Frozen):
    """A host a service's env or config points at that is not part of the system."""

    service: str
    host: str
    key: str
    is_ip_literal: bool
    evidence: Evidence


class CodeLiteralAddress(_Frozen):
    """An internal node (`target`) that a service's code reaches through a literal address.

    Recorded only for edges seen in code alone (no manifest or config evidence) whose code
    evidence writes the host itself (`grpc.Dial("inventory:50051")`), not an env/config lookup,
    its default fallback or a discovery name: nothing lets ops repoint it per environment.
    """

    service: str
    host: str
    target: str
    evidence: Evidence


class Resource(_Frozen):
    """A manifest object (Deployment, Service, Dockerfile, ...) with the small facts read from it."""

    kind: str
    name: str
    namespace: str | None = None
    file: str
    line: int | None = None
    service: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)


class Library(_Frozen):
    """A library a service declares in one of its build files (pom.xml, build.gradle,
    package.json, go.mod, requirements.txt, pyproject.toml, *.csproj).

    ecosystem: maven | npm | go | pypi | nuget. name: `groupId:artifactId` for maven, the
    package or module name elsewhere. version: the literal version written, None when it is
    a property, a range resolved elsewhere or absent. file/line: where it is declared (a
    parent pom or shared Gradle script of the service counts as its own build file).
    """

    service: str
    ecosystem: str
    name: str
    version: str | None = None
    file: str
    line: int | None = None


class Diagnostic(_Frozen):
    """Something that could not be read, or was skipped, and why."""

    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None

    def render(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


class SystemModel(_Frozen):
    """The facts document: the one seam between ingestion and everything downstream."""

    schema_version: str = SCHEMA_VERSION
    roots: list[str] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    datastores: list[Datastore] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    external_endpoints: list[ExternalEndpoint] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    routes: list[RouteFact] = Field(default_factory=list)
    literal_addresses: list[CodeLiteralAddress] = Field(default_factory=list)
    libraries: list[Library] = Field(default_factory=list)
    history_repos: list[HistoryRepo] = Field(default_factory=list)
    file_history: list[FileHistory] = Field(default_factory=list)
    change_sets: list[ChangeSet] = Field(default_factory=list)
    complexity: list[FileComplexity] = Field(default_factory=list)
    dead_code: list[DeadCode] = Field(default_factory=list)
    runtime_edges: list[EdgeTraffic] = Field(default_factory=list)
    runtime_services: list[ServiceRed] = Field(default_factory=list)
    runtime_saturation: list[ServiceSaturation] = Field(default_factory=list)
    runtime_routes: list[RouteTraffic] = Field(default_factory=list)
    runtime_sources: list[RuntimeSource] = Field(default_factory=list)

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def node_ids(self) -> set[str]:
        return ({s.id for s in self.services} | {d.id for d in self.datastores}
                | {t.id for t in self.topics})

    def normalized(self) -> SystemModel:
        """Return a copy with every list sorted and every evidence list deduplicated."""

        def ev(items: list[Evidence]) -> list[Evidence]:
            return sorted(set(items), key=Evidence.sort_key)

        repos, files, changes, complexity = sorted_history(
            self.history_repos, self.file_history, self.change_sets, self.complexity)
        r_edges, r_services, r_saturation, r_routes, r_sources = sorted_runtime(
            self.runtime_edges, self.runtime_services, self.runtime_saturation,
            self.runtime_routes, self.runtime_sources)

        return SystemModel(
            schema_version=self.schema_version,
            roots=sorted(self.roots),
            services=sorted(
                (s.model_copy(update={"declared_in": ev(s.declared_in),
                                      "ports": sorted(set(s.ports)),
                                      "entry_points": sorted(set(s.entry_points)),
                                      "env": sorted(set(s.env), key=lambda v: (
                                          v.key, v.value, v.evidence.sort_key()
                                          if v.evidence else ())),
                                      "aliases": sorted(set(s.aliases))})
                 for s in self.services),
                key=lambda s: s.id,
            ),
            datastores=sorted(
                (d.model_copy(update={"declared_in": ev(d.declared_in)}) for d in self.datastores),
                key=lambda d: d.id,
            ),
            edges=sorted(
                (e.model_copy(update={"evidence": ev(e.evidence)}) for e in self.edges),
                key=lambda e: e.key,
            ),
            external_endpoints=sorted(
                self.external_endpoints,
                key=lambda x: (x.service, x.host, x.key, x.evidence.sort_key()),
            ),
            resources=sorted(
                self.resources,
                key=lambda r: (r.file, r.line or 0, r.kind, r.namespace or "", r.name),
            ),
            diagnostics=sorted(
                set(self.diagnostics),
                key=lambda d: (d.file or "", d.line or 0, d.code, d.message),
            ),
            topics=sorted(
                (t.model_copy(update={"declared_in": ev(t.declared_in)}) for t in self.topics),
                key=lambda t: t.id,
            ),
            routes=sorted(
                set(self.routes),
                key=lambda r: (r.service, r.path, r.method, r.framework, r.file or "",
                               r.line or 0),
            ),
            literal_addresses=sorted(
                set(self.literal_addresses),
                key=lambda x: (x.service, x.host, x.target, x.evidence.sort_key()),
            ),
            libraries=sorted(
                set(self.libraries),
                key=lambda x: (x.service, x.ecosystem, x.name, x.file, x.line or 0,
                               x.version or ""),
            ),
            history_repos=repos, file_history=files, change_sets=changes, complexity=complexity,
            dead_code=sorted(set(self.dead_code), key=DeadCode.sort_key),
            runtime_edges=r_edges, runtime_services=r_services, runtime_saturation=r_saturation,
            runtime_routes=r_routes, runtime_sources=r_sources,
        )

    def to_json(self) -> str:
        """Serialise to the canonical, deterministic JSON document."""
        data = self.normalized().model_dump(mode="json")
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SystemModel:
        return cls.model_validate_json(text)


def facts_json_schema() -> dict[str, Any]:
    """The JSON Schema of the facts document, generated from these types."""
    schema = SystemModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://archgov.dev/schemas/facts-{SCHEMA_VERSION}.json"
    return schema
