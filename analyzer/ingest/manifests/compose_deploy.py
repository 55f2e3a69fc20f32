"""A `ComposeService` resource per compose service: image, ports, environment, healthcheck,
restart and the Swarm `deploy:` block, as facts for readiness rules (nothing judged here).

Values are interpolated with the compose file's `.env` variables like the `Declared` reader
does, environment and label values under credential-like keys are masked, and each key
records `secret_like` (by key name or value shape) so a rule can ask for `secrets:` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from analyzer.ingest.datastores import image_tag
from analyzer.ingest.manifests.plain import as_dict, as_list, masked_map, plain
from analyzer.ingest.secrets import MASK, is_sensitive_key, mask_text
from analyzer.ingest.yamlsafe import LineDict, LineList, line_of
from analyzer.model import Resource

_DEPLOY_KEYS = ("mode", "replicas", "update_config", "rollback_config", "resources",
                "placement", "restart_policy", "labels", "endpoint_mode")


def compose_service_resource(label: str, name: str, spec: LineDict, line: int | None,
                             text: Callable[[Any], str]) -> Resource:
    """The ComposeService resource of service `name` (`text` interpolates a value)."""
    image = text(spec.get("image")) or None
    build = spec.get("build")
    facts: dict[str, Any] = {
        "image": mask_text(image) if image else None,
        "tag": image_tag(image) if image and "@" not in image else None,
        "digest": image.split("@", 1)[1] if image and "@" in image else None,
        "build": _build(build, text),
        "ports": _ports(spec.get("ports"), text),
        "environment": _environment(spec.get("environment"), text),
        "env_file": sorted(_env_files(spec.get("env_file"), text)),
        "secrets": sorted(_names(spec.get("secrets"), "source")),
        "configs": sorted(_names(spec.get("configs"), "source")),
        "labels": _labels(spec.get("labels"), text),
        "healthcheck": _healthcheck(spec.get("healthcheck"), text, spec.key_lines.get("healthcheck")),
        "restart": text(spec.get("restart")) or None,
        "depends_on": sorted(str(d) for d in (spec.get("depends_on") or [])
                             if isinstance(spec.get("depends_on"), (list, dict))),
        "deploy": _deploy(spec.get("deploy"), spec.key_lines.get("deploy")),
    }
    facts["secret_like"] = sorted(e["key"] for e in facts["environment"] if e["secret_like"])
    return Resource(kind="ComposeService", name=name, file=label, line=line, service=name,
                    facts=facts)


def _build(build: Any, text: Callable[[Any], str]) -> dict[str, Any] | None:
    if isinstance(build, str):
        return {"context": text(build), "dockerfile": None}
    if isinstance(build, dict):
        dockerfile = build.get("dockerfile")
        return {"context": text(build.get("context", ".")),
                "dockerfile": text(dockerfile) if dockerfile is not None else None}
    return None


def _ports(value: Any, text: Callable[[Any], str]) -> list[dict[str, Any]]:
    out = []
    for index, item in enumerate(as_list(value)):
        line = line_of(value, index)
        if isinstance(item, dict):
            published = item.get("published")
            out.append({"published": text(published) if published is not None else None,
                        "target": text(item.get("target")) or None,
                        "protocol": text(item.get("protocol")) or "tcp",
                        "host_ip": text(item.get("host_ip")) or None, "line": line})
            continue
        spec, _, protocol = text(item).partition("/")
        parts = spec.rsplit(":", 2) if not spec.startswith("[") else spec.rsplit(":", 1)
        out.append({"published": parts[-2] if len(parts) >= 2 and parts[-2] else None,
                    "target": parts[-1] or None, "protocol": protocol or "tcp",
                    "host_ip": parts[0] if len(parts) == 3 else None, "line": line})
    return out


def _environment(env: Any, text: Callable[[Any], str]) -> list[dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    if isinstance(env, LineList):
        pairs = [(str(item).partition("=")[0].strip(), str(item).partition("=")[2]
                  if "=" in str(item) else None, line_of(env, i)) for i, item in enumerate(env)]
    elif isinstance(env, LineDict):
        pairs = [(str(k), v, line_of(env, k)) for k, v in env.items()]
    else:
        pairs = []
    for key, value, line in pairs:
        raw = None if value is None else text(value)
        masked = None if raw is None else MASK if raw and is_sensitive_key(key) else mask_text(raw)
        entries[key] = {"key": key, "value": masked, "line": line,
                        "secret_like": bool(raw) and (is_sensitive_key(key) or masked != raw)}
    return [entries[k] for k in sorted(entries)]


def _env_files(value: Any, text: Callable[[Any], str]) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [text(i.get("path") if isinstance(i, dict) else i) for i in items
            if isinstance(i, (str, dict))]


def _names(value: Any, key: str) -> list[str]:
    return [str(i.get(key) if isinstance(i, dict) else i) for i in as_list(value)
            if isinstance(i, (str, dict))]


def _labels(value: Any, text: Callable[[Any], str]) -> dict[str, str]:
    if isinstance(value, list):
        value = {str(i).partition("=")[0]: str(i).partition("=")[2] for i in value}
    return masked_map({k: text(v) for k, v in as_dict(value).items()})


def _healthcheck(value: Any, text: Callable[[Any], str], line: int | None
                 ) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    test = value.get("test")
    test_text = " ".join(text(t) for t in test) if isinstance(test, list) else text(test)
    disabled = value.get("disable") is True or test_text.strip().upper() in ("NONE", "")
    return {"test": mask_text(test_text)[:500] or None, "interval": text(value.get("interval")) or None,
            "timeout": text(value.get("timeout")) or None, "retries": value.get("retries"),
            "disabled": disabled, "line": line}


def _deploy(value: Any, line: int | None) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    out = {key: plain(value.get(key), lines=True) for key in _DEPLOY_KEYS if key in value}
    out["line"] = line
    return out
