"""Kinds behind the microservice smells pack: no gateway, unversioned public APIs, hub-like
services, too many standards, shared internal libraries, unstable dependencies (SDP) and
synchronous calls without resilience support (wobbly interactions).

Each reads facts the ingestors recorded (services and entry points, routes, libraries,
Dockerfile resources, complexity languages, metrics) and judges nothing it cannot see: a
smell whose facts are missing simply has no hit.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from fnmatch import fnmatchcase

from pydantic import Field

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, edge_evidence, join
from analyzer.model import Evidence, Origin

_ECOSYSTEM_LANGUAGE = {"maven": "java", "gradle": "java", "npm": "javascript", "nuget": "csharp",
                       "pypi": "python", "go": "go", "cargo": "rust", "gem": "ruby"}
_VERSION_SEGMENT = re.compile(r"^(v\d+([.]\d+)?|\d{4}-\d{2}-\d{2})$", re.IGNORECASE)


class GatewayParams(Params):
    gateways: list[str] = Field(
        default_factory=lambda: ["*gateway*", "*ingress*", "*proxy*", "*nginx*", "*traefik*",
                                 "*envoy*", "*kong*", "*haproxy*", "*apisix*", "*bff*"],
        description="globs of service ids or images that act as a gateway")
    gateway_kinds: list[str] = Field(
        default_factory=lambda: ["Ingress", "Gateway", "HTTPRoute", "IngressRoute",
                                 "VirtualService"],
        description="Kubernetes resource kinds that route outside traffic in")


class NoGateway(RuleKind):
    """A system whose entry-point services are reached directly: no gateway service (by id or
    image glob) and no Ingress-like resource."""

    name = "no-gateway"
    description = "Services reachable from outside with no API gateway or ingress in front."
    subject_kind = "system"
    fields = frozenset({"count", "services"})
    Params = GatewayParams

    def check(self, ctx: EvalContext, params: GatewayParams) -> Iterator[Hit]:
        exposed = sorted(s.id for s in ctx.model.services if s.entry_points)
        if not exposed:
            return
        if any(r.kind in params.gateway_kinds for r in ctx.model.resources):
            return
        if any(any(fnmatchcase(v.lower(), g) for g in params.gateways)
               for s in ctx.model.services for v in (s.id, s.image or "")):
            return
        evidence = [e for s in ctx.model.services if s.id in exposed for e in s.declared_in]
        yield Hit(subject="system", evidence=evidence,
                  fields={"count": len(exposed), "services": join(exposed)})


class VersionParams(Params):
    ignore_paths: list[str] = Field(
        default_factory=lambda: ["/health*", "/ready*", "/live*", "/metrics*", "/", "/favicon*",
                                 "/actuator*", "/swagger*", "/openapi*", "/docs*"],
        description="globs of route paths that need no version")


class UnversionedApi(RuleKind):
    """An entry-point service with routes whose path has no version segment (/v1, /v2.1,
    /2024-01-31). Version headers are not visible in the facts, so a service versioned only
    by header should list its paths in `ignore_paths` or be ignored."""

    name = "unversioned-api"
    description = "Routes of a public (entry-point) service with no version in the path."
    subject_kind = "service"
    fields = frozenset({"service", "count", "examples"})
    Params = VersionParams

    def check(self, ctx: EvalContext, params: VersionParams) -> Iterator[Hit]:
        public = {s.id for s in ctx.model.services if s.entry_points}
        loose: dict[str, list] = defaultdict(list)
        for route in ctx.model.routes:
            if route.service not in public or _versioned(route.path):
                continue
            if any(fnmatchcase(route.path, p) for p in params.ignore_paths):
                continue
            loose[route.service].append(route)
        for service in sorted(loose):
            routes = sorted(loose[service], key=lambda r: (r.path, r.method))
            examples = sorted({f"{r.method} {r.path}" for r in routes})
            evidence = [Evidence(origin=Origin.CODE, file=r.file, line=r.line,
                                 detail=f"{r.method} {r.path}") for r in routes if r.file]
            yield Hit(subject=service, service=service, evidence=evidence,
                      fields={"service": service, "count": len(routes),
                              "examples": join(examples[:5])})


class HubParams(Params):
    sigmas: float = Field(2.0, ge=0, description="how many standard deviations above the mean "
                                                 "both fan-in and fan-out must be")
    min_services: int = Field(5, ge=3, description="smallest system the statistics apply to")
    min_degree: int = Field(3, ge=1, description="fan-in and fan-out must also be at least this")


class HubService(RuleKind):
    """A service whose fan-in AND fan-out are both outliers (> mean + sigmas x stdev): an
    ESB-like hub every change and failure goes through."""

    name = "hub-service"
    description = "A service with outlier fan-in and fan-out at once (hub, ESB)."
    subject_kind = "service"
    fields = frozenset({"service", "fan_in", "fan_out", "limit_in", "limit_out"})
    Params = HubParams

    def check(self, ctx: EvalContext, params: HubParams) -> Iterator[Hit]:
        metrics = ctx.metrics.services
        if len(metrics) < params.min_services:
            return
        limit_in = _outlier([m.fan_in for m in metrics], params.sigmas)
        limit_out = _outlier([m.fan_out for m in metrics], params.sigmas)
        for m in metrics:
            if min(m.fan_in, m.fan_out) >= params.min_degree and m.fan_in > limit_in \
                    and m.fan_out > limit_out:
                yield Hit(subject=m.service, service=m.service,
                          fields={"service": m.service, "fan_in": m.fan_in,
                                  "fan_out": m.fan_out, "limit_in": round(limit_in, 1),
                                  "limit_out": round(limit_out, 1)})


class StandardsParams(Params):
    max_languages: int = Field(3, ge=1, description="most programming languages in use")
    max_base_images: int = Field(3, ge=1, description="most distinct Dockerfile base images")
    max_frameworks: int = Field(3, ge=1, description="most web frameworks serving routes")


class TooManyStandards(RuleKind):
    """More languages (code, library ecosystems), base images or web frameworks across the
    services than the team decided to support."""

    name = "too-many-standards"
    description = "Too many languages, base images or web frameworks across the services."
    subject_kind = "system"
    fields = frozenset({"dimension", "count", "max", "values"})
    Params = StandardsParams

    def check(self, ctx: EvalContext, params: StandardsParams) -> Iterator[Hit]:
        model = ctx.model
        languages: dict[str, str] = {}  # value -> the first file showing it (the evidence)
        for c in sorted(model.complexity, key=lambda c: c.file):
            languages.setdefault(c.language.lower(), c.file)
        for lib in sorted(model.libraries, key=lambda x: (x.file, x.line or 0)):
            languages.setdefault(_ECOSYSTEM_LANGUAGE.get(lib.ecosystem.lower(),
                                                         lib.ecosystem.lower()), lib.file)
        images: dict[str, str] = {}
        for r in sorted(model.resources, key=lambda r: r.file):
            if r.kind == "Dockerfile" and r.facts.get("base_image") not in (None, "scratch"):
                images.setdefault(str(r.facts.get("base_image")).split(":")[0], r.file)
        frameworks: dict[str, str] = {}
        for route in sorted(model.routes, key=lambda r: (r.file or "", r.line or 0)):
            if route.framework and route.file:
                frameworks.setdefault(route.framework, route.file)
        for dimension, values, limit in (("base images", images, params.max_base_images),
                                         ("languages", languages, params.max_languages),
                                         ("web frameworks", frameworks, params.max_frameworks)):
            if len(values) > limit:
                origin = Origin.MANIFEST if dimension == "base images" else Origin.CODE
                evidence = [Evidence(origin=origin, file=file, detail=f"{dimension}: {value}")
                            for value, file in sorted(values.items())]
                yield Hit(subject=dimension, salt=dimension, evidence=evidence,
                          fields={"dimension": dimension, "count": len(values), "max": limit,
                                  "values": join(sorted(values))})


class SharedLibraryParams(Params):
    internal: list[str] = Field(
        default_factory=lambda: ["*internal*", "*shared*", "*common*"],
        description="globs of library names (maven groupId:artifactId, npm name, ...) that "
                    "are the organisation's own")
    min_services: int = Field(2, ge=2, description="services sharing a library to report it")


class SharedLibrary(RuleKind):
    """An internal library used by several services: a hidden coupling that makes them
    release together."""

    name = "shared-library"
    description = "An internal library that several services depend on."
    subject_kind = "library"
    fields = frozenset({"library", "count", "services"})
    Params = SharedLibraryParams

    def check(self, ctx: EvalContext, params: SharedLibraryParams) -> Iterator[Hit]:
        users: dict[str, set[str]] = defaultdict(set)
        for lib in ctx.model.libraries:
            if any(fnmatchcase(lib.name.lower(), p) for p in params.internal):
                users[lib.name].add(lib.service)
        for name in sorted(users):
            if len(users[name]) >= params.min_services:
                yield Hit(subject=name, fields={"library": name, "count": len(users[name]),
                                                "services": join(sorted(users[name]))})


class UnstableParams(Params):
    margin: float = Field(0.0, ge=0, le=1, description="how much more unstable the dependency "
                                                       "must be to be reported")


class UnstableDependency(RuleKind):
    """A service depending on a service more unstable than itself (the Stable Dependencies
    Principle): instability = fan_out / (fan_in + fan_out)."""

    name = "unstable-dependency"
    description = "A dependency on a service that is more unstable than the depending one."
    subject_kind = "edge"
    fields = frozenset({"source", "target", "source_instability", "target_instability"})
    Params = UnstableParams

    def check(self, ctx: EvalContext, params: UnstableParams) -> Iterator[Hit]:
        value = {m.service: m.instability for m in ctx.metrics.services}
        for source, target in sorted(ctx.services.edges()):
            if source == target or source not in value or target not in value:
                continue
            if value[target] > value[source] + params.margin:
                yield Hit(subject=f"{source} -> {target}", service=source,
                          evidence=edge_evidence(ctx, source, target),
                          fields={"source": source, "target": target,
                                  "source_instability": value[source],
                                  "target_instability": value[target]})


def _versioned(path: str) -> bool:
    return any(_VERSION_SEGMENT.match(part) for part in path.split("/") if part)


def _outlier(values: list[int], sigmas: float) -> float:
    return statistics.fmean(values) + sigmas * statistics.pstdev(values)


class ResilienceParams(Params):
    libraries: list[str] = Field(
        default_factory=lambda: ["*resilience4j*", "*hystrix*", "*failsafe*", "*spring-retry*",
                                 "*circuitbreaker*", "polly*", "*.resilience*", "tenacity",
                                 "backoff", "pybreaker", "opossum", "cockatiel", "*gobreaker*",
                                 "*go-resiliency*", "*hashicorp/go-retryablehttp*",
                                 "*cenkalti/backoff*", "axios-retry", "got", "p-retry"],
        description="globs of library names that give timeouts, retries or circuit breakers")
    mesh_kinds: list[str] = Field(
        default_factory=lambda: ["VirtualService", "DestinationRule", "ServiceProfile",
                                 "HTTPRoute", "GRPCRoute", "MeshHTTPRoute", "MeshTimeout"],
        description="resource kinds of a service mesh that can set timeouts and retries")


class NoResilience(RuleKind):
    """A service making synchronous calls to other services whose declared libraries give no
    timeout, retry or circuit-breaker support, in a system with no service-mesh routing.

    Judged only where facts exist: a service with no library facts at all is skipped (its
    dependencies are unknown), and per-call timeouts in code are not visible in the facts.
    """

    name = "no-resilience"
    description = "Synchronous calls from a service with no resilience library and no mesh."
    subject_kind = "service"
    fields = frozenset({"service", "count", "targets"})
    Params = ResilienceParams

    def check(self, ctx: EvalContext, params: ResilienceParams) -> Iterator[Hit]:
        if any(r.kind in params.mesh_kinds for r in ctx.model.resources):
            return
        libraries: dict[str, list[str]] = defaultdict(list)
        for lib in ctx.model.libraries:
            libraries[lib.service].append(lib.name.lower())
        sync = {"http", "grpc", "thrift"}
        for service in sorted(libraries):
            if service not in ctx.services or any(  # infra services are not judged
                    fnmatchcase(name, p) for name in libraries[service] for p in params.libraries):
                continue
            targets = sorted(t for t in ctx.services.successors(service) if t != service
                             and sync & set(ctx.services.edges[service, t]["kinds"]))
            if targets:
                evidence = [e for t in targets for e in edge_evidence(ctx, service, t)]
                yield Hit(subject=service, service=service, evidence=evidence,
                          fields={"service": service, "count": len(targets),
                                  "targets": join(targets)})
