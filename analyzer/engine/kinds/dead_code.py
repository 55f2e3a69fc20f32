"""Kinds about what nobody uses: dead Python code, one-sided topics, stale services,
ConfigMaps and Secrets no object names, routes that received no traffic."""

from __future__ import annotations

import re
from collections.abc import Iterator
from fnmatch import fnmatchcase

from pydantic import Field

from analyzer.analysis.graph import SERVICE, TOPIC
from analyzer.analysis.history import service_stats
from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, join
from analyzer.model import Evidence, Origin


class DeadCodeParams(Params):
    min_confidence: int = Field(60, ge=60, le=100, description="vulture's confidence (60: "
                                "unused functions and classes, 90: imports, 100: unreachable "
                                "code and unused arguments) a name needs to be reported")
    max_listed: int = Field(5, ge=1, le=50, description="names listed in one finding")


class DeadCode(RuleKind):
    """One finding per Python file with names no file of its service uses (vulture's
    verdicts, framework entry points excluded: see `analyzer.ingest.health.python_dead`)."""

    name = "dead-code"
    description = "Python functions, classes, imports and code no file of the service uses."
    subject_kind = "file"
    fields = frozenset({"file", "service", "count", "names"})
    Params = DeadCodeParams

    def check(self, ctx: EvalContext, params: DeadCodeParams) -> Iterator[Hit]:
        by_file: dict[str, list] = {}
        for item in ctx.model.dead_code:
            if item.confidence >= params.min_confidence:
                by_file.setdefault(item.file, []).append(item)
        for file in sorted(by_file):
            items = by_file[file]
            shown = [f"{i.kind.replace('_', ' ')} '{i.name}' (line {i.line}, {i.confidence}%)"
                     for i in items[:params.max_listed]]
            more = len(items) - len(shown)
            yield Hit(subject=file, service=items[0].service,
                      evidence=[Evidence(origin=Origin.CODE, file=file, line=i.line,
                                         detail=f"unused {i.kind} {i.name}") for i in items],
                      salt=",".join(sorted(f"{i.kind}:{i.name}" for i in items)),
                      fields={"file": file, "service": items[0].service or "no service",
                              "count": len(items),
                              "names": join(shown) + (f" and {more} more" if more else "")})


class UnusedTopic(RuleKind):
    """A topic some service produces to and none consumes from, or the reverse."""

    name = "unused-topic"
    description = "A topic that is produced and never consumed, or consumed and never produced."
    subject_kind = "endpoint"
    fields = frozenset({"topic", "side", "services"})

    def check(self, ctx: EvalContext, params: Params) -> Iterator[Hit]:
        graph = ctx.graph
        for topic in sorted(n for n, kind in graph.nodes(data="kind") if kind == TOPIC):
            producers = sorted(p for p in graph.predecessors(topic)
                               if graph.nodes[p].get("kind") == SERVICE)
            consumers = sorted(c for c in graph.successors(topic)
                               if graph.nodes[c].get("kind") == SERVICE)
            if bool(producers) == bool(consumers):
                continue
            side, services = (("produced by", producers) if producers
                              else ("consumed by", consumers))
            pairs = [(s, topic) for s in producers] + [(topic, c) for c in consumers]
            evidence = [e for a, b in pairs for edge in graph.edges[a, b]["edges"]
                        for e in edge.evidence]
            yield Hit(subject=topic, evidence=evidence,
                      fields={"topic": topic.removeprefix("topic:"),
                              "side": f"{side} {join(services)} and "
                                      f"{'never consumed' if producers else 'never produced'}",
                              "services": join(services)})


class StaleCodeParams(Params):
    max_age_days: int = Field(365, ge=1, description="days since a service's last change "
                              "(to the newest commit read) that make it stale")


class StaleCode(RuleKind):
    """A service untouched for `max_age_days` while a service depending on it changed in
    that time: its dependents moved on, it did not (abandoned or frozen code)."""

    name = "stale-code"
    description = "A service untouched for long while the services depending on it changed."
    subject_kind = "service"
    fields = frozenset({"service", "age_days", "last_change", "dependents"})
    Params = StaleCodeParams

    def check(self, ctx: EvalContext, params: StaleCodeParams) -> Iterator[Hit]:
        stats = service_stats(ctx.model)
        age = {row.service: row.age_days for row in stats.itertuples(index=False)
               if row.age_days is not None and row.age_days == row.age_days}  # not NaN
        last = {row.service: row.last_change for row in stats.itertuples(index=False)}
        for service in sorted(age):
            if age[service] <= params.max_age_days or service not in ctx.services:
                continue
            moved = sorted(d for d in ctx.services.predecessors(service)
                           if d in age and age[d] <= params.max_age_days)
            if moved:
                yield Hit(subject=service, service=service,
                          fields={"service": service, "age_days": int(age[service]),
                                  "last_change": str(last[service])[:10],
                                  "dependents": join(moved)})


WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
                            "CronJob", "Pod", "DeploymentConfig", "Rollout"})


class OrphanConfigParams(Params):
    ignore: list[str] = Field(default_factory=lambda: ["kube-root-ca.crt", "istio-ca-root-cert",
                                                       "*-ca", "sh.helm.release.*"],
                              description="name globs of ConfigMaps and Secrets never reported "
                                          "(read by the platform, not by a workload)")
    ignore_types: list[str] = Field(
        default_factory=lambda: ["kubernetes.io/service-account-token", "helm.sh/release.v1",
                                 "bootstrap.kubernetes.io/token"],
        description="Secret types that are the platform's own")


class OrphanConfig(RuleKind):
    """A ConfigMap or Secret that no workload, Ingress, Gateway or ServiceAccount names, in a
    namespace that has workloads (a folder of config alone is not judged)."""

    name = "orphan-config"
    description = "A ConfigMap or Secret that nothing in the manifests uses."
    subject_kind = "resource"
    fields = frozenset({"kind", "name", "namespace", "file"})
    Params = OrphanConfigParams

    def check(self, ctx: EvalContext, params: OrphanConfigParams) -> Iterator[Hit]:
        resources = ctx.model.resources
        spaces = {r.namespace for r in resources if r.kind in WORKLOAD_KINDS}
        for r in sorted(resources, key=lambda r: (r.kind, r.namespace or "", r.name, r.file)):
            if r.kind not in ("ConfigMap", "Secret") or r.namespace not in spaces \
                    or "referenced_by" not in r.facts or r.facts["referenced_by"] \
                    or r.facts.get("type") in params.ignore_types \
                    or any(fnmatchcase(r.name, p) for p in params.ignore):
                continue
            yield Hit(subject=f"{r.kind.lower()}/{r.namespace}/{r.name}", service=r.service,
                      evidence=[Evidence(origin=Origin.MANIFEST, file=r.file, line=r.line,
                                         detail=f"{r.kind} {r.name}")],
                      fields={"kind": r.kind, "name": r.name, "namespace": r.namespace or "",
                              "file": r.file})


_PARAMETER = re.compile(r"^(\{[^/]*\}|:[^/]+|<[^/]*>|\*+|\$\{[^/]*\})$")


def route_shape(path: str) -> str:
    """A route template with every parameter segment as `*` (`/carts/{id}`, `/carts/:id` and
    `/carts/<int:id>` are one shape), lower-case, without a trailing slash or query."""
    path = path.split("?", 1)[0].strip().lower().rstrip("/") or "/"
    return "/".join("*" if _PARAMETER.match(part) else part for part in path.split("/"))


class UnusedEndpointParams(Params):
    min_rate: float = Field(0.0, ge=0, description="requests per second at or below which a "
                                                    "route counts as unused over the window")


class UnusedEndpoint(RuleKind):
    """A route a service's code serves that got no requests in the Prometheus window, judged
    only for services whose metrics carry routes (otherwise silence is not evidence)."""

    name = "unused-endpoint"
    description = "A route the code serves that received no traffic in the observed window."
    subject_kind = "endpoint"
    fields = frozenset({"service", "method", "path", "window"})
    Params = UnusedEndpointParams

    def check(self, ctx: EvalContext, params: UnusedEndpointParams) -> Iterator[Hit]:
        model = ctx.model
        window = model.runtime_sources[0].window if model.runtime_sources else "the window"
        observed: dict[str, set[tuple[str, str]]] = {}
        for traffic in model.runtime_routes:
            seen = observed.setdefault(traffic.service, set())
            if traffic.rate > params.min_rate:
                seen.add((traffic.method.upper(), route_shape(traffic.route)))
        for route in sorted(model.routes, key=lambda r: (r.service, r.path, r.method)):
            if route.service not in observed or route.method == "RPC":
                continue
            shape, method = route_shape(route.path), route.method.upper()
            used = any(s == shape and (m in ("", "ANY") or method in ("", "ANY") or m == method)
                       for m, s in observed[route.service])
            if not used:
                yield Hit(subject=f"{route.service} {route.method} {route.path}",
                          service=route.service,
                          evidence=[Evidence(origin=Origin.CODE, file=route.file, line=route.line,
                                             detail=f"{route.framework} route")],
                          fields={"service": route.service, "method": route.method,
                                  "path": route.path, "window": window})
