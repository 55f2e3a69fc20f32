"""Kubernetes facts in full: workload containers/probes/resources/securityContext, pod spec,
strategy; HPA v1/v2, PDB, NetworkPolicy, Ingress, Gateway API, Istio, Linkerd, Argo Rollouts,
Flagger; owners of the objects; bounds on hostile input."""

from __future__ import annotations

import json
import time

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.manifests.kubernetes import read_kubernetes
from analyzer.ingest.yamlsafe import load_yaml

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  labels: {app: cart}
  annotations: {owner: team-a, api-token: abcdefabcdef}
spec:
  replicas: 3
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 0, maxSurge: 25%}
  selector: {matchLabels: {app: cart}}
  template:
    metadata:
      labels: {app: cart}
      annotations: {prometheus.io/scrape: "true", prometheus.io/port: "9090"}
    spec:
      hostNetwork: true
      securityContext: {runAsNonRoot: true, fsGroup: 2000}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution: []
      topologySpreadConstraints:
        - {topologyKey: topology.kubernetes.io/zone, maxSkew: 1, whenUnsatisfiable: DoNotSchedule}
      initContainers:
        - {name: migrate, image: "shop/migrate:1.0"}
      containers:
        - name: cart
          image: shop/cart@sha256:aaaa
          imagePullPolicy: IfNotPresent
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
          livenessProbe: {httpGet: {path: /ready, port: 8080}}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          securityContext: {readOnlyRootFilesystem: true, privileged: false,
                            allowPrivilegeEscalation: false}
        - name: sidecar
          image: envoy:latest
          livenessProbe: {exec: {command: [cat, /tmp/ok]}}
---
apiVersion: v1
kind: Service
metadata: {name: cart}
spec: {selector: {app: cart}, ports: [{port: 80, targetPort: 8080}]}
"""

TRAFFIC = """\
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: cart-v1}
spec: {scaleTargetRef: {kind: Deployment, name: cart}, minReplicas: 2, maxReplicas: 5,
       targetCPUUtilizationPercentage: 70}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: cart}
spec:
  scaleTargetRef: {kind: Deployment, name: cart}
  maxReplicas: 4
  metrics:
    - type: Resource
      resource: {name: memory, target: {type: Utilization, averageUtilization: 80}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: cart}
spec: {minAvailable: 2, selector: {matchLabels: {app: cart}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: cart}
spec: {podSelector: {matchLabels: {app: cart}}, ingress: [{}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}}
spec:
  ingressClassName: nginx
  tls: [{hosts: [shop.example.com], secretName: tls}]
  rules:
    - host: shop.example.com
      http: {paths: [{path: /cart, pathType: Prefix,
                      backend: {service: {name: cart, port: {number: 80}}}}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  gatewayClassName: istio
  listeners: [{name: https, protocol: HTTPS, port: 443, tls: {mode: Terminate}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart}
spec:
  parentRefs: [{name: edge}]
  hostnames: [shop.example.com]
  rules: [{backendRefs: [{name: cart, port: 80, weight: 90}], timeouts: {request: 5s}}]
"""

MESH = """\
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: cart}
spec:
  hosts: [cart]
  http:
    - timeout: 2s
      retries: {attempts: 3, perTryTimeout: 1s}
      route:
        - {destination: {host: cart, subset: v1}, weight: 90}
        - {destination: {host: cart.default.svc.cluster.local, subset: v2}, weight: 10}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: cart}
spec:
  host: cart
  trafficPolicy:
    connectionPool: {tcp: {maxConnections: 100}}
    outlierDetection: {consecutive5xxErrors: 5}
    tls: {mode: ISTIO_MUTUAL}
---
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: cart}
spec: {selector: {matchLabels: {app: cart}}, action: DENY, rules: [{}]}
---
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: {name: jwt}
spec: {jwtRules: [{issuer: "https://issuer.example.com"}]}
---
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: public}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 443, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE}}]
---
apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata: {name: cart.default.svc.cluster.local}
spec:
  routes: [{name: GET /items, condition: {method: GET}, timeout: 300ms, isRetryable: true}]
  retryBudget: {retryRatio: 0.2, minRetriesPerSecond: 10, ttl: 10s}
---
apiVersion: policy.linkerd.io/v1beta1
kind: Server
metadata: {name: cart-http}
spec: {podSelector: {matchLabels: {app: cart}}, port: 8080, proxyProtocol: HTTP/1}
---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata: {name: cart-linkerd}
spec: {targetRef: {kind: Server, name: cart-http}, requiredAuthenticationRefs: [{name: x}]}
"""

DELIVERY = """\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: pay}
spec:
  replicas: 4
  revisionHistoryLimit: 3
  selector: {matchLabels: {app: pay}}
  template:
    metadata: {labels: {app: pay}}
    spec: {containers: [{name: pay, image: "shop/pay:2.0"}]}
  strategy:
    canary:
      steps: [{setWeight: 20}, {pause: {duration: 1m}}, {setWeight: 10}, {analysis: {}}]
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {name: cart}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: cart}
  analysis: {interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10,
             metrics: [{name: request-success-rate}]}
"""


def _resources(*texts):
    files = []
    for index, text in enumerate(texts):
        documents, problems = load_yaml(text, f"k8s/{index}.yaml")
        assert problems == []
        files.append((f"k8s/{index}.yaml", documents))
    _, resources = read_kubernetes(files)
    return {(r.kind, r.name): r for r in resources}


def test_workload_containers_probes_resources_security():
    found = _resources(DEPLOY)
    deploy = found[("Deployment", "cart")]
    facts = deploy.facts
    assert facts["containers"] == ["cart", "sidecar"] and facts["replicas"] == 3  # old keys kept
    cart, sidecar = facts["pod"]["containers"]
    assert (cart["digest"], cart["tag"], cart["imagePullPolicy"]) == ("sha256:aaaa", None,
                                                                      "IfNotPresent")
    assert cart["readinessProbe"]["type"] == "httpGet" and cart["readinessProbe"]["path"] == "/ready"
    assert cart["readinessProbe"]["periodSeconds"] == 5
    assert cart["sameReadinessLiveness"] is True and sidecar["sameReadinessLiveness"] is False
    assert sidecar["readinessProbe"] is None and sidecar["livenessProbe"]["type"] == "exec"
    assert sidecar["livenessProbe"]["command"] == "cat /tmp/ok" and sidecar["tag"] == "latest"
    assert cart["resources"] == {"requests": {"cpu": "100m", "memory": "128Mi"},
                                 "limits": {"memory": "256Mi"}}
    assert cart["securityContext"] == {"readOnlyRootFilesystem": True, "privileged": False,
                                       "allowPrivilegeEscalation": False}
    assert cart["ports"] == [{"containerPort": 8080, "protocol": "TCP", "name": None}]
    assert cart["line"] == 29


def test_pod_spec_strategy_and_masked_metadata():
    facts = _resources(DEPLOY)[("Deployment", "cart")].facts
    pod = facts["pod"]
    assert pod["hostNetwork"] is True and pod["hostPID"] is False
    assert pod["securityContext"] == {"runAsNonRoot": True, "fsGroup": 2000}
    assert pod["podAntiAffinity"] is False  # an empty preference list is no anti-affinity
    assert pod["topologySpreadConstraints"][0]["topologyKey"] == "topology.kubernetes.io/zone"
    assert [c["name"] for c in pod["initContainers"]] == ["migrate"]
    assert pod["annotations"]["prometheus.io/port"] == "9090"
    assert facts["strategy"] == {"type": "RollingUpdate", "maxUnavailable": 0, "maxSurge": "25%"}
    assert facts["revisionHistoryLimit"] == 5
    assert facts["annotations"] == {"api-token": "****", "owner": "team-a"}


def test_hpa_pdb_network_policy_ingress_gateway_api():
    found = _resources(DEPLOY, TRAFFIC)
    v1, v2 = found[("HorizontalPodAutoscaler", "cart-v1")], found[("HorizontalPodAutoscaler", "cart")]
    assert (v1.facts["min_replicas"], v1.facts["cpu_target"], v1.facts["memory_target"]) == (2, True, False)
    assert (v2.facts["min_replicas"], v2.facts["max_replicas"]) == (1, 4)
    assert v2.facts["metrics"] == [{"type": "Resource", "name": "memory",
                                    "target_type": "Utilization", "value": 80}]
    assert v2.service == "cart"
    assert found[("PodDisruptionBudget", "cart")].facts["min_available"] == 2
    policy = found[("NetworkPolicy", "cart")]
    assert policy.facts["policy_types"] == ["Ingress"] and policy.service == "cart"
    assert found[("NetworkPolicy", "deny-all")].facts["selects_all"] is True
    ingress = found[("Ingress", "web")].facts
    assert ingress["hosts"] == ["shop.example.com"] and ingress["tls_hosts"] == ["shop.example.com"]
    assert ingress["ingress_class"] == "nginx" and ingress["backends"][0][0] == "cart"
    gateway = found[("Gateway", "edge")].facts
    assert gateway["listeners"][0]["tls_mode"] == "Terminate"
    route = found[("HTTPRoute", "cart")]
    assert route.facts["backend_refs"][0]["weight"] == 90 and route.facts["timeouts"] == ["5s"]
    assert route.service == "cart"


def test_istio_and_linkerd():
    found = _resources(DEPLOY, MESH)
    vs = found[("VirtualService", "cart")]
    assert vs.service == "cart" and vs.facts["mesh"] == "istio"
    route = vs.facts["http"][0]
    assert route["timeout"] == "2s" and route["retries"]["attempts"] == 3
    assert [d["weight"] for d in route["destinations"]] == [90, 10]
    rule = found[("DestinationRule", "cart")].facts["trafficPolicy"]
    assert rule["outlierDetection"] == {"consecutive5xxErrors": 5} and rule["tls_mode"] == "ISTIO_MUTUAL"
    assert found[("PeerAuthentication", "default")].facts["mtls_mode"] == "STRICT"
    assert found[("AuthorizationPolicy", "cart")].facts["action"] == "DENY"
    assert found[("RequestAuthentication", "jwt")].facts["issuers"] == ["https://issuer.example.com"]
    assert found[("Gateway", "public")].facts["servers"][0]["tls_mode"] == "SIMPLE"
    profile = found[("ServiceProfile", "cart.default.svc.cluster.local")].facts
    assert profile["mesh"] == "linkerd" and profile["routes"][0]["isRetryable"] is True
    assert found[("Server", "cart-http")].service == "cart"
    assert found[("AuthorizationPolicy", "cart")].facts["mesh"] == "istio"


def test_linkerd_authorization_policy_is_told_apart_from_istio():
    facts = _resources(MESH)[("AuthorizationPolicy", "cart-linkerd")].facts
    assert facts["mesh"] == "linkerd" and facts["target"] == {"kind": "Server", "name": "cart-http"}


def test_rollout_and_flagger_canary():
    found = _resources(DEPLOY, DELIVERY)
    rollout = found[("Rollout", "pay")].facts
    assert rollout["replicas"] == 4 and rollout["revisionHistoryLimit"] == 3
    strategy = rollout["rollout"]
    assert strategy["weights"] == [20, 10] and strategy["weights_increasing"] is False
    assert strategy["has_pause"] and strategy["has_analysis"]
    canary = found[("Canary", "cart")]
    assert canary.service == "cart" and canary.facts["analysis"]["maxWeight"] == 50
    assert canary.facts["analysis"]["metrics"] == ["request-success-rate"]


def test_facts_are_plain_json():
    found = _resources(DEPLOY, TRAFFIC, MESH, DELIVERY)
    text = json.dumps({f"{k[0]}/{k[1]}": r.facts for k, r in found.items()}, sort_keys=True)
    assert "abcdefabcdef" not in text


def test_ten_thousand_containers_are_bounded():
    items = "".join(f"        - {{name: c{i}, image: 'x:{i}'}}\n" for i in range(10_000))
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  template:\n"
            "    spec:\n      containers:\n" + items)
    started = time.monotonic()
    facts = _resources(text)[("Deployment", "big")].facts
    assert len(facts["pod"]["containers"]) == 1000 and len(facts["containers"]) == 10_000
    assert time.monotonic() - started < 60  # generous: a no-hang bound


def test_mesh_objects_reach_the_model(tree):
    root = tree({"k8s/app.yaml": DEPLOY, "k8s/mesh.yaml": MESH})
    model = scan([root], ScanOptions(code=False))
    kinds = {(r.kind, r.service) for r in model.resources}
    assert ("VirtualService", "cart") in kinds and ("DestinationRule", "cart") in kinds
