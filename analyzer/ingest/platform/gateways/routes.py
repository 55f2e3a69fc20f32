"""One gateway route as a fact: where it matches, where it sends, and what protects it.

Every reader fills a `RouteFacts` and calls `record`, which adds the `GatewayRoute` resource
and, when both the gateway node and the routed service are known, the route edge's evidence.
Authentication is named by the plugin or policy kind (jwt, oauth2, oidc, key-auth,
basic-auth, forward-auth, ...); rate limiting, circuit breaking, retries and timeouts are
recorded as seen, with whether this gateway can break circuits at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.ingest.platform.common import Collected, ServiceIndex
from analyzer.model import Evidence, Origin, Resource

# gateway -> can it open a circuit (natively or with a bundled plugin/middleware)?
CIRCUIT_BREAKING = {"kong": True, "traefik": True, "spring-cloud-gateway": True, "zuul": True}


@dataclass
class RouteFacts:
    gateway: str  # kong | traefik | spring-cloud-gateway | zuul
    name: str
    file: str
    line: int | None
    target: str  # what the config writes (upstream URL, service name)
    service: str | None  # the routed service, when the target resolves
    gateway_service: str | None  # the gateway's own node, when known
    hosts: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    tls: bool = False
    auth: list[str] = field(default_factory=list)
    rate_limit: bool = False
    circuit_breaker: bool = False
    retries: int | None = None
    timeouts: dict[str, str] = field(default_factory=dict)


def record(route: RouteFacts, out: Collected, edge: bool = True) -> None:
    facts = {
        "gateway": route.gateway, "gateway_service": route.gateway_service, "route": route.name,
        "target": route.target, "hosts": sorted(set(route.hosts)),
        "paths": sorted(set(route.paths)), "tls": route.tls, "auth": sorted(set(route.auth)),
        "authenticated": bool(route.auth), "rate_limit": route.rate_limit,
        "circuit_breaker": route.circuit_breaker,
        "circuit_breaker_supported": CIRCUIT_BREAKING.get(route.gateway, False),
        "retries": route.retries, "timeouts": dict(sorted(route.timeouts.items())),
        "external": True, "services": [route.service] if route.service else []}
    out.resources.append(Resource(kind="GatewayRoute", name=route.name, file=route.file,
                                  line=route.line, service=route.service, facts=facts))
    if edge and route.service and route.gateway_service and route.service != route.gateway_service:
        where = ", ".join(sorted(set(route.hosts)) + sorted(set(route.paths))) or "*"
        out.routes[(route.gateway_service, route.service)].add(Evidence(
            origin=Origin.CONFIG, file=route.file, line=route.line,
            detail=f"{route.gateway} route {route.name} ({where})"[:300]))


def gateway_node(index: ServiceIndex, word: str) -> str | None:
    """The gateway service running `word` (kong, traefik): by image, then by name."""
    candidates = [s for s in index.services if s.role.value == "gateway"]
    for service in candidates:
        if service.image and word in service.image.lower():
            return service.id
    for service in candidates:
        if word in service.id.lower():
            return service.id
    return candidates[0].id if len(candidates) == 1 else None
