"""Who uses each ConfigMap and Secret: the objects that name it, found in one pass.

A workload names one through its containers' and init containers' `env[].valueFrom` and
`envFrom`, its volumes (`configMap`, `secret`, `projected` sources) and `imagePullSecrets`; an
Ingress through `tls[].secretName`; a Gateway through its listeners' TLS `certificateRefs`; a
ServiceAccount through `secrets` and `imagePullSecrets`. The result feeds the
`referenced_by` fact of each ConfigMap and Secret, so a rule can tell an orphan from a used one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from analyzer.ingest.manifests.k8s_objects import WORKLOAD_KINDS, K8sObject, pod_template

RefKey = tuple[str, str, str]  # (ConfigMap | Secret, namespace, name)


def config_references(objects: list[K8sObject]) -> dict[RefKey, list[str]]:
    """(kind, namespace, name) -> the sorted `Kind/name` of every object naming it."""
    found: dict[RefKey, set[str]] = defaultdict(set)
    for obj in objects:
        who = f"{obj.kind}/{obj.name}"
        for kind, name in _named(obj):
            if name:
                found[(kind, obj.namespace, name)].add(who)
    return {key: sorted(users) for key, users in found.items()}


def _named(obj: K8sObject) -> list[tuple[str, str]]:
    if obj.kind in WORKLOAD_KINDS:
        return _pod_references(_dict(pod_template(obj).get("spec")))
    if obj.kind == "Ingress":
        return [("Secret", _name(t, "secretName")) for t in _list(obj.spec.get("tls"))]
    if obj.kind == "Gateway":
        return [("Secret", _name(ref, "name")) for listener in _list(obj.spec.get("listeners"))
                for ref in _list(_dict(listener.get("tls")).get("certificateRefs"))]
    if obj.kind == "ServiceAccount":
        return [("Secret", _name(s, "name")) for key in ("secrets", "imagePullSecrets")
                for s in _list(obj.body.get(key))]
    return []


def _pod_references(spec: dict) -> list[tuple[str, str]]:
    out = [("Secret", _name(s, "name")) for s in _list(spec.get("imagePullSecrets"))]
    for key in ("containers", "initContainers"):
        for container in _list(spec.get(key)):
            for item in _list(container.get("envFrom")):
                out += [("ConfigMap", _name(_dict(item.get("configMapRef")), "name")),
                        ("Secret", _name(_dict(item.get("secretRef")), "name"))]
            for item in _list(container.get("env")):
                source = _dict(item.get("valueFrom"))
                out += [("ConfigMap", _name(_dict(source.get("configMapKeyRef")), "name")),
                        ("Secret", _name(_dict(source.get("secretKeyRef")), "name"))]
    for volume in _list(spec.get("volumes")):
        out += [("ConfigMap", _name(_dict(volume.get("configMap")), "name")),
                ("Secret", _name(_dict(volume.get("secret")), "secretName"))]
        for source in _list(_dict(volume.get("projected")).get("sources")):
            out += [("ConfigMap", _name(_dict(source.get("configMap")), "name")),
                    ("Secret", _name(_dict(source.get("secret")), "name"))]
    return out


def _name(item: Any, key: str) -> str:
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
