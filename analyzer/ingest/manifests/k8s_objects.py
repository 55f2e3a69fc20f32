"""Kubernetes objects as read from YAML documents, and the small facts kept about each.

`collect_objects` flattens multi-document files and `kind: List` items into `K8sObject`s;
`object_facts` extracts what readiness rules need: workloads in full (k8s_workloads.py),
Service type and ports, HPA/PDB/NetworkPolicy/Ingress/Gateway API (k8s_network.py), Istio
and Linkerd (mesh.py), Argo Rollouts and Flagger (rollouts.py); never a ConfigMap or Secret
value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analyzer.ingest.manifests.k8s_network import (
    GATEWAY_API_GROUP,
    ROUTE_KINDS,
    gateway_api_facts,
    hpa_facts,
    ingress_facts,
    network_policy_facts,
    pdb_facts,
)
from analyzer.ingest.manifests.k8s_workloads import workload_detail
from analyzer.ingest.manifests.mesh import MESH_KINDS, mesh_facts, mesh_of
from analyzer.ingest.manifests.rollouts import canary_facts, rollout_strategy
from analyzer.ingest.yamlsafe import LineDict, YamlDocument, line_of

WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
                            "CronJob", "Pod", "DeploymentConfig", "Rollout"})
SCHEDULED_KINDS = frozenset({"Job", "CronJob"})
DEFAULT_NAMESPACE = "default"


@dataclass(frozen=True)
class K8sObject:
    """One Kubernetes object: kind, name, namespace (defaulted), file label, line, body."""

    kind: str
    name: str
    namespace: str
    file: str
    line: int | None
    body: LineDict

    @property
    def spec(self) -> dict:
        return _dict(self.body.get("spec"))


def collect_objects(label: str, documents: list[YamlDocument]) -> list[K8sObject]:
    """Every Kubernetes object in a file's documents, expanding `kind: List` items."""
    objects = []
    for doc in documents:
        objects.extend(_objects_in(label, doc.data, doc.line))
    return objects


def is_kubernetes_document(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("kind"), str) \
        and isinstance(data.get("apiVersion"), str)


def pod_template(obj: K8sObject) -> dict:
    """The pod template of a workload (`spec` itself for a Pod)."""
    if obj.kind == "Pod":
        return {"metadata": _dict(obj.body.get("metadata")), "spec": obj.spec}
    if obj.kind == "CronJob":
        job = _dict(_dict(obj.spec.get("jobTemplate")).get("spec"))
        return _dict(job.get("template"))
    return _dict(obj.spec.get("template"))


def pod_labels(obj: K8sObject) -> dict[str, str]:
    labels = _dict(_dict(pod_template(obj).get("metadata")).get("labels"))
    return {str(k): str(v) for k, v in labels.items()}


def containers(obj: K8sObject) -> list[dict]:
    spec = _dict(pod_template(obj).get("spec"))
    items = spec.get("containers")
    return [c for c in items if isinstance(c, dict)] if isinstance(items, list) else []


def object_facts(obj: K8sObject) -> dict[str, Any]:
    """The secret-free facts recorded on the object's `Resource` (see the readers imported)."""
    if obj.kind in WORKLOAD_KINDS:
        return _workload_facts(obj)
    spec = obj.spec
    api_version = str(obj.body.get("apiVersion") or "")
    mesh = mesh_of(api_version)
    if mesh is not None and obj.kind in MESH_KINDS:
        return mesh_facts(mesh, obj.kind, spec)
    if api_version.startswith(GATEWAY_API_GROUP + "/") and (
            obj.kind == "Gateway" or obj.kind in ROUTE_KINDS):
        return gateway_api_facts(obj.kind, spec)
    if obj.kind == "Service":
        return {"type": str(spec.get("type") or "ClusterIP"),
                "selector": {str(k): str(v) for k, v in _dict(spec.get("selector")).items()},
                "ports": [_plain(_dict(p)) for p in _list(spec.get("ports"))]}
    if obj.kind == "HorizontalPodAutoscaler":
        return hpa_facts(spec)
    if obj.kind == "PodDisruptionBudget":
        return pdb_facts(spec, selector_labels(spec.get("selector")))
    if obj.kind == "NetworkPolicy":
        return network_policy_facts(spec, selector_labels(spec.get("podSelector")))
    if obj.kind == "Ingress":
        return ingress_facts(obj.body, ingress_backends(obj))
    if obj.kind == "Canary" and api_version.startswith("flagger.app/"):
        return canary_facts(spec)
    if obj.kind in ("ConfigMap", "Secret"):
        keys = set(_dict(obj.body.get("data"))) | set(_dict(obj.body.get("stringData")))
        facts: dict[str, Any] = {"keys": sorted(str(k) for k in keys)}
        if obj.kind == "Secret":
            facts["type"] = str(obj.body.get("type") or "Opaque")[:200]
        return facts
    return {}


def selector_labels(selector: Any) -> dict[str, str]:
    """The `matchLabels` of a label selector (or a plain map selector)."""
    selector = _dict(selector)
    labels = selector.get("matchLabels") if "matchLabels" in selector else selector
    if "matchExpressions" in selector and "matchLabels" not in selector:
        labels = {}
    return {str(k): str(v) for k, v in _dict(labels).items()}


def ingress_backends(obj: K8sObject) -> list[tuple[str, str, str]]:
    """(service name, port, host+path) of every backend, v1 and extensions/v1beta1 shapes."""
    spec = obj.spec
    out = []
    for default in (spec.get("defaultBackend"), spec.get("backend")):
        if isinstance(default, dict):
            out.append(_backend(default, "*"))
    for rule in _list(spec.get("rules")):
        rule = _dict(rule)
        host = str(rule.get("host") or "*")
        for path in _list(_dict(rule.get("http")).get("paths")):
            path = _dict(path)
            out.append(_backend(_dict(path.get("backend")), host + str(path.get("path") or "/")))
    return sorted({b for b in out if b[0]})


def _backend(backend: dict, where: str) -> tuple[str, str, str]:
    service = backend.get("service")
    if isinstance(service, dict):  # networking.k8s.io/v1
        port = _dict(service.get("port"))
        return str(service.get("name") or ""), str(port.get("number") or port.get("name") or ""), where
    return str(backend.get("serviceName") or ""), str(backend.get("servicePort") or ""), where


def _workload_facts(obj: K8sObject) -> dict[str, Any]:
    items = containers(obj)
    pod_spec = _dict(pod_template(obj).get("spec"))

    def every(pred) -> bool:
        return bool(items) and all(pred(c) for c in items)

    def resources(c: dict, part: str) -> bool:
        return bool(_dict(_dict(c.get("resources")).get(part)))

    pod_non_root = _dict(pod_spec.get("securityContext")).get("runAsNonRoot") is True
    facts: dict[str, Any] = {
        "containers": [str(c.get("name") or "") for c in items],
        "images": [str(c.get("image") or "") for c in items],
        "liveness_probe": every(lambda c: isinstance(c.get("livenessProbe"), dict)),
        "readiness_probe": every(lambda c: isinstance(c.get("readinessProbe"), dict)),
        "resource_requests": every(lambda c: resources(c, "requests")),
        "resource_limits": every(lambda c: resources(c, "limits")),
        "run_as_non_root": pod_non_root or every(
            lambda c: _dict(c.get("securityContext")).get("runAsNonRoot") is True),
    }
    if obj.kind in ("Deployment", "StatefulSet", "ReplicaSet", "DeploymentConfig", "Rollout"):
        replicas = obj.spec.get("replicas", 1)
        facts["replicas"] = replicas if isinstance(replicas, int) else None
    if obj.kind == "CronJob":
        facts["schedule"] = str(obj.spec.get("schedule") or "")
    facts.update(workload_detail(obj.body, pod_template(obj)))
    if obj.kind == "Rollout":
        facts["rollout"] = rollout_strategy(obj.spec)
    return facts


def _objects_in(label: str, data: Any, line: int | None) -> list[K8sObject]:
    """The objects of one document, `List` items (of lists) included, in document order."""
    out: list[K8sObject] = []
    stack = [(data, line)]
    while stack:
        data, line = stack.pop()
        if not is_kubernetes_document(data):
            continue
        kind = data["kind"]
        if kind == "List" or (kind.endswith("List") and isinstance(data.get("items"), list)):
            items = data.get("items")
            stack.extend(reversed([
                (_with_api(item, data), line_of(items, index, line))
                for index, item in enumerate(items if isinstance(items, list) else [])
                if isinstance(item, LineDict) and isinstance(item.get("kind"), str)]))
            continue
        meta = _dict(data.get("metadata"))
        name = str(meta.get("name") or meta.get("generateName") or "<unnamed>")
        namespace = str(meta.get("namespace") or DEFAULT_NAMESPACE)
        out.append(K8sObject(kind, name, namespace, label, line, data))
    return out


def _with_api(item: LineDict, parent: dict) -> LineDict:
    if "apiVersion" not in item:
        item["apiVersion"] = parent.get("apiVersion")
    return item


def _plain(value: Any) -> Any:
    """A copy of YAML data as plain dicts, lists and scalars (an explicit stack, no recursion)."""
    if not isinstance(value, (dict, list)):
        return _scalar(value)
    root: Any = {} if isinstance(value, dict) else []
    stack = [(value, root)]
    while stack:
        source, target = stack.pop()
        for key, item in (source.items() if isinstance(source, dict) else enumerate(source)):
            if isinstance(item, (dict, list)):
                copy: Any = {} if isinstance(item, dict) else []
                stack.append((item, copy))
            else:
                copy = _scalar(item)
            if isinstance(target, dict):
                target[str(key)] = copy
            else:
                target.append(copy)
    return root


def _scalar(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
