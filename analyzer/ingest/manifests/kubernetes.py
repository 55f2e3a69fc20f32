"""Read Kubernetes manifests: workloads joined with the Services selecting them, env resolved.

A workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, ...) and every Service whose
selector matches its pod labels are one service, named after the workload; the Service
names are its host aliases. Env values are resolved through ConfigMaps and Secrets of the
same namespace (Secret values are marked so they are never shown). Every object becomes a
`Resource`.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import defaultdict
from typing import Any

from analyzer.analysis.selectors import LabelIndex
from analyzer.ingest.manifests.declared import Declared, EnvEntry
from analyzer.ingest.manifests.k8s_objects import (
    SCHEDULED_KINDS,
    WORKLOAD_KINDS,
    K8sObject,
    collect_objects,
    containers,
    ingress_backends,
    object_facts,
    pod_labels,
    selector_labels,
)
from analyzer.ingest.manifests.config_refs import config_references
from analyzer.ingest.manifests.k8s_network import ROUTE_KINDS
from analyzer.ingest.manifests.port_protocols import port_protocols
from analyzer.ingest.yamlsafe import LineDict, LineList, YamlDocument, line_of
from analyzer.model import Evidence, Origin, Resource

_Values = dict[str, tuple[str, str, int | None]]  # key -> (value, file, line)
_DEPENDENT_VAR = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")


def read_kubernetes(files: list[tuple[str, list[YamlDocument]]]) -> tuple[list[Declared], list[Resource]]:
    """Services and resources from the documents of all Kubernetes files, read together
    because a Service, a ConfigMap and the Deployment using them may live in different files."""
    objects = [obj for label, docs in files for obj in collect_objects(label, docs)]
    cluster = _Cluster(objects)
    declared = [cluster.declared(w) for w in cluster.workloads]
    users = config_references(objects)
    resources = [Resource(kind=o.kind, name=o.name, namespace=o.namespace, file=o.file,
                          line=o.line, service=cluster.owner(o), facts=_facts(o, users))
                 for o in objects]
    return declared, resources


def _facts(obj: K8sObject, users: dict) -> dict:
    """The object's facts; a ConfigMap or Secret also says who names it (`referenced_by`)."""
    facts = object_facts(obj)
    if obj.kind in ("ConfigMap", "Secret"):
        facts["referenced_by"] = users.get((obj.kind, obj.namespace, obj.name), [])
    return facts


class _Cluster:
    """Indexes over all objects: selectors, config values, entry points."""

    def __init__(self, objects: list[K8sObject]) -> None:
        self.workloads = [o for o in objects if o.kind in WORKLOAD_KINDS]
        self._pods = LabelIndex(self.workloads, lambda w: w.namespace, pod_labels)
        self.config: dict[tuple[str, str, str], _Values] = {}
        for obj in objects:
            if obj.kind in ("ConfigMap", "Secret"):
                self.config[(obj.kind, obj.namespace, obj.name)] = _config_values(obj)
        self.selected: dict[tuple[str, str], list[K8sObject]] = defaultdict(list)  # workload -> Services
        self.selects: dict[tuple[str, str], list[str]] = defaultdict(list)  # Service -> workloads
        for svc in (o for o in objects if o.kind == "Service"):
            selector = selector_labels(svc.spec.get("selector"))
            for w in self._matching(svc.namespace, selector):
                self.selected[(w.namespace, w.name)].append(svc)
                self.selects[(svc.namespace, svc.name)].append(w.name)
        self.entry_points: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.owners: dict[int, str] = {}
        for obj in objects:
            self._link(obj)

    def declared(self, w: K8sObject) -> Declared:
        key = (w.namespace, w.name)
        services = sorted(self.selected.get(key, []), key=lambda s: (s.file, s.line or 0))
        ports = [p.get("containerPort") for c in containers(w) for p in _items(c.get("ports"))]
        for svc in services:
            ports += [p.get("targetPort", p.get("port")) for p in _items(svc.spec.get("ports"))]
        images = [str(c.get("image")) for c in containers(w) if c.get("image")]
        replicas = w.spec.get("replicas", 1) if w.kind in ("Deployment", "StatefulSet",
                                                           "ReplicaSet", "Rollout") else None
        evidence = [Evidence(origin=Origin.MANIFEST, file=o.file, line=o.line,
                             detail=f"{o.kind} {o.namespace}/{o.name}") for o in [w, *services]]
        return Declared(
            id=w.name, platform="kubernetes", namespace=w.namespace,
            image=images[0] if images else None,
            replicas=replicas if isinstance(replicas, int) and not isinstance(replicas, bool) else None,
            ports=tuple(sorted({p for p in ports if isinstance(p, int) and not isinstance(p, bool)})),
            aliases=frozenset(s.name for s in services) - {w.name},
            env=tuple(self._env(w)),
            entry_points=frozenset(self.entry_points.get(key, set())),
            declared_in=tuple(evidence),
            port_protocols=port_protocols(containers(w), [s.spec for s in services]),
        )

    def owner(self, obj: K8sObject) -> str | None:
        return self.owners.get(id(obj))

    def _link(self, obj: K8sObject) -> None:
        """Record which workload an object belongs to and the entry points it creates."""
        ns = obj.namespace
        targets: list[str] = []
        if obj.kind in WORKLOAD_KINDS:
            targets = [obj.name]
            if obj.kind in SCHEDULED_KINDS:
                self.entry_points[(ns, obj.name)].add("scheduled-job")
        elif obj.kind == "Service":
            targets = sorted(self.selects.get((ns, obj.name), []))
            kind = str(obj.spec.get("type") or "ClusterIP")
            if kind in ("LoadBalancer", "NodePort"):
                for name in targets:
                    self.entry_points[(ns, name)].add(f"service-type-{kind}")
        elif obj.kind == "Ingress":
            targets = sorted({w for svc, _, _ in ingress_backends(obj)
                              for w in self.selects.get((ns, svc), [])})
            for name in targets:
                self.entry_points[(ns, name)].add("ingress-backend")
        elif obj.kind == "HorizontalPodAutoscaler":
            name = str(_dict(obj.spec.get("scaleTargetRef")).get("name") or "")
            targets = [w.name for w in self.workloads if w.namespace == ns and w.name == name]
        elif obj.kind == "PodDisruptionBudget":
            selector = selector_labels(obj.spec.get("selector"))
            targets = sorted(w.name for w in self._matching(ns, selector))
        elif obj.kind in ("ConfigMap", "Secret"):
            targets = sorted(w.name for w in self.workloads
                             if w.namespace == ns and self._references(w, obj))
        elif obj.kind in ("NetworkPolicy", "PeerAuthentication", "Server"):
            selector = selector_labels(obj.spec.get("podSelector") or obj.spec.get("selector"))
            targets = sorted(w.name for w in self._matching(ns, selector))
        elif obj.kind in ("VirtualService", "DestinationRule", "ServiceProfile") \
                or obj.kind in ROUTE_KINDS:
            targets = sorted({w for host in _hosts(obj)
                              for w in self.selects.get((ns, host.split(".", 1)[0]), [])})
        elif obj.kind == "Canary":
            name = str(_dict(obj.spec.get("targetRef")).get("name") or "")
            targets = [w.name for w in self.workloads if w.namespace == ns and w.name == name]
        if len(set(targets)) == 1:
            self.owners[id(obj)] = targets[0]

    def _matching(self, namespace: str, selector: dict[str, str]) -> list[K8sObject]:
        return self._pods.select(namespace, selector)

    def _references(self, w: K8sObject, obj: K8sObject) -> bool:
        ref_key = "configMap" if obj.kind == "ConfigMap" else "secret"
        for c in containers(w):
            for item in _items(c.get("envFrom")):
                if _dict(item.get(f"{ref_key}Ref")).get("name") == obj.name:
                    return True
            for item in _items(c.get("env")):
                ref = _dict(_dict(item.get("valueFrom")).get(f"{ref_key}KeyRef"))
                if ref.get("name") == obj.name:
                    return True
        return False

    def _env(self, w: K8sObject) -> list[EnvEntry]:
        entries: dict[str, EnvEntry] = {}
        for c in containers(w):
            for item in _items(c.get("envFrom")):
                prefix = str(item.get("prefix") or "")
                for kind, ref_key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                    name = _dict(item.get(ref_key)).get("name")
                    values = self.config.get((kind, w.namespace, str(name)), {})
                    for key, (value, file, line) in sorted(values.items()):
                        entries[prefix + key] = EnvEntry(prefix + key, value, Origin.CONFIG,
                                                         file, line, secret=kind == "Secret")
            env = c.get("env")
            for index, item in enumerate(env if isinstance(env, LineList) else []):
                entry = self._env_item(w, item, line_of(env, index), entries)
                if entry is not None:
                    entries[entry.key] = entry
        return [entries[k] for k in sorted(entries)]

    def _env_item(self, w: K8sObject, item: Any, line: int | None,
                  known: dict[str, EnvEntry]) -> EnvEntry | None:
        if not isinstance(item, dict) or not item.get("name"):
            return None
        key = str(item["name"])
        if "value" in item and item["value"] is not None:
            value = _DEPENDENT_VAR.sub(
                lambda m: known[m.group(1)].value if m.group(1) in known else m.group(0),
                str(item["value"]))
            secret = any(known[v].secret for v in _DEPENDENT_VAR.findall(str(item["value"]))
                         if v in known)
            return EnvEntry(key, value, Origin.MANIFEST, w.file, line, secret=secret)
        source = _dict(item.get("valueFrom"))
        for kind, ref_key in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
            ref = _dict(source.get(ref_key))
            if ref:
                values = self.config.get((kind, w.namespace, str(ref.get("name"))), {})
                found = values.get(str(ref.get("key")))
                if found is not None:
                    value, file, ref_line = found
                    return EnvEntry(key, value, Origin.CONFIG, file, ref_line,
                                    secret=kind == "Secret")
        return None


def _hosts(obj: K8sObject) -> set[str]:
    """The Service names a mesh object or route sends traffic to (short names, any suffix)."""
    facts = object_facts(obj)
    hosts = {str(facts.get("host") or "")}
    hosts |= {str(d.get("host") or "") for r in facts.get("http", []) for d in r["destinations"]}
    hosts |= {str(b.get("name") or "") for b in facts.get("backend_refs", [])}
    if obj.kind == "ServiceProfile":
        hosts.add(obj.name)
    return {h for h in hosts if h and h != "None"}


def _config_values(obj: K8sObject) -> _Values:
    values: _Values = {}
    data = obj.body.get("data")
    if isinstance(data, LineDict):
        for key, value in data.items():
            text = _decode(value) if obj.kind == "Secret" else _text(value)
            if text is not None:
                values[str(key)] = (text, obj.file, data.key_lines.get(key))
    string_data = obj.body.get("stringData")
    if obj.kind == "Secret" and isinstance(string_data, LineDict):
        for key, value in string_data.items():
            values[str(key)] = (_text(value), obj.file, string_data.key_lines.get(key))
    return values


def _decode(value: Any) -> str | None:
    try:
        return base64.b64decode(str(value), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _items(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}
