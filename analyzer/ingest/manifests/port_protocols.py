"""The application protocol a workload speaks on each port, as its Kubernetes objects declare it.

An env value such as `cart:7070` has no scheme, so it alone cannot say whether the caller
speaks gRPC or HTTP to `cart`. The callee's manifests often can: a Service port named `grpc`
or `http-api` (the Istio/Kubernetes naming convention `<protocol>[-<suffix>]`), an
`appProtocol`, a native `grpc:` probe, or an exec probe running `grpc_health_probe -addr=:N`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

GRPC = "grpc"
HTTP = "http"

_NAME_PROTOCOLS = {"grpc": GRPC, "grpc-web": GRPC, "http": HTTP, "http2": HTTP, "https": HTTP,
                   "h2c": HTTP}
_PROBE_KEYS = ("readinessProbe", "livenessProbe", "startupProbe")
_PROBE_ADDR = re.compile(r"-addr(?:=|\s+)(\S*)")  # the token, then its port: linear
_ADDR_PORT = re.compile(r":(\d+)\b")


def port_protocols(containers: list[dict], services: list[dict]) -> tuple[tuple[int, str], ...]:
    """(port, protocol) pairs a workload declares, for container and Service ports alike.

    `containers` are the pod's container specs, `services` the specs of the Services selecting
    it. A port named with two different protocols is left out: the manifests disagree.
    """
    seen: dict[int, set[str]] = defaultdict(set)
    named: dict[str, int] = {}
    for container in containers:
        for port in _items(container.get("ports")):
            number = _int(port.get("containerPort"))
            protocol = protocol_of(port.get("name"), port.get("appProtocol"))
            if number is not None and isinstance(port.get("name"), str):
                named[port["name"]] = number
            if number is not None and protocol:
                seen[number].add(protocol)
        for number in _grpc_probe_ports(container, named):
            seen[number].add(GRPC)
    for spec in services:
        for port in _items(spec.get("ports")):
            protocol = protocol_of(port.get("name"), port.get("appProtocol"))
            if not protocol:
                continue
            target = port.get("targetPort")
            numbers = {_int(port.get("port")), _int(target) if not isinstance(target, str)
                       else named.get(target)}
            for number in numbers - {None}:
                seen[number].add(protocol)
    return tuple(sorted((port, next(iter(p))) for port, p in seen.items() if len(p) == 1))


def protocol_of(name: Any, app_protocol: Any = None) -> str | None:
    """GRPC or HTTP for a port's `appProtocol` or `<protocol>[-<suffix>]` name, else None."""
    if isinstance(app_protocol, str) and app_protocol.strip():
        value = app_protocol.strip().lower().rsplit("/", 1)[-1]
        return _NAME_PROTOCOLS.get(value)
    if not isinstance(name, str):
        return None
    value = name.strip().lower()
    return _NAME_PROTOCOLS.get(value) or _NAME_PROTOCOLS.get(value.split("-", 1)[0])


def _grpc_probe_ports(container: dict, named: dict[str, int]) -> set[int]:
    """Ports a native `grpc:` probe or an exec `grpc_health_probe -addr=...:N` checks."""
    ports: set[int] = set()
    for key in _PROBE_KEYS:
        probe = container.get(key)
        if not isinstance(probe, dict):
            continue
        grpc = probe.get("grpc")
        if isinstance(grpc, dict):
            port = grpc.get("port")
            number = named.get(port) if isinstance(port, str) else _int(port)
            if number is not None:
                ports.add(number)
        command = probe.get("exec", {}).get("command") if isinstance(probe.get("exec"), dict) \
            else None
        if isinstance(command, list):
            text = " ".join(str(part) for part in command)
            if "grpc_health_probe" in text:
                ports.update(int(p.group(1)) for m in _PROBE_ADDR.finditer(text)
                             if (p := _ADDR_PORT.search(m.group(1))))
    return ports


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _items(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
