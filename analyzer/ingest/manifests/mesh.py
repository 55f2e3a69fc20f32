"""Facts of service-mesh objects: Istio (Gateway, VirtualService, DestinationRule,
PeerAuthentication, AuthorizationPolicy, RequestAuthentication) and Linkerd (ServiceProfile,
Server, AuthorizationPolicy). Kinds that share a name across meshes (Gateway,
AuthorizationPolicy) are told apart by their API group; `mesh` names which one."""

from __future__ import annotations

from typing import Any

from analyzer.ingest.manifests.plain import as_dict, as_list, plain, scalar

ISTIO_GROUPS = ("networking.istio.io", "security.istio.io")
LINKERD_GROUPS = ("linkerd.io", "policy.linkerd.io")
MESH_KINDS = frozenset({"Gateway", "VirtualService", "DestinationRule", "PeerAuthentication",
                        "AuthorizationPolicy", "RequestAuthentication", "ServiceProfile",
                        "Server", "ServerAuthorization", "Sidecar", "ServiceEntry"})


def mesh_of(api_version: str) -> str | None:
    """'istio' or 'linkerd' for an apiVersion of those meshes' groups, else None."""
    group = api_version.split("/", 1)[0]
    if group in ISTIO_GROUPS:
        return "istio"
    if group in LINKERD_GROUPS:
        return "linkerd"
    return None


def mesh_facts(mesh: str, kind: str, spec: dict) -> dict[str, Any]:
    reader = _READERS.get((mesh, kind))
    facts = reader(spec) if reader else {}
    return {"mesh": mesh, **facts}


def _istio_gateway(spec: dict) -> dict[str, Any]:
    servers = []
    for server in as_list(spec.get("servers")):
        server, port = as_dict(server), as_dict(as_dict(server).get("port"))
        servers.append({"port": scalar(port.get("number")), "protocol": scalar(port.get("protocol")),
                        "hosts": sorted(str(h) for h in as_list(server.get("hosts"))),
                        "tls_mode": scalar(as_dict(server.get("tls")).get("mode"))})
    return {"selector": _labels(spec.get("selector")), "servers": servers}


def _virtual_service(spec: dict) -> dict[str, Any]:
    routes = []
    for route in as_list(spec.get("http")):
        route = as_dict(route)
        retries = as_dict(route.get("retries"))
        routes.append({
            "name": scalar(route.get("name")), "timeout": scalar(route.get("timeout")),
            "retries": {"attempts": scalar(retries.get("attempts")),
                        "perTryTimeout": scalar(retries.get("perTryTimeout")),
                        "retryOn": scalar(retries.get("retryOn"))} if retries else None,
            "destinations": [_destination(as_dict(d)) for d in as_list(route.get("route"))],
            "fault": "fault" in route, "mirror": "mirror" in route,
            "line": getattr(route, "line", None)})
    tcp = [_destination(as_dict(d)) for r in as_list(spec.get("tcp")) + as_list(spec.get("tls"))
           for d in as_list(as_dict(r).get("route"))]
    return {"hosts": sorted(str(h) for h in as_list(spec.get("hosts"))),
            "gateways": sorted(str(g) for g in as_list(spec.get("gateways"))),
            "http": routes, "other_destinations": tcp}


def _destination(item: dict) -> dict[str, Any]:
    target = as_dict(item.get("destination"))
    return {"host": scalar(target.get("host")), "subset": scalar(target.get("subset")),
            "port": scalar(as_dict(target.get("port")).get("number")),
            "weight": scalar(item.get("weight"))}


def _destination_rule(spec: dict) -> dict[str, Any]:
    policy = as_dict(spec.get("trafficPolicy"))
    return {"host": scalar(spec.get("host")),
            "trafficPolicy": {
                "connectionPool": plain(policy.get("connectionPool")) if "connectionPool" in policy
                else None,
                "outlierDetection": plain(policy.get("outlierDetection"))
                if "outlierDetection" in policy else None,
                "tls_mode": scalar(as_dict(policy.get("tls")).get("mode")),
                "loadBalancer": plain(policy.get("loadBalancer")) if "loadBalancer" in policy
                else None},
            "subsets": sorted(str(as_dict(s).get("name")) for s in as_list(spec.get("subsets")))}


def _peer_authentication(spec: dict) -> dict[str, Any]:
    ports = {str(k): scalar(as_dict(v).get("mode")) for k, v in
             as_dict(spec.get("portLevelMtls")).items()}
    return {"selector": _labels(as_dict(spec.get("selector")).get("matchLabels")),
            "mtls_mode": scalar(as_dict(spec.get("mtls")).get("mode")) or "UNSET",
            "port_level_mtls": ports}


def _istio_authorization(spec: dict) -> dict[str, Any]:
    return {"selector": _labels(as_dict(spec.get("selector")).get("matchLabels")),
            "action": scalar(spec.get("action") or "ALLOW"), "rules": len(as_list(spec.get("rules")))}


def _request_authentication(spec: dict) -> dict[str, Any]:
    return {"selector": _labels(as_dict(spec.get("selector")).get("matchLabels")),
            "issuers": sorted(str(as_dict(r).get("issuer")) for r in as_list(spec.get("jwtRules"))
                              if as_dict(r).get("issuer"))}


def _service_profile(spec: dict) -> dict[str, Any]:
    routes = [{"name": scalar(as_dict(r).get("name")), "timeout": scalar(as_dict(r).get("timeout")),
               "isRetryable": as_dict(r).get("isRetryable") is True}
              for r in as_list(spec.get("routes"))]
    return {"routes": routes, "retry_budget": plain(spec.get("retryBudget"))
            if "retryBudget" in spec else None}


def _linkerd_server(spec: dict) -> dict[str, Any]:
    selector = as_dict(spec.get("podSelector"))
    return {"pod_selector": _labels(selector.get("matchLabels")), "port": scalar(spec.get("port")),
            "proxy_protocol": scalar(spec.get("proxyProtocol"))}


def _linkerd_authorization(spec: dict) -> dict[str, Any]:
    target = as_dict(spec.get("targetRef"))
    return {"target": {"kind": scalar(target.get("kind")), "name": scalar(target.get("name"))},
            "required_authentication_refs": len(as_list(spec.get("requiredAuthenticationRefs")))}


def _labels(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in as_dict(value).items()}


_READERS = {
    ("istio", "Gateway"): _istio_gateway,
    ("istio", "VirtualService"): _virtual_service,
    ("istio", "DestinationRule"): _destination_rule,
    ("istio", "PeerAuthentication"): _peer_authentication,
    ("istio", "AuthorizationPolicy"): _istio_authorization,
    ("istio", "RequestAuthentication"): _request_authentication,
    ("linkerd", "ServiceProfile"): _service_profile,
    ("linkerd", "Server"): _linkerd_server,
    ("linkerd", "AuthorizationPolicy"): _linkerd_authorization,
}
