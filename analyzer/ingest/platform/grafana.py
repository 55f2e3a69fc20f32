"""Grafana dashboards (JSON) and provisioning files (dashboard providers, datasources).

A dashboard is a `Dashboard` resource; the services it shows are read from its panels'
query expressions (label matchers, as for alert rules), its title and its tags. Panels nested
in rows are followed one level at a time with an explicit stack, and at most MAX_ITEMS
panels are read (a diagnostic says so), so a huge dashboard costs linear time.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.jsonsafe import JsonProblem, load_json
from analyzer.ingest.platform.alerting import watched
from analyzer.ingest.platform.common import (MAX_ITEMS, Collected, ServiceIndex, dict_at, line,
                                             list_at, text)
from analyzer.model import Resource

_NOT_DASHBOARDS = frozenset({"package.json", "package-lock.json", "tsconfig.json",
                             "composer.json", "appsettings.json"})


def maybe_dashboard(name: str, body: str) -> bool:
    """Cheap pre-check before a JSON file is parsed as a dashboard."""
    return name.endswith(".json") and name not in _NOT_DASHBOARDS and '"panels"' in body


def read_dashboard(file: str, body: str, index: ServiceIndex, out: Collected) -> None:
    try:
        data = load_json(body)
    except JsonProblem as problem:
        out.problem(file, problem.line, problem.code, problem.message)
        return
    if isinstance(data, dict) and isinstance(data.get("dashboard"), dict):
        data = data["dashboard"]  # the API export wraps the model
    if not isinstance(data, dict) or not isinstance(data.get("panels"), list):
        return
    panels, exprs = _panels(data, file, out)
    title = text(data.get("title"))
    tags = sorted(text(t) for t in list_at(data.get("tags"))[:100] if text(t))
    services = set()
    for expr in exprs:
        services.update(watched(expr, {}, index))
    services |= index.words(" ".join([title, *tags]))
    for var in list_at(dict_at(data.get("templating")).get("list"))[:100]:
        if isinstance(var, dict):
            services |= index.words(text(var.get("query")) + " " + text(var.get("current")))
    out.resources.append(Resource(kind="Dashboard", name=title or file, file=file, line=1, facts={
        "title": title, "uid": text(data.get("uid")), "tags": tags, "panels": panels,
        "services": sorted(services)}))


def is_provisioning(data: Any) -> bool:
    return isinstance(data, dict) and "apiVersion" in data and (
        isinstance(data.get("providers"), list) or isinstance(data.get("datasources"), list))


def read_provisioning(file: str, data: dict, out: Collected) -> None:
    providers = [{"name": text(dict_at(p).get("name")), "type": text(dict_at(p).get("type")),
                  "path": text(dict_at(dict_at(p).get("options")).get("path"))}
                 for p in out.capped(list_at(data.get("providers")), file, None, "providers")]
    sources = [{"name": text(dict_at(d).get("name")), "type": text(dict_at(d).get("type")),
                "url": text(dict_at(d).get("url"))}
               for d in out.capped(list_at(data.get("datasources")), file, None, "datasources")]
    out.resources.append(Resource(kind="GrafanaProvisioning", name=file, file=file,
                                  line=line(data, "apiVersion", 1),
                                  facts={"providers": providers, "datasources": sources}))


def _panels(data: dict, file: str, out: Collected) -> tuple[int, list[str]]:
    """(panels read, their query expressions), rows followed without recursion."""
    stack = list(reversed(data["panels"]))
    count, exprs = 0, []
    while stack:
        if count >= MAX_ITEMS:
            out.problem(file, None, "platform-too-many",
                        f"dashboard has more than {MAX_ITEMS} panels: the rest were not read "
                        "(MAX_ITEMS)")
            break
        panel = stack.pop()
        if not isinstance(panel, dict):
            continue
        count += 1
        for target in list_at(panel.get("targets"))[:50]:
            if isinstance(target, dict):
                exprs.append(text(target.get("expr")) or text(target.get("query")))
        nested = panel.get("panels")
        if isinstance(nested, list):
            stack.extend(reversed(nested))
    return count, exprs
