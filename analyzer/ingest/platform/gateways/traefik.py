"""Traefik routers: compose labels (`traefik.http.routers.<r>.rule=...`), dynamic
configuration files (`http: routers/services/middlewares`) and Kubernetes IngressRoutes.

A router's middlewares decide what protects it: basicAuth, digestAuth and forwardAuth are
authentication, rateLimit is rate limiting, circuitBreaker and retry are resilience.
A middleware defined out of sight (`auth@file` in another file) counts by its name. TLS is a
`tls` section, a cert resolver, or an entry point named websecure/https.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.platform.common import (Collected, ServiceIndex, dict_at, item_line, line,
                                             list_at, text)
from analyzer.ingest.platform.gateways.routes import RouteFacts, gateway_node, record

AUTH = {"basicauth": "basic-auth", "digestauth": "digest-auth", "forwardauth": "forward-auth"}
_RULE_PART = re.compile(r"(Host|PathPrefix|Path|HostRegexp)\(\s*`([^`]{0,300})`")
_SECURE_ENTRYPOINTS = frozenset({"websecure", "https", "web-secure", "secure"})


def compose_labels(service: dict) -> dict[str, tuple[str, int | None]]:
    """`traefik.*` labels of a compose service (list or mapping form) -> (value, line)."""
    labels = service.get("labels")
    found: dict[str, tuple[str, int | None]] = {}
    if isinstance(labels, dict):
        for key, value in labels.items():
            if str(key).startswith("traefik."):
                found[str(key)] = (text(value), line(labels, key))
    for i, item in enumerate(list_at(labels)):
        if isinstance(item, str) and item.startswith("traefik.") and "=" in item:
            key, value = item.split("=", 1)
            found[key.strip()] = (text(value.strip()), item_line(labels, i))
    return found


def read_labels(file: str, name: str, sid: str | None, labels: dict[str, tuple[str, int | None]],
                middlewares: dict[str, dict], index: ServiceIndex, out: Collected) -> None:
    """The routers a compose service's labels declare; the routed service is that service."""
    if labels.get("traefik.enable", ("true", None))[0].lower() == "false":
        return
    routers: dict[str, dict[str, Any]] = {}
    for key, (value, at) in labels.items():
        parts = key.split(".")
        if len(parts) >= 5 and parts[1] == "http" and parts[2] == "routers":
            router = routers.setdefault(parts[3], {"line": at})
            router[".".join(parts[4:]).lower()] = value
            if at is not None and (router["line"] is None or at < router["line"]):
                router["line"] = at
    for router_name, router in sorted(routers.items()):
        _record(file, router_name, router.get("line"), name, sid, router.get("rule", ""),
                router.get("middlewares", "").split(","),
                router.get("tls", "").lower() == "true" or any(k.startswith("tls.")
                                                               for k in router),
                router.get("entrypoints", "").split(","), middlewares, index, out)


def label_middlewares(labels: dict[str, tuple[str, int | None]]) -> dict[str, dict]:
    """Middlewares defined in labels: name -> {type: {...}} (types lower-cased)."""
    found: dict[str, dict] = {}
    for key, _ in labels.items():
        parts = key.split(".")
        if len(parts) >= 5 and parts[1] == "http" and parts[2] == "middlewares":
            found.setdefault(parts[3], {})[parts[4].lower()] = {}
    return found


def is_dynamic(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(dict_at(data.get("http")).get("routers"), dict)


def read_dynamic(file: str, data: dict, middlewares: dict[str, dict], index: ServiceIndex,
                 out: Collected) -> None:
    http = dict_at(data.get("http"))
    services = dict_at(http.get("services"))
    for name, raw in list(dict_at(http.get("routers")).items())[:2_000]:
        router = dict_at(raw)
        target = text(router.get("service")).split("@", 1)[0]
        servers = list_at(dict_at(dict_at(services.get(target)).get("loadBalancer")).get("servers"))
        url = next((text(dict_at(s).get("url")) for s in servers if dict_at(s).get("url")), target)
        _record(file, str(name), line(http.get("routers"), name), url, index.host(url) or
                index.name(target), text(router.get("rule")),
                [text(m) for m in list_at(router.get("middlewares"))], "tls" in router,
                [text(e) for e in list_at(router.get("entryPoints"))], middlewares, index, out)


def dynamic_middlewares(data: Any) -> dict[str, dict]:
    found = {}
    for name, raw in list(dict_at(dict_at(dict_at(data).get("http")).get("middlewares")).items()):
        found[str(name)] = {str(k).lower(): v for k, v in dict_at(raw).items()}
    return found


def read_ingress_route(file: str, obj: dict, middlewares: dict[str, dict], index: ServiceIndex,
                       out: Collected) -> None:
    spec = dict_at(obj.get("spec"))
    name = text(dict_at(obj.get("metadata")).get("name"))
    routes = list_at(spec.get("routes"))
    for i, raw in enumerate(out.capped(routes, file, None, "routes")):
        route = dict_at(raw)
        backends = [text(dict_at(s).get("name")) for s in list_at(route.get("services"))]
        target = backends[0] if backends else ""
        _record(file, f"{name}#{i}", item_line(routes, i, line(spec, "routes")), target,
                index.name(target), text(route.get("match")),
                [text(dict_at(m).get("name")) for m in list_at(route.get("middlewares"))],
                "tls" in spec, [text(e) for e in list_at(spec.get("entryPoints"))],
                middlewares, index, out)


def _record(file: str, name: str, at: int | None, target: str, service: str | None, rule: str,
            used: list[str], tls: bool, entrypoints: list[str], middlewares: dict[str, dict],
            index: ServiceIndex, out: Collected) -> None:
    kinds: set[str] = set()
    auth: set[str] = set()
    for ref in (u.strip() for u in used if u.strip()):
        bare = ref.split("@", 1)[0]
        types = set(middlewares.get(bare, {}))
        lowered = bare.lower()
        if not types:  # defined out of sight: judge by its name
            types = {t for t, words in (("basicauth", ("basic",)), ("forwardauth", ("auth", "jwt",
                     "oauth", "oidc")), ("ratelimit", ("ratelimit", "rate-limit", "throttle")),
                     ("circuitbreaker", ("circuit", "breaker"))) if any(w in lowered for w in words)}
        kinds |= types
        auth |= {AUTH[t] for t in types if t in AUTH}
    hosts = [v for k, v in _RULE_PART.findall(rule) if k.startswith("Host")]
    paths = [v for k, v in _RULE_PART.findall(rule) if k.startswith("Path")]
    record(RouteFacts(
        gateway="traefik", name=name, file=file, line=at, target=target, service=service,
        gateway_service=gateway_node(index, "traefik"), hosts=hosts, paths=paths,
        tls=tls or bool({e.strip().lower() for e in entrypoints} & _SECURE_ENTRYPOINTS),
        auth=sorted(auth), rate_limit="ratelimit" in kinds,
        circuit_breaker="circuitbreaker" in kinds,
        retries=1 if "retry" in kinds else None), out)
