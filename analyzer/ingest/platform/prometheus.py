"""Prometheus configuration: `prometheus.yml` scrape jobs and the checks Prometheus itself makes.

Each scrape job becomes a `ScrapeConfig` resource (targets with their lines and the service
each one names, discovery mechanisms, scheme, metrics path); the file's `rule_files` become a
`PrometheusConfig` resource. What Prometheus (2.42, checked with `promtool check config`)
refuses to load is an error diagnostic: a target that is not `host[:port]` ("is not a valid
hostname": a scheme or a path in it), two jobs with the same name, a relabel regex RE2 cannot
compile, an unknown relabel action. A port out of range or a scheme other than http/https
loads but can never be scraped: a warning.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.platform.common import (Collected, ServiceIndex, dict_at, item_line, line,
                                             list_at, text)
from analyzer.model import Resource, Severity

RELABEL_ACTIONS = frozenset({"replace", "keep", "drop", "keepequal", "dropequal", "hashmod",
                             "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase"})
SD_KEYS = ("static_configs", "file_sd_configs", "kubernetes_sd_configs", "dns_sd_configs",
           "consul_sd_configs", "docker_sd_configs", "dockerswarm_sd_configs", "ec2_sd_configs",
           "http_sd_configs", "eureka_sd_configs")
MAX_REGEX = 1_000
# Perl syntax Go's RE2 rejects (lookaround, backreferences, atomic groups, possessive)
_RE2_UNSUPPORTED = re.compile(r"\(\?[=!>]|\(\?<[=!]|\\[1-9]|[*+?}]\+")
_TARGET = re.compile(r"(?:\[[0-9A-Fa-f:.%]+\]|[A-Za-z0-9_.-]+)(?::([^:/\]]*))?")


def is_prometheus_config(data: Any) -> bool:
    """A Prometheus server config (not Promtail's, which has `clients`/`positions`)."""
    return isinstance(data, dict) and isinstance(data.get("scrape_configs"), list) and \
        not ({"clients", "positions", "server"} & set(data))


def read_prometheus(file: str, data: dict, index: ServiceIndex, out: Collected) -> None:
    """Record the scrape jobs and rule files of one prometheus.yml document."""
    jobs = out.capped(list_at(data.get("scrape_configs")), file, line(data, "scrape_configs"),
                      "scrape jobs")
    seen: dict[str, int | None] = {}
    for i, raw in enumerate(jobs):
        job = dict_at(raw)
        at = item_line(data.get("scrape_configs"), i, line(data, "scrape_configs"))
        name = text(job.get("job_name"))
        if not name:
            out.problem(file, at, "prometheus-invalid-config", "scrape config without job_name",
                        Severity.ERROR)
            continue
        if name in seen:
            out.problem(file, at, "prometheus-duplicate-job",
                        f'found multiple scrape configs with job name "{name}" '
                        f"(first on line {seen[name]})", Severity.ERROR)
        seen.setdefault(name, at)
        out.resources.append(_job(file, at, name, job, index, out))
    rule_files = [text(r) for r in list_at(data.get("rule_files")) if text(r)]
    out.resources.append(Resource(kind="PrometheusConfig", name=file, file=file,
                                  line=line(data, "scrape_configs") or 1,
                                  facts={"rule_files": sorted(rule_files),
                                         "jobs": sorted(seen)}))


def target_problem(target: str) -> tuple[str, Severity] | None:
    """Why Prometheus would reject (error) or never reach (warning) a static target."""
    if "/" in target or " " in target or not target or not _TARGET.fullmatch(target):
        return f'"{target}" is not a valid hostname (write host:port, no scheme or path)', \
            Severity.ERROR
    port = _TARGET.fullmatch(target).group(1)
    if port is not None and (not port.isdigit() or not 0 < int(port) < 65536):
        return f'"{target}": port "{port}" is not a number from 1 to 65535', Severity.WARNING
    return None


def regex_problem(pattern: str) -> str | None:
    """Why Go's RE2 (Prometheus) cannot compile a relabel regex, else None."""
    if len(pattern) > MAX_REGEX:
        return None  # not judged: too long to check cheaply
    if _RE2_UNSUPPORTED.search(pattern):
        return f"error parsing regexp: invalid or unsupported Perl syntax in `{pattern}`"
    try:
        re.compile(pattern)
    except re.error as err:
        return f"error parsing regexp: {err} in `{pattern}`"
    return None


def _job(file: str, at: int | None, name: str, job: dict, index: ServiceIndex,
         out: Collected) -> Resource:
    scheme = text(job.get("scheme")) or "http"
    problems: list[str] = []
    if scheme not in ("http", "https"):
        problems.append(f"scheme {scheme!r} is not http or https")
        out.problem(file, line(job, "scheme", at), "prometheus-bad-scheme",
                    f'job "{name}": scheme "{scheme}" is not http or https')
    targets = []
    for static in list_at(job.get("static_configs")):
        items = list_at(dict_at(static).get("targets"))
        for j, raw in enumerate(out.capped(items, file, at, "targets")):
            target = text(raw)
            where = item_line(items, j, at)
            problem = target_problem(target)
            if problem:
                problems.append(problem[0])
                out.problem(file, where, "prometheus-invalid-target",
                            f'job "{name}": {problem[0]}', problem[1])
            targets.append({"target": target, "line": where, "service": index.host(target),
                            "valid": problem is None})
    _relabels(file, name, job, at, out, problems)
    discovery = sorted(k for k in SD_KEYS if job.get(k))
    services = sorted({t["service"] for t in targets if t["service"]} |
                      ({index.name(name)} - {None}))
    return Resource(kind="ScrapeConfig", name=name, file=file, line=at, facts={
        "job": name, "scheme": scheme, "metrics_path": text(job.get("metrics_path")) or "/metrics",
        "discovery": discovery, "targets": targets, "services": services,
        "valid": not problems, "problems": sorted(set(problems)),
        "valid_services": sorted({t["service"] for t in targets
                                  if t["service"] and t["valid"]}) if not problems else []})


def _relabels(file: str, name: str, job: dict, at: int | None, out: Collected,
              problems: list[str]) -> None:
    for key in ("relabel_configs", "metric_relabel_configs"):
        configs = list_at(job.get(key))
        for j, raw in enumerate(out.capped(configs, file, at, key)):
            relabel = dict_at(raw)
            where = item_line(configs, j, line(job, key, at))
            action = text(relabel.get("action")) or "replace"
            if action.lower() not in RELABEL_ACTIONS:
                problems.append(f"unknown relabel action {action!r}")
                out.problem(file, where, "prometheus-invalid-relabel",
                            f'job "{name}": unknown relabel action "{action}"', Severity.ERROR)
            regex = relabel.get("regex")
            if isinstance(regex, str):
                problem = regex_problem(regex)
                if problem:
                    problems.append(problem)
                    out.problem(file, line(relabel, "regex", where), "prometheus-invalid-relabel",
                                f'job "{name}": {problem}', Severity.ERROR)
