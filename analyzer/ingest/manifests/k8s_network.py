"""Facts of Kubernetes scaling, disruption and traffic objects: HorizontalPodAutoscaler (v1
and v2), PodDisruptionBudget, NetworkPolicy, Ingress and Gateway API (Gateway, HTTPRoute,
GRPCRoute, TLSRoute, TCPRoute). Only what readiness and relation rules read; annotation
values masked."""

from __future__ import annotations

from typing import Any

from analyzer.ingest.manifests.plain import as_dict, as_list, masked_map, scalar

GATEWAY_API_GROUP = "gateway.networking.k8s.io"
ROUTE_KINDS = frozenset({"HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"})


def hpa_facts(spec: dict) -> dict[str, Any]:
    """Target, bounds and resource metric targets (v1 targetCPUUtilizationPercentage or v2
    metrics) of an HPA."""
    target = as_dict(spec.get("scaleTargetRef"))
    metrics = []
    if spec.get("targetCPUUtilizationPercentage") is not None:
        metrics.append({"type": "Resource", "name": "cpu", "target_type": "Utilization",
                        "value": scalar(spec.get("targetCPUUtilizationPercentage"))})
    for item in as_list(spec.get("metrics")):
        item = as_dict(item)
        kind = str(item.get("type") or "")
        body = as_dict(item.get(kind[:1].lower() + kind[1:])) if kind else {}
        goal = as_dict(body.get("target"))
        value = goal.get("averageUtilization", goal.get("averageValue", goal.get("value")))
        if "targetAverageUtilization" in body:  # autoscaling/v2beta1
            value, goal = body["targetAverageUtilization"], {"type": "Utilization"}
        metrics.append({"type": kind or None, "name": scalar(body.get("name")),
                        "target_type": scalar(goal.get("type")), "value": scalar(value)})
    names = {m["name"] for m in metrics if m["type"] in ("Resource", "ContainerResource")}
    return {"target": {"kind": target.get("kind"), "name": target.get("name")},
            "min_replicas": spec.get("minReplicas", 1),
            "max_replicas": spec.get("maxReplicas"),
            "metrics": metrics, "cpu_target": "cpu" in names, "memory_target": "memory" in names}


def pdb_facts(spec: dict, selector: dict[str, str]) -> dict[str, Any]:
    return {"selector": selector, "min_available": scalar(spec.get("minAvailable")),
            "max_unavailable": scalar(spec.get("maxUnavailable"))}


def network_policy_facts(spec: dict, selector: dict[str, str]) -> dict[str, Any]:
    types = [str(t) for t in as_list(spec.get("policyTypes"))]
    if not types:  # the API's default: Ingress, plus Egress when egress rules are written
        types = ["Ingress"] + (["Egress"] if "egress" in spec else [])
    pod_selector = as_dict(spec.get("podSelector"))
    return {"pod_selector": selector, "selects_all": not pod_selector,
            "policy_types": sorted(types), "ingress_rules": len(as_list(spec.get("ingress"))),
            "egress_rules": len(as_list(spec.get("egress")))}


def ingress_facts(body: dict, backends: list[tuple[str, str, str]]) -> dict[str, Any]:
    spec = as_dict(body.get("spec"))
    tls = [as_dict(t) for t in as_list(spec.get("tls"))]
    hosts = sorted({str(as_dict(r).get("host")) for r in as_list(spec.get("rules"))
                    if as_dict(r).get("host")})
    return {"backends": [list(b) for b in backends], "tls": bool(tls), "hosts": hosts,
            "tls_hosts": sorted({str(h) for t in tls for h in as_list(t.get("hosts"))}),
            "ingress_class": scalar(spec.get("ingressClassName")),
            "annotations": masked_map(as_dict(body.get("metadata")).get("annotations"))}


def gateway_api_facts(kind: str, spec: dict) -> dict[str, Any]:
    """Listeners of a Gateway; parentRefs, hostnames and backendRefs of a route."""
    if kind == "Gateway":
        return {"api": "gateway-api", "gateway_class": scalar(spec.get("gatewayClassName")),
                "listeners": [_listener(as_dict(item)) for item in as_list(spec.get("listeners"))]}
    rules = [as_dict(r) for r in as_list(spec.get("rules"))]
    return {"api": "gateway-api",
            "parent_refs": sorted(str(as_dict(p).get("name")) for p in as_list(spec.get("parentRefs"))
                                  if as_dict(p).get("name")),
            "hostnames": sorted(str(h) for h in as_list(spec.get("hostnames"))),
            "backend_refs": [_backend_ref(as_dict(b)) for r in rules
                             for b in as_list(r.get("backendRefs"))],
            "timeouts": [scalar(as_dict(r.get("timeouts")).get("request")) for r in rules
                         if as_dict(r.get("timeouts")).get("request")],
            "rules": len(rules)}


def _listener(item: dict) -> dict[str, Any]:
    tls = as_dict(item.get("tls"))
    return {"name": scalar(item.get("name")), "protocol": scalar(item.get("protocol")),
            "port": scalar(item.get("port")), "hostname": scalar(item.get("hostname")),
            "tls_mode": scalar(tls.get("mode")) if tls else None}


def _backend_ref(ref: dict) -> dict[str, Any]:
    return {"name": scalar(ref.get("name")), "kind": scalar(ref.get("kind") or "Service"),
            "namespace": scalar(ref.get("namespace")), "port": scalar(ref.get("port")),
            "weight": scalar(ref.get("weight"))}
