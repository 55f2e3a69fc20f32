"""The full facts of a Kubernetes workload's pod template: containers and the pod spec.

Per container: image with tag/digest, imagePullPolicy, ports, readiness/liveness/startup
probes (type, path, port, command: enough to tell whether two probes are the same),
resources requests/limits, securityContext. Per pod: securityContext, hostNetwork/hostPID,
initContainers, affinity, topologySpreadConstraints, labels and annotations (masked).
Per object: strategy, revisionHistoryLimit, labels and annotations. Keys follow the
Kubernetes field names so rule paths read like the manifest (`pod.containers[*].readinessProbe`).
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.datastores import image_tag
from analyzer.ingest.manifests.plain import as_dict, as_list, masked_map, scalar
from analyzer.ingest.secrets import mask_text

PROBES = ("readinessProbe", "livenessProbe", "startupProbe")
_PROBE_TYPES = ("httpGet", "tcpSocket", "exec", "grpc")
_PROBE_TIMINGS = ("initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold",
                  "successThreshold")
_CONTAINER_SECURITY = ("runAsNonRoot", "runAsUser", "readOnlyRootFilesystem", "privileged",
                       "allowPrivilegeEscalation")
_POD_SECURITY = ("runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup")
MAX_CONTAINERS = 1000  # containers kept in facts per pod; a hostile manifest may list more


def workload_detail(body: dict, template: dict) -> dict[str, Any]:
    """Object-level and pod-level facts of a workload (`template` is its pod template)."""
    meta, spec = as_dict(body.get("metadata")), as_dict(body.get("spec"))
    strategy = as_dict(spec.get("strategy") or spec.get("updateStrategy"))
    rolling = as_dict(strategy.get("rollingUpdate"))
    history = spec.get("revisionHistoryLimit")
    return {
        "labels": masked_map(meta.get("labels")),
        "annotations": masked_map(meta.get("annotations")),
        "strategy": {"type": scalar(strategy.get("type")) if strategy.get("type") else None,
                     "maxUnavailable": scalar(rolling.get("maxUnavailable")),
                     "maxSurge": scalar(rolling.get("maxSurge"))} if strategy else None,
        "revisionHistoryLimit": history if isinstance(history, int) else None,
        "pod": pod_facts(template),
    }


def pod_facts(template: dict) -> dict[str, Any]:
    meta, spec = as_dict(template.get("metadata")), as_dict(template.get("spec"))
    security = as_dict(spec.get("securityContext"))
    affinity = as_dict(spec.get("affinity"))
    anti = as_dict(affinity.get("podAntiAffinity"))
    return {
        "labels": masked_map(meta.get("labels")),
        "annotations": masked_map(meta.get("annotations")),
        "containers": [container_facts(c) for c in _containers(spec.get("containers"))],
        "initContainers": [container_facts(c) for c in _containers(spec.get("initContainers"))],
        "securityContext": {k: scalar(security.get(k)) for k in _POD_SECURITY if k in security},
        "hostNetwork": spec.get("hostNetwork") is True,
        "hostPID": spec.get("hostPID") is True,
        "hostIPC": spec.get("hostIPC") is True,
        "serviceAccountName": scalar(spec.get("serviceAccountName")),
        "podAntiAffinity": bool(anti.get("requiredDuringSchedulingIgnoredDuringExecution")
                                or anti.get("preferredDuringSchedulingIgnoredDuringExecution")),
        "nodeAffinity": bool(affinity.get("nodeAffinity")),
        "topologySpreadConstraints": [
            {"topologyKey": scalar(t.get("topologyKey")), "maxSkew": scalar(t.get("maxSkew")),
             "whenUnsatisfiable": scalar(t.get("whenUnsatisfiable"))}
            for t in as_list(spec.get("topologySpreadConstraints")) if isinstance(t, dict)],
    }


def container_facts(c: dict) -> dict[str, Any]:
    image = str(c.get("image") or "")
    resources = as_dict(c.get("resources"))
    security = as_dict(c.get("securityContext"))
    probes = {name: probe_facts(c.get(name)) for name in PROBES}
    ready, live = probes["readinessProbe"], probes["livenessProbe"]
    facts: dict[str, Any] = {
        "name": scalar(c.get("name")),
        "image": mask_text(image),
        "tag": image_tag(image) if image and "@" not in image else None,
        "digest": image.split("@", 1)[1] if "@" in image else None,
        "imagePullPolicy": scalar(c.get("imagePullPolicy")),
        "ports": [{"containerPort": scalar(p.get("containerPort")),
                   "protocol": scalar(p.get("protocol") or "TCP"), "name": scalar(p.get("name"))}
                  for p in as_list(c.get("ports")) if isinstance(p, dict)],
        **probes,
        "sameReadinessLiveness": bool(ready and live) and _signature(ready) == _signature(live),
        "resources": {part: {k: scalar(v) for k, v in as_dict(resources.get(part)).items()
                             if k in ("cpu", "memory")}
                      for part in ("requests", "limits")},
        "securityContext": {k: scalar(security.get(k)) for k in _CONTAINER_SECURITY
                            if k in security},
        "line": getattr(c, "line", None),
    }
    return facts


def probe_facts(probe: Any) -> dict[str, Any] | None:
    """Type, target and timings of a probe, or None when there is none."""
    if not isinstance(probe, dict):
        return None
    kind = next((t for t in _PROBE_TYPES if isinstance(probe.get(t), dict)), None)
    handler = as_dict(probe.get(kind)) if kind else {}
    command = handler.get("command")
    out: dict[str, Any] = {
        "type": kind,
        "path": scalar(handler.get("path")),
        "port": scalar(handler.get("port")),
        "command": mask_text(" ".join(str(x) for x in command))[:500]
        if isinstance(command, list) else None,
        "line": getattr(probe, "line", None),
    }
    out.update({k: scalar(probe.get(k)) for k in _PROBE_TIMINGS if k in probe})
    return out


def _signature(probe: dict[str, Any]) -> tuple:
    return probe["type"], probe["path"], probe["port"], probe["command"]


def _containers(value: Any) -> list[dict]:
    return [c for c in as_list(value) if isinstance(c, dict)][:MAX_CONTAINERS]
