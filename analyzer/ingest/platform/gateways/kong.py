"""Kong declarative configuration (`_format_version`: services, routes, plugins, upstreams).

Routes may be nested under their service or listed at the top with a `service` reference;
plugins apply globally, per service, per route or per consumer (consumer plugins protect no
route and are ignored). An upstream's passive health check is Kong's circuit breaker.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.platform.common import (Collected, ServiceIndex, dict_at, item_line, line,
                                             list_at, text)
from analyzer.ingest.platform.gateways.routes import RouteFacts, gateway_node, record

AUTH_PLUGINS = {"jwt": "jwt", "oauth2": "oauth2", "openid-connect": "oidc", "key-auth": "key-auth",
                "basic-auth": "basic-auth", "hmac-auth": "hmac-auth", "ldap-auth": "ldap-auth",
                "session": "session", "oauth2-introspection": "oauth2", "jwt-signer": "jwt"}
RATE_PLUGINS = frozenset({"rate-limiting", "rate-limiting-advanced", "response-ratelimiting"})
SECURE = frozenset({"https", "grpcs", "tls", "tls_passthrough", "wss"})


def is_kong(data: Any) -> bool:
    return isinstance(data, dict) and "_format_version" in data and (
        "services" in data or "routes" in data)


def read_kong(file: str, data: dict, index: ServiceIndex, out: Collected) -> None:
    gateway = gateway_node(index, "kong")
    plugins = [dict_at(p) for p in list_at(data.get("plugins")) if isinstance(p, dict)]
    upstreams = {text(dict_at(u).get("name")): dict_at(u) for u in list_at(data.get("upstreams"))}
    services = out.capped(list_at(data.get("services")), file, None, "services")
    by_name = {text(dict_at(s).get("name")): dict_at(s) for s in services}
    routes: list[tuple[dict, dict, int | None]] = []
    for service in by_name.values():
        nested = list_at(service.get("routes"))
        for i, r in enumerate(out.capped(nested, file, None, "routes")):
            routes.append((dict_at(r), service, item_line(nested, i, line(service, "routes"))))
        plugins += [{**dict_at(p), "service": text(service.get("name"))}
                    for p in list_at(service.get("plugins"))]
    top = list_at(data.get("routes"))
    for i, r in enumerate(out.capped(top, file, None, "routes")):
        ref = dict_at(r).get("service")
        ref = text(dict_at(ref).get("name")) if isinstance(ref, dict) else text(ref)
        routes.append((dict_at(r), by_name.get(ref, {}), item_line(top, i, line(data, "routes"))))
    for route, service, at in routes:
        own = [{**dict_at(p), "route": text(route.get("name"))} for p in list_at(route.get("plugins"))]
        active = [p for p in plugins + own if _applies(p, route, service)]
        names = {text(p.get("name")) for p in active if p.get("enabled", True) is not False}
        target, upstream = _target(service)
        resolved = index.host(target)
        if resolved is None and upstream in upstreams:
            for t in list_at(upstreams[upstream].get("targets")):
                resolved = resolved or index.host(text(dict_at(t).get("target")))
        protocols = [text(p) for p in list_at(route.get("protocols"))] or ["http", "https"]
        passive = dict_at(dict_at(dict_at(upstreams.get(upstream)).get("healthchecks")).get(
            "passive"))
        record(RouteFacts(
            gateway="kong", name=text(route.get("name")) or f"route@{at}", file=file, line=at,
            target=target, service=resolved, gateway_service=gateway,
            hosts=[text(h) for h in list_at(route.get("hosts"))],
            paths=[text(p) for p in list_at(route.get("paths"))],
            tls=all(p in SECURE for p in protocols),
            auth=[AUTH_PLUGINS[n] for n in names if n in AUTH_PLUGINS],
            rate_limit=bool(names & RATE_PLUGINS),
            circuit_breaker=_unhealthy(passive),
            retries=service.get("retries") if isinstance(service.get("retries"), int) else None,
            timeouts={k: text(service.get(k)) for k in ("connect_timeout", "read_timeout",
                                                        "write_timeout") if k in service}), out)


def _applies(plugin: dict, route: dict, service: dict) -> bool:
    if plugin.get("consumer"):
        return False
    on_route, on_service = plugin.get("route"), plugin.get("service")
    if isinstance(on_route, dict):
        on_route = on_route.get("name")
    if isinstance(on_service, dict):
        on_service = on_service.get("name")
    if on_route:
        return text(on_route) == text(route.get("name"))
    if on_service:
        return text(on_service) == text(service.get("name"))
    return True


def _target(service: dict) -> tuple[str, str]:
    url = text(service.get("url"))
    host = text(service.get("host"))
    if url:
        rest = url.split("://", 1)[-1]
        return url, rest.split("/", 1)[0].split(":", 1)[0]
    return host, host


def _unhealthy(passive: dict) -> bool:
    unhealthy = dict_at(passive.get("unhealthy"))
    return any(isinstance(unhealthy.get(k), int) and unhealthy.get(k) > 0
               for k in ("http_failures", "tcp_failures", "timeouts"))
