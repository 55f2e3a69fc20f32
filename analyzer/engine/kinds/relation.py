"""The `relation` kind: checks across manifest objects.

`check` picks one of:
- references that must resolve: `hpa-target-exists`, `backend-service-exists` (Ingress and
  Gateway API route backends), `service-selects-workload`, `pdb-selects-pods`,
  `destination-service-exists` (Istio VirtualService destinations);
- coverage: `workload-has` (every workload of `kinds` has a related `related`:
  HorizontalPodAutoscaler, PodDisruptionBudget or NetworkPolicy), optionally only for
  services with `min_fan_in` dependents or `min_replicas` replicas;
- consistency: `pdb-allows-disruption` (a PDB must leave a pod evictable at the HPA minimum
  or at the workload's replicas), `hpa-has-requests` (an HPA's resource targets need those
  requests on every container), `mesh-mtls-strict` (where Istio is present, every workload's
  namespace is covered by a STRICT PeerAuthentication).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from analyzer.analysis.selectors import LabelIndex
from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope
from analyzer.engine.kinds.resource import fan_in, resource_evidence, resource_fields, resource_ref
from analyzer.model import Resource

WORKLOADS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Rollout",
             "DeploymentConfig"]
ROUTES = ("HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute")
MESH_ROOT = "istio-system"
CheckName = Literal["hpa-target-exists", "backend-service-exists", "service-selects-workload",
                    "pdb-selects-pods", "destination-service-exists", "workload-has",
                    "pdb-allows-disruption", "hpa-has-requests", "mesh-mtls-strict"]


class RelationParams(Params):
    check: CheckName = Field("hpa-target-exists", description="which relation is checked")
    kinds: list[str] = Field(default_factory=lambda: list(WORKLOADS),
                             description="workload kinds examined by coverage checks")
    related: Literal["HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"] = Field(
        "PodDisruptionBudget", description="what every workload needs (workload-has)")
    min_fan_in: int = Field(0, ge=0, description="only workloads of services with this many "
                                                 "dependents (workload-has)")
    min_replicas: int = Field(0, ge=0, description="only workloads with this many replicas "
                                                   "(workload-has)")


class Relation(RuleKind):
    """One hit per object whose relation fails; see the module docstring for the checks."""

    name = "relation"
    description = "Checks across manifest objects: references resolve, coverage, consistency."
    subject_kind = "resource"
    fields = frozenset({"resource", "kind", "name", "namespace", "service", "file", "problem"})
    Params = RelationParams

    def check(self, ctx: EvalContext, params: RelationParams) -> Iterator[Hit]:
        for resource, problem in self._verdicts(ctx, params):
            if problem:
                yield Hit(subject=resource_ref(resource),
                          fields={**resource_fields(resource), "problem": problem},
                          evidence=[resource_evidence(resource)], service=resource.service,
                          salt=params.check)

    def scope(self, ctx: EvalContext, params: RelationParams) -> Iterator[Scope]:
        for resource, _ in self._verdicts(ctx, params):
            yield Scope(service=resource.service, subject=resource_ref(resource))

    def _verdicts(self, ctx: EvalContext, params: RelationParams
                  ) -> Iterator[tuple[Resource, str | None]]:
        index = _index_of(ctx)
        verdict = getattr(self, "_" + params.check.replace("-", "_"))
        yield from sorted(verdict(ctx, index, params), key=lambda v: resource_ref(v[0]))

    def _hpa_target_exists(self, ctx, index, params):
        for hpa in index.of("HorizontalPodAutoscaler"):
            target = hpa.facts.get("target") or {}
            if not index.get(str(target.get("kind")), hpa.namespace, str(target.get("name"))):
                yield hpa, (f"scaleTargetRef {target.get('kind')}/{target.get('name')} "
                            f"does not exist")
            else:
                yield hpa, None

    def _backend_service_exists(self, ctx, index, params):
        for obj in index.of("Ingress", *ROUTES):
            names = [b[0] for b in obj.facts.get("backends", [])] + [
                str(b.get("name")) for b in obj.facts.get("backend_refs", [])
                if b.get("kind") in (None, "Service")]
            missing = sorted({n for n in names if not index.get("Service", obj.namespace, n)})
            yield obj, (f"backend Service {', '.join(missing)} does not exist" if missing else None)

    def _service_selects_workload(self, ctx, index, params):
        for svc in index.of("Service"):
            selector = svc.facts.get("selector") or {}
            if selector:
                yield svc, None if index.selected(svc.namespace, selector) else \
                    f"selector {_show(selector)} matches no workload"

    def _pdb_selects_pods(self, ctx, index, params):
        for pdb in index.of("PodDisruptionBudget"):
            selector = pdb.facts.get("selector") or {}
            yield pdb, None if index.selected(pdb.namespace, selector) else \
                f"selector {_show(selector)} matches no workload's pods"

    def _destination_service_exists(self, ctx, index, params):
        for vs in index.of("VirtualService"):
            hosts = {str(d.get("host")) for r in vs.facts.get("http", [])
                     for d in r.get("destinations", [])}
            hosts |= {str(d.get("host")) for d in vs.facts.get("other_destinations", [])}
            missing = sorted(h for h in hosts if _internal(h) and not index.get(
                "Service", _namespace_of(h, vs.namespace), h.split(".", 1)[0]))
            yield vs, (f"destination {', '.join(missing)} is no Service" if missing else None)

    def _workload_has(self, ctx, index, params):
        for w in index.of(*params.kinds):
            replicas = w.facts.get("replicas")
            if params.min_replicas and not (isinstance(replicas, int) and replicas >= params.min_replicas):
                continue
            if params.min_fan_in and fan_in(ctx, w.service) < params.min_fan_in:
                continue
            found = index.covering(params.related, w)
            yield w, None if found else f"has no {params.related}"

    def _pdb_allows_disruption(self, ctx, index, params):
        for pdb in index.of("PodDisruptionBudget"):
            for w in index.selected(pdb.namespace, pdb.facts.get("selector") or {}):
                hpa = index.hpa_of(w)
                floor = hpa.facts.get("min_replicas") if hpa else w.facts.get("replicas")
                problem = _blocks(pdb.facts, floor)
                yield pdb, (f"{problem} with {w.kind.lower()}/{w.name} at {floor} replicas"
                            if problem else None)

    def _hpa_has_requests(self, ctx, index, params):
        for hpa in index.of("HorizontalPodAutoscaler"):
            target = hpa.facts.get("target") or {}
            w = index.get(str(target.get("kind")), hpa.namespace, str(target.get("name")))
            if w is None:
                continue
            needed = [m for m in ("cpu", "memory") if hpa.facts.get(f"{m}_target")]
            containers = (w.facts.get("pod") or {}).get("containers") or []
            missing = sorted({f"container {c.get('name')} has no {m} request" for m in needed
                              for c in containers
                              if not ((c.get("resources") or {}).get("requests") or {}).get(m)})
            yield hpa, "; ".join(missing) if missing else None

    def _mesh_mtls_strict(self, ctx, index, params):
        istio = [r for r in ctx.model.resources if r.facts.get("mesh") == "istio"]
        if not istio:
            return
        strict = {(p.namespace, bool(p.facts.get("selector"))) for p in index.of("PeerAuthentication")
                  if p.facts.get("mtls_mode") == "STRICT"}
        for w in index.of(*params.kinds):
            covered = (MESH_ROOT, False) in strict or (w.namespace, False) in strict \
                or any(p.facts.get("mtls_mode") == "STRICT" and p.namespace == w.namespace
                       and _matches(p.facts.get("selector") or {}, _pod_labels(w))
                       for p in index.of("PeerAuthentication"))
            yield w, None if covered else "is not covered by a STRICT mTLS PeerAuthentication"


_LAST: list = []  # (model, its _Index): every relation rule of one evaluation shares it


def _index_of(ctx: EvalContext) -> _Index:
    """The resource index of `ctx.model`, built once per model rather than once per rule."""
    if not _LAST or _LAST[0][0] is not ctx.model:
        _LAST[:] = [(ctx.model, _Index(ctx.model.resources))]
    return _LAST[0][1]


class _Index:
    """Resources by kind and by (kind, namespace, name); label selection of workloads through
    a `LabelIndex`, HPAs by target, and the workloads each covering kind covers."""

    def __init__(self, resources: list[Resource]) -> None:
        self.by_kind: dict[str, list[Resource]] = {}
        self.by_key: dict[tuple[str, str, str], Resource] = {}
        for r in resources:
            self.by_kind.setdefault(r.kind, []).append(r)
            self.by_key.setdefault((r.kind, r.namespace or "default", r.name), r)
        self.pods = LabelIndex(self.of(*WORKLOADS), lambda w: w.namespace, _pod_labels)
        self.hpas: dict[tuple, Resource] = {}
        for h in self.of("HorizontalPodAutoscaler"):
            target = h.facts.get("target") or {}
            self.hpas.setdefault((h.namespace, target.get("kind"), target.get("name")), h)
        self._covered: dict[str, set[int]] = {}

    def of(self, *kinds: str) -> list[Resource]:
        return [r for kind in kinds for r in self.by_kind.get(kind, [])]

    def get(self, kind: str, namespace: str | None, name: str) -> Resource | None:
        return self.by_key.get((kind, namespace or "default", name))

    def selected(self, namespace: str | None, selector: dict) -> list[Resource]:
        if not selector:
            return []
        return self.pods.select(namespace, selector)

    def hpa_of(self, w: Resource) -> Resource | None:
        return self.hpas.get((w.namespace, w.kind, w.name))

    def covering(self, related: str, w: Resource) -> bool:
        if related == "HorizontalPodAutoscaler":
            return self.hpa_of(w) is not None
        if related not in self._covered:
            key = "selector" if related == "PodDisruptionBudget" else "pod_selector"
            covered: set[int] = set()
            for o in self.of(related):
                chosen = ([p for p in self.pods.items if p.namespace == o.namespace]
                          if o.facts.get("selects_all") else
                          self.pods.select(o.namespace, o.facts.get(key) or {}))
                covered.update(id(p) for p in chosen)
            self._covered[related] = covered
        return id(w) in self._covered[related]


def _blocks(pdb: dict, floor: object) -> str | None:
    """Why a PDB blocks every voluntary eviction at `floor` replicas, or None."""
    if not isinstance(floor, int) or isinstance(floor, bool):
        return None
    low, high = pdb.get("min_available"), pdb.get("max_unavailable")
    if isinstance(high, (int, str)) and str(high).strip() in ("0", "0%"):
        return "maxUnavailable 0 blocks every eviction"
    if isinstance(low, int) and not isinstance(low, bool) and low >= floor:
        return f"minAvailable {low} blocks every eviction"
    if isinstance(low, str) and low.strip() == "100%":
        return "minAvailable 100% blocks every eviction"
    return None


def _pod_labels(w: Resource) -> dict:
    return (w.facts.get("pod") or {}).get("labels") or {}


def _matches(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _internal(host: str) -> bool:
    return bool(host) and host != "None" and (
        "." not in host or host.endswith((".svc.cluster.local", ".svc")))


def _namespace_of(host: str, default: str | None) -> str | None:
    parts = host.split(".")
    return parts[1] if len(parts) >= 2 else default


def _show(selector: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
