"""Outbound calls declared in configuration rather than code.

Gateway routes (Spring Cloud Gateway `routes[].uri`, Zuul `routes.*.url|serviceId` and the
short form `routes.<service-id>: /path/**`, YARP
destinations, Traefik servers, Kong services), datastore settings (`spring.datasource.url`,
`spring.data.*`, `spring.redis.*`, `spring.kafka.bootstrap-servers`, `ConnectionStrings`), and
the servers a Spring Cloud client talks to at start-up: the config server
(`spring.config.import: configserver:...`, `spring.cloud.config.uri`) and the discovery
registry (Eureka `serviceUrl.defaultZone`, Consul host, Nacos server-addr). Config-declared
calls name their key (target_kind "config") so the resolver applies profiles, placeholders
and env overrides the same way it does for keys read in code.
"""

from __future__ import annotations

import re

from analyzer.ingest.code.config.files import ConfigValue, normalize_key
from analyzer.ingest.code.facts import OutboundCall
from analyzer.ingest.hosts import mask_value

_ZUUL_SHORT = re.compile(r"^zuul\.routes\.[^.\[\]]+$")  # `zuul.routes.<service-id>: /path/**`

# (normalized-key pattern, protocol, label)
_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^spring\.cloud\.gateway(\.server\.webflux)?\.routes\[\d+\]\.uri$"), "http",
     "gateway route"),
    (re.compile(r"^zuul\.routes\.[^.]+\.(url|serviceid)$"), "http", "zuul route"),
    (_ZUUL_SHORT, "http", "zuul route"),
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
    (re.compile(r"^spring\.config\.import$"), "http", "config server"),
    (re.compile(r"^spring\.cloud\.config\.uri$"), "http", "config server"),
    (re.compile(r"^eureka\.client\.serviceurl\.[^.]+$"), "http", "eureka registry"),
    (re.compile(r"^spring\.cloud\.consul\.host$"), "http", "consul registry"),
    (re.compile(r"^spring\.cloud\.nacos\.(discovery|config)\.serveraddr$"), "http",
     "nacos registry"),
]
_SCHEMES = {"mongodb": "mongodb", "redis": "redis", "rabbitmq": "amqp", "kafka": "kafka",
            "consul": "http", "nacos": "http"}
_CONFIG_SERVER = re.compile(r"^(?:optional:)?configserver:(.*)$")


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
            detail = f"{label} {entry.key} = {mask_value(entry.key, entry.value)}"
            calls.append(OutboundCall(entry.line or 1, protocol, "config", entry.key,
                                      detail if len(detail) <= 120 else detail[:117] + "..."))
            break
    return calls


def is_call_key(key: str) -> bool:
    """True when `config_calls` turns this key into a call (its hosts are resolved there)."""
    norm = normalize_key(key)
    return any(pattern.match(norm) for pattern, _protocol, _label in _RULES)


def literal_scheme(label_or_key: str, value: str) -> str:
    """The address part of a config value: the `configserver:` URLs of `spring.config.import`
    (other import locations are files, not servers); bare `host:port` values of broker, cache
    and registry keys get a scheme so hosts parse uniformly."""
    norm = normalize_key(label_or_key)
    if norm == "spring.config.import":
        items = (_CONFIG_SERVER.match(item.strip()) for item in value.split(","))
        return ",".join(m.group(1).strip() for m in items if m is not None and m.group(1).strip())
    if "://" in value or value.startswith("jdbc:"):
        return value
    if _ZUUL_SHORT.match(norm):  # the route's name is the service id; the value is its path
        return f"lb://{label_or_key.rsplit('.', 1)[-1]}" if value.strip().startswith("/") else ""
    for word, scheme in _SCHEMES.items():
        if word in norm:
            return f"{scheme}://{value}"
    return value
