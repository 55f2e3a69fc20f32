"""Outbound calls declared in configuration rather than code.

Gateway routes (Spring Cloud Gateway `routes[].uri`, Zuul `routes.*.url|serviceId`, YARP
destinations, Traefik servers, Kong services), datastore settings (`spring.datasource.url`,
`spring.data.*`, `spring.redis.*`, `spring.kafka.bootstrap-servers`, `ConnectionStrings`),
and nginx `proxy_pass`/`grpc_pass` through `upstream` blocks. Config-declared calls name
their key (target_kind "config") so the resolver applies profiles, placeholders and env
overrides the same way it does for keys read in code.
"""

from __future__ import annotations

import re

from analyzer.ingest.code.configfiles import ConfigValue, normalize_key
from analyzer.ingest.code.facts import OutboundCall

# (normalized-key pattern, protocol, label)
_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^spring\.cloud\.gateway(\.server\.webflux)?\.routes\[\d+\]\.uri$"), "http",
     "gateway route"),
    (re.compile(r"^zuul\.routes\.[^.]+\.(url|serviceid)$"), "http", "zuul route"),
    (re.compile(r"^reverseproxy\.clusters\.[^.]+\.destinations\.[^.]+\.address$"), "http",
     "yarp destination"),
    (re.compile(r"^http\.services\.[^.]+\.loadbalancer\.servers\[\d+\]\.url$"), "http",
     "traefik service"),
    (re.compile(r"^services\[\d+\]\.(url|host)$"), "http", "kong service"),
    (re.compile(r"^spring\.datasource(\.[^.]+)?\.(url|jdbcurl)$"), "db", "datasource"),
    (re.compile(r"^spring\.r2dbc\.url$"), "db", "r2dbc"),
    (re.compile(r"^spring\.data\.mongodb\.(uri|host)$"), "db", "mongodb"),
    (re.compile(r"^spring\.(data\.)?elasticsearch\.(uris|resturis)$"), "db", "elasticsearch"),
    (re.compile(r"^spring\.(data\.)?redis\.(url|host)$"), "cache", "redis"),
    (re.compile(r"^spring\.rabbitmq\.(host|addresses)$"), "async", "rabbitmq"),
    (re.compile(r"^spring\.kafka\.bootstrapservers$"), "async", "kafka"),
    (re.compile(r"^spring\.cloud\.stream\.kafka\.binder\.brokers$"), "async", "kafka"),
    (re.compile(r"^connectionstrings\.[^.]+$"), "db", "connection string"),
]
_SCHEMES = {"mongodb": "mongodb", "redis": "redis", "rabbitmq": "amqp", "kafka": "kafka"}

_NGINX_COMMENT = re.compile(r"#[^\n]*")
_NGINX_UPSTREAM = re.compile(r"upstream\s+([\w.-]+)\s*\{([^}]*)\}", re.S)
_NGINX_SERVER = re.compile(r"(?:^|[;{\s])server\s+([^\s;]+)[^;]*;")
_NGINX_PASS = re.compile(r"\b(proxy_pass|grpc_pass|uwsgi_pass)\s+([^\s;]+)\s*;")
_NGINX_SET = re.compile(r"\bset\s+\$(\w+)\s+\"?([^\s;\"]+)\"?\s*;")


def config_calls(values: list[ConfigValue]) -> list[OutboundCall]:
    """Calls named by config keys (gateway routes, datasources, brokers)."""
    calls: list[OutboundCall] = []
    for entry in values:
        norm = normalize_key(entry.key)
        for pattern, protocol, label in _RULES:
            if not pattern.match(norm):
                continue
            if label == "connection string" and "redis" in norm:
                protocol = "cache"
            detail = f"{label} {entry.key} = {entry.value}"
            calls.append(OutboundCall(entry.line or 1, protocol, "config", entry.key,
                                      detail if len(detail) <= 120 else detail[:117] + "..."))
            break
    return calls


def literal_scheme(label_or_key: str, value: str) -> str:
    """Add a scheme to bare `host:port` values of broker/cache keys so hosts parse uniformly."""
    norm = normalize_key(label_or_key)
    if "://" in value or value.startswith("jdbc:"):
        return value
    for word, scheme in _SCHEMES.items():
        if word in norm:
            return f"{scheme}://{value}"
    return value


def nginx_calls(text: str) -> list[OutboundCall]:
    """`proxy_pass`/`grpc_pass` targets, expanded through `upstream` blocks and `set` variables."""
    body = _NGINX_COMMENT.sub("", text)
    upstreams: dict[str, list[str]] = {}
    for match in _NGINX_UPSTREAM.finditer(body):
        upstreams[match.group(1)] = [s.group(1) for s in _NGINX_SERVER.finditer(match.group(2))]
    variables = {m.group(1): m.group(2) for m in _NGINX_SET.finditer(body)}
    calls: list[OutboundCall] = []
    for match in _NGINX_PASS.finditer(body):
        line = body.count("\n", 0, match.start()) + 1
        directive, target = match.group(1), match.group(2)
        if target.startswith("$"):
            target = variables.get(target[1:].split("/")[0], "")
            if not target:
                continue
        scheme, _, rest = target.partition("://")
        if not rest:
            scheme, rest = "http", target
        name = re.split(r"[/:]", rest, maxsplit=1)[0]
        protocol = "grpc" if directive == "grpc_pass" or scheme.startswith("grpc") else "http"
        servers = upstreams.get(name) or [rest.split("/", 1)[0]]
        for server in servers:
            url = f"{scheme}://{server}"
            calls.append(OutboundCall(line, protocol, "url", url,
                                      f"nginx {directive} {target}"[:120]))
    return calls
