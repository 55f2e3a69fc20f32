"""Log shippers (Fluent Bit, Fluentd, Filebeat, Logstash, Vector, Promtail) and compose
`logging:` drivers, as `LogShipper` resources.

A shipper that collects every container's output (tailing `/var/lib/docker/containers`,
Kubernetes or Docker log discovery, Filebeat autodiscover) ships for every service; one that
only listens (`forward`, `beats`, `syslog`) ships for the services whose compose logging
driver sends to it, each recorded as its own resource. Classic `.conf` files are read line by
line (no regex over the whole text), so cost is linear and nothing is evaluated.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from analyzer.ingest.platform.common import (Collected, ServiceIndex, dict_at, line, list_at,
                                             text)
from analyzer.model import Resource

SHIPPING_DRIVERS = frozenset({"fluentd", "gelf", "syslog", "loki", "awslogs", "splunk",
                              "gcplogs", "logentries", "journald", "etwlogs"})
_ALL_PATHS = ("/var/lib/docker/containers", "/var/log/containers", "/var/log/pods")
_ALL_TYPES = frozenset({"docker", "container", "kubernetes", "docker_logs", "kubernetes_logs",
                        "docker_sd_configs", "kubernetes_sd_configs", "autodiscover",
                        "systemd"})
_SECTION = re.compile(r"^\s*\[([A-Za-z_ ]+)\]\s*$")
_KEYVAL = re.compile(r"^\s*([A-Za-z_@.][A-Za-z0-9_.@-]*)\s+(\S.*?)\s*$")
_LOGSTASH_PLUGIN = re.compile(r"^\s*([a-z_]+)\s*\{")


def shipper_tool(rel: str, name: str) -> str | None:
    """Which shipper a file configures, judged by its name and folder, else None."""
    lowered, path = name.lower(), rel.lower()
    if lowered.endswith(".conf") and ("fluent-bit" in lowered or "fluentbit" in lowered
                                      or lowered == "td-agent-bit.conf"):
        return "fluent-bit"
    if lowered in ("fluent.conf", "td-agent.conf") or (lowered.endswith(".conf")
                                                       and "fluentd" in path):
        return "fluentd"
    if lowered.startswith("filebeat") and lowered.endswith((".yml", ".yaml")):
        return "filebeat"
    if lowered.endswith(".conf") and "logstash" in path:
        return "logstash"
    if lowered.startswith("vector") and lowered.endswith((".toml", ".yaml", ".yml")):
        return "vector"
    if lowered.startswith("promtail") and lowered.endswith((".yml", ".yaml")):
        return "promtail"
    if lowered.startswith(("fluent-bit", "fluentbit")) and lowered.endswith((".yml", ".yaml")):
        return "fluent-bit"
    return None


def read_shipper(file: str, tool: str, body: str, yaml_data: Any, index: ServiceIndex,
                 out: Collected) -> None:
    """One LogShipper resource for a shipper config (YAML data already parsed when YAML)."""
    if tool in ("fluent-bit", "fluentd", "logstash") and yaml_data is None:
        inputs, outputs, paths = _text_config(tool, body)
    elif tool == "vector" and file.endswith(".toml"):
        try:
            data = tomllib.loads(body)
        except (tomllib.TOMLDecodeError, RecursionError) as err:
            out.problem(file, None, "toml-parse-error", f"invalid TOML: {err}")
            return
        inputs, outputs, paths = _vector(data)
    else:
        inputs, outputs, paths = _yaml_config(tool, dict_at(yaml_data))
    every = bool(set(inputs) & _ALL_TYPES) or any(p.startswith(_ALL_PATHS) for p in paths)
    services = index.app_ids() if every else sorted(index.words(" ".join(paths)))
    out.resources.append(Resource(kind="LogShipper", name=file, file=file, line=1, facts={
        "tool": tool, "inputs": sorted(set(inputs)), "outputs": sorted(set(outputs)),
        "paths": sorted(set(paths))[:100], "all_containers": every, "services": services}))


def read_compose_logging(file: str, name: str, service: dict, sid: str | None,
                         out: Collected) -> None:
    """A compose service's `logging:` driver, when it sends logs somewhere central."""
    logging = dict_at(service.get("logging"))
    driver = text(logging.get("driver"))
    if sid and driver in SHIPPING_DRIVERS:
        out.resources.append(Resource(
            kind="LogShipper", name=f"{name}/logging", file=file,
            line=line(service, "logging"), service=sid, facts={
                "tool": "compose-logging", "driver": driver, "services": [sid],
                "address": text(dict_at(logging.get("options")).get(
                    f"{driver}-address") or dict_at(logging.get("options")).get("loki-url"))}))


def _text_config(tool: str, body: str) -> tuple[list[str], list[str], list[str]]:
    inputs, outputs, paths = [], [], []
    section, depth = "", 0
    for raw in body.splitlines()[:50_000]:
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if tool == "fluent-bit":
            if m := _SECTION.match(raw):
                section = m.group(1).strip().upper()
            elif (m := _KEYVAL.match(raw)) and section in ("INPUT", "OUTPUT"):
                key, value = m.group(1).lower(), m.group(2)
                if key == "name":
                    (inputs if section == "INPUT" else outputs).append(value.lower())
                elif key == "path" and section == "INPUT":
                    paths.append(value)
        elif tool == "fluentd":
            if stripped.startswith("<source"):
                section = "INPUT"
            elif stripped.startswith("<match"):
                section = "OUTPUT"
            elif stripped.startswith("</"):
                section = ""
            elif (m := _KEYVAL.match(raw)) and section:
                if m.group(1) == "@type":
                    (inputs if section == "INPUT" else outputs).append(m.group(2).lower())
                elif m.group(1) == "path" and section == "INPUT":
                    paths.append(m.group(2))
        else:  # logstash: input { beats { ... } } output { elasticsearch { ... } }
            if depth == 0 and stripped.startswith(("input", "output", "filter")):
                section = stripped.split("{", 1)[0].strip()
            elif depth == 1 and (m := _LOGSTASH_PLUGIN.match(raw)):
                if section == "input":
                    inputs.append(m.group(1))
                elif section == "output":
                    outputs.append(m.group(1))
            elif section == "input" and stripped.startswith("path"):
                paths.extend(re.findall(r'"([^"]{1,512})"', stripped))
            depth = max(depth + stripped.count("{") - stripped.count("}"), 0)
    return inputs, outputs, paths


def _yaml_config(tool: str, data: dict) -> tuple[list[str], list[str], list[str]]:
    inputs, outputs, paths = [], [], []
    if tool == "filebeat":
        for item in list_at(data.get("filebeat.inputs") or
                            dict_at(data.get("filebeat")).get("inputs"))[:500]:
            inputs.append(text(dict_at(item).get("type")))
            paths += [text(p) for p in list_at(dict_at(item).get("paths"))[:100]]
        if data.get("filebeat.autodiscover") or dict_at(data.get("filebeat")).get("autodiscover"):
            inputs.append("autodiscover")
        outputs += [str(k).split(".", 1)[1] for k in data if str(k).startswith("output.")]
        outputs += [str(k) for k in dict_at(data.get("output"))]
    elif tool == "promtail":
        for job in list_at(data.get("scrape_configs"))[:500]:
            job = dict_at(job)
            inputs += [k for k in ("docker_sd_configs", "kubernetes_sd_configs") if job.get(k)]
            for static in list_at(job.get("static_configs"))[:100]:
                paths.append(text(dict_at(dict_at(static).get("labels")).get("__path__")))
            inputs += ["journal"] if job.get("journal") else []
        outputs = ["loki"] if data.get("clients") else []
    elif tool == "vector":
        inputs, outputs, paths = _vector(data)
    else:  # fluent-bit YAML: pipeline: {inputs: [{name: tail, path: ...}], outputs: [...]}
        pipeline = dict_at(data.get("pipeline"))
        for item in list_at(pipeline.get("inputs"))[:500]:
            inputs.append(text(dict_at(item).get("name")).lower())
            paths.append(text(dict_at(item).get("path")))
        outputs = [text(dict_at(o).get("name")).lower() for o in list_at(pipeline.get("outputs"))]
    return [i for i in inputs if i], [o for o in outputs if o], [p for p in paths if p]


def _vector(data: dict) -> tuple[list[str], list[str], list[str]]:
    sources, sinks = dict_at(data.get("sources")), dict_at(data.get("sinks"))
    inputs = [text(dict_at(s).get("type")) for s in list(sources.values())[:500]]
    paths = [text(p) for s in list(sources.values())[:500]
             for p in list_at(dict_at(s).get("include"))[:100]]
    outputs = [text(dict_at(s).get("type")) for s in list(sinks.values())[:500]]
    return inputs, outputs, paths
