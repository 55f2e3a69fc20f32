"""The platform enricher: read gateway, monitoring, logging, CI and migration files into facts.

Runs after the manifests are assembled (it needs the services to resolve names) and adds
Resources (`GatewayRoute`, `ScrapeConfig`, `PrometheusConfig`, `AlertRule`, `Dashboard`,
`GrafanaProvisioning`, `LogShipper`, `CIPipeline`, `Migrations`), gateway -> service route
edges, and diagnostics for what Prometheus or the CI schemas would reject. It reads files
only through the safe readers; a YAML file is parsed only when a cheap text check says it
may hold something of interest.
"""

from __future__ import annotations

from collections.abc import Callable

from analyzer.ingest.enrichers import ENRICHERS
from analyzer.ingest.files import Inventory, SourceFile, read_text
from analyzer.ingest.manifests.compose import is_compose_file
from analyzer.ingest.options import ScanOptions
from analyzer.ingest.platform import alerting, ci, ci_schema, grafana, logshipping, prometheus
from analyzer.ingest.platform.common import Collected, ServiceIndex, dict_at, text
from analyzer.ingest.jsonsafe import JsonProblem, load_json
from analyzer.ingest.platform.gateways import aws, kong, nginx, spring, traefik
from analyzer.ingest.platform.migrations import read_migrations
from analyzer.ingest.platform.promtool import promtool_check
from analyzer.ingest.yamlsafe import load_yaml
from analyzer.model import Edge, EdgeKind, Evidence, Resource, SystemModel

_MARKERS = ("scrape_configs", "groups:", "PrometheusRule", "ServiceMonitor", "PodMonitor",
            "IngressRoute", "Middleware", "providers:", "datasources:", "_format_version",
            "routers:", "logging:", "traefik.", "gateway", "zuul", "x-amazon-apigateway",
            "AWS::")
MONITOR_KINDS = frozenset({"PrometheusRule", "ServiceMonitor", "PodMonitor"})


def enrich_platform(model: SystemModel, inventory: Inventory, options: ScanOptions) -> SystemModel:
    """`model` plus the platform facts of every file in `inventory`."""
    index = ServiceIndex(model)
    out = Collected()
    later: list[Callable[[dict[str, dict]], None]] = []  # traefik routers need all middlewares
    middlewares: dict[str, dict] = {}
    for source in inventory.files:
        _read_file(source, index, out, later, middlewares)
    for step in later:
        step(middlewares)
    read_migrations(inventory, model, index, out)
    out.resources.extend(alerting.read_annotations(model.resources, index))
    resources = _generic_alerts(out.resources)
    return model.model_copy(update={
        "resources": model.resources + resources,
        "diagnostics": model.diagnostics + out.diagnostics,
        "edges": _with_routes(model.edges, out)})


def _read_file(source: SourceFile, index: ServiceIndex, out: Collected,
               later: list, middlewares: dict[str, dict]) -> None:
    name, rel = source.name, source.rel
    system = ci.ci_system(rel, name)
    tool = logshipping.shipper_tool(rel, name)
    is_yaml = name.lower().endswith((".yml", ".yaml"))
    if system == "jenkins" or (tool and not is_yaml):
        body = _text(source, out)
        if body is None:
            return
        if system == "jenkins":
            ci.read_jenkinsfile(rel, body, index, out)
        else:
            logshipping.read_shipper(rel, tool, body, None, index, out)
        return
    if name.lower().endswith((".conf", ".template")) and "nginx" in (name + rel).lower():
        body = _text(source, out)
        if body is not None and nginx.maybe_nginx(rel, name, body):
            nginx.read_nginx(rel, body, index, out)
        return
    if name.endswith(".json"):
        body = _text(source, out) if source.size < 16 * 1024 * 1024 else None
        if body is not None and grafana.maybe_dashboard(name, body):
            grafana.read_dashboard(rel, body, index, out)
        elif body is not None and aws.INTEGRATION in body:
            _read_aws_json(rel, body, index, out)
        return
    if not is_yaml:
        return
    body = _text(source, out)
    if body is None or not (system or tool or any(m in body for m in _MARKERS)):
        return
    documents, _ = load_yaml(body, rel)  # parse problems are the manifest readers' to report
    for document in documents:
        data = document.data
        if system:
            ci_schema.validate_ci(rel, system, data, out)
            ci.read_workflow(rel, system, data, index, out)
        elif tool:
            logshipping.read_shipper(rel, tool, body, data, index, out)
        else:
            _read_document(source, data, index, out, later, middlewares)


def _read_document(source: SourceFile, data: object, index: ServiceIndex, out: Collected,
                   later: list, middlewares: dict[str, dict]) -> None:
    rel = source.rel
    if not isinstance(data, dict):
        return
    kind = text(data.get("kind"))
    if prometheus.is_prometheus_config(data):
        prometheus.read_prometheus(rel, data, index, out)
        promtool_check("config", source.path, rel, out)
    elif alerting.is_rule_file(data):
        alerting.read_rule_groups(rel, data["groups"], index, out)
        promtool_check("rules", source.path, rel, out)
    elif kind in MONITOR_KINDS:
        alerting.read_monitor(rel, data, index, out)
    elif kind == "Middleware" and "traefik" in text(data.get("apiVersion")):
        spec = {str(k).lower(): v for k, v in dict_at(data.get("spec")).items()}
        middlewares[text(dict_at(data.get("metadata")).get("name"))] = spec
    elif kind == "IngressRoute":
        later.append(lambda mw: traefik.read_ingress_route(rel, data, mw, index, out))
    elif grafana.is_provisioning(data):
        grafana.read_provisioning(rel, data, out)
    elif kong.is_kong(data):
        kong.read_kong(rel, data, index, out)
    elif traefik.is_dynamic(data):
        middlewares.update(traefik.dynamic_middlewares(data))
        later.append(lambda mw: traefik.read_dynamic(rel, data, mw, index, out))
    elif aws.is_openapi_with_aws(data):
        aws.read_openapi(rel, data, index, out)
    elif aws.is_cloudformation(data):
        aws.read_cloudformation(rel, data, index, out)
    elif is_compose_file(source.name):
        _read_compose(rel, data, index, out, later, middlewares)
    elif source.name.startswith(("application", "bootstrap")) and spring.has_routes(data):
        spring.read_spring(rel, data, index, out)


def _read_compose(rel: str, data: dict, index: ServiceIndex, out: Collected, later: list,
                  middlewares: dict[str, dict]) -> None:
    for name, raw in list(dict_at(data.get("services")).items()):
        service = dict_at(raw)
        sid = index.name(str(name))
        logshipping.read_compose_logging(rel, str(name), service, sid, out)
        labels = traefik.compose_labels(service)
        if labels:
            middlewares.update(traefik.label_middlewares(labels))
            later.append(lambda mw, n=str(name), s=sid, lb=labels:
                         traefik.read_labels(rel, n, s, lb, mw, index, out))


def _read_aws_json(rel: str, body: str, index: ServiceIndex, out: Collected) -> None:
    try:
        data = load_json(body)
    except JsonProblem as problem:
        out.problem(rel, problem.line, problem.code, problem.message)
        return
    if aws.is_openapi_with_aws(data):
        aws.read_openapi(rel, data, index, out)
    elif aws.is_cloudformation(data):
        aws.read_cloudformation(rel, data, index, out)


def _generic_alerts(resources: list[Resource]) -> list[Resource]:
    """A generic alert (no service in its expression) watches every scraped service."""
    scraped = sorted({s for r in resources if r.kind == "ScrapeConfig"
                      for s in r.facts.get("services", [])})
    return [r.model_copy(update={"facts": {**r.facts, "services": scraped}})
            if r.kind == "AlertRule" and r.facts.get("generic") else r for r in resources]


def _with_routes(edges: list[Edge], out: Collected) -> list[Edge]:
    """Gateway route evidence added to the gateway's http edge, or a new http edge."""
    if not out.routes:
        return edges
    result, seen = [], set()
    for edge in edges:
        pair = (edge.source, edge.target)
        if edge.kind == EdgeKind.HTTP and pair in out.routes:
            seen.add(pair)
            edge = edge.model_copy(update={"evidence": sorted(
                set(edge.evidence) | out.routes[pair], key=Evidence.sort_key)})
        result.append(edge)
    for pair, evidence in sorted(out.routes.items()):
        if pair not in seen:
            result.append(Edge(source=pair[0], target=pair[1], kind=EdgeKind.HTTP,
                               evidence=sorted(evidence, key=Evidence.sort_key)))
    return result


def _text(source: SourceFile, out: Collected) -> str | None:
    body, problem = read_text(source)
    if problem is not None:
        out.diagnostics.append(problem)
    return body


ENRICHERS.append(enrich_platform)
