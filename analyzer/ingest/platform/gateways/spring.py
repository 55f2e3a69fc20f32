"""Spring Cloud Gateway and Zuul routes in a gateway service's `application.yml`.

`spring.cloud.gateway[.server.webflux].routes[]` give `uri` (`lb://orders`, `http://...`),
`predicates` (`Path=/orders/**`, `Host=...`) and `filters` (`CircuitBreaker`, `Retry`,
`RequestRateLimiter`, `TokenRelay`); `default-filters` apply to every route. Zuul's
`zuul.routes.<name>` give `path` and `serviceId` or `url` (Hystrix wraps every Zuul route, so
Zuul routes break circuits by default). The gateway node is the service owning the file.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.platform.common import (Collected, ServiceIndex, dict_at, item_line, line,
                                             list_at, text)
from analyzer.ingest.platform.gateways.routes import RouteFacts, record

AUTH_FILTERS = {"tokenrelay": "oauth2", "jwt": "jwt", "oauth2": "oauth2"}


def has_routes(data: Any) -> bool:
    spring = dict_at(dict_at(data).get("spring"))
    return bool(_gateway_routes(spring)[1]) or bool(dict_at(dict_at(dict_at(data).get("zuul")).get(
        "routes")))


def read_spring(file: str, data: dict, index: ServiceIndex, out: Collected) -> None:
    folder = file.rsplit("/", 1)[0] if "/" in file else ""
    gateway = index.folder(folder)
    spring = dict_at(data.get("spring"))
    gateway_cfg, routes = _gateway_routes(spring)
    defaults = [_filter_name(f) for f in list_at(dict_at(gateway_cfg).get("default-filters"))]
    security = dict_at(dict_at(spring.get("security")).get("oauth2"))
    for i, raw in enumerate(out.capped(routes, file, None, "routes")):
        route = dict_at(raw)
        uri = text(route.get("uri"))
        filters = defaults + [_filter_name(f) for f in list_at(route.get("filters"))]
        predicates = [text(p) if not isinstance(p, dict) else
                      f"{text(p.get('name'))}={text(dict_at(p.get('args')).get('pattern') or dict_at(p.get('args')).get('_genkey_0'))}"
                      for p in list_at(route.get("predicates"))]
        auth = [AUTH_FILTERS[f] for f in filters if f in AUTH_FILTERS]
        if security.get("resourceserver"):
            auth.append("jwt" if dict_at(security["resourceserver"]).get("jwt") else "oauth2")
        record(RouteFacts(
            gateway="spring-cloud-gateway", name=text(route.get("id")) or f"route-{i}", file=file,
            line=item_line(routes, i, None), target=uri,
            service=index.host(uri.replace("lb://", "", 1)), gateway_service=gateway,
            hosts=[p.split("=", 1)[1] for p in predicates if p.startswith("Host=")],
            paths=[p.split("=", 1)[1] for p in predicates if p.startswith("Path=")],
            tls=bool(dict_at(dict_at(data.get("server")).get("ssl")).get("enabled")),
            auth=auth, rate_limit="requestratelimiter" in filters,
            circuit_breaker=bool({"circuitbreaker", "hystrix"} & set(filters)),
            retries=1 if "retry" in filters else None), out)
    zuul = dict_at(dict_at(data.get("zuul")).get("routes"))
    for name, raw in list(zuul.items())[:2_000]:
        route = dict_at(raw)
        target = text(route.get("serviceId") or route.get("service-id") or route.get("url")
                      or name)
        record(RouteFacts(
            gateway="zuul", name=str(name), file=file, line=line(zuul, name), target=target,
            service=index.host(target), gateway_service=gateway,
            paths=[text(route.get("path"))] if route.get("path") else [],
            tls=bool(dict_at(dict_at(data.get("server")).get("ssl")).get("enabled")),
            auth=["oauth2"] if security or dict_at(data.get("security")).get("oauth2") else [],
            rate_limit=bool(dict_at(dict_at(data.get("zuul")).get("ratelimit")).get("enabled")),
            circuit_breaker=True), out)


def _gateway_routes(spring: dict) -> tuple[dict, list]:
    gateway = dict_at(dict_at(spring.get("cloud")).get("gateway"))
    webflux = dict_at(dict_at(gateway.get("server")).get("webflux"))
    for cfg in (gateway, webflux):
        if isinstance(cfg.get("routes"), list):
            return cfg, cfg["routes"]
    return {}, []


def _filter_name(value: Any) -> str:
    if isinstance(value, dict):
        return text(value.get("name")).lower()
    return text(value).split("=", 1)[0].strip().lower()
