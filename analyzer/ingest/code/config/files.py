"""Configuration files inside a service's source folder, flattened to `key -> value` entries.

Spring `application*.yml|yaml|properties` and `bootstrap*` (profiles from the file name or
from `spring.config.activate.on-profile` documents), `.env`, .NET `appsettings*.json` and plain
JSON/YAML config. Values keep file and line so a resolved call can cite where its host came
from (evidence of origin `config`). Routes, datastore URLs and config/discovery servers declared
in config become outbound calls in `configcalls`. Files of a Spring Cloud Config server's
repository are parsed here too (`served_by` names the server; the resolver assigns them to the
application they are named after). nginx configs are code, read by the `nginx` extractor.
YAML is read with the safe loader only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import yaml

from analyzer.ingest.code.facts import OutboundCall, ParseProblem

_SPRING = re.compile(r"^(application|bootstrap)(?:-([\w.-]+))?\.(ya?ml|properties)$")
_APPSETTINGS = re.compile(r"^appsettings(?:\.([\w-]+))?\.json$")
_PLAIN = frozenset({"config.json", "settings.json", "config.yml", "config.yaml", "settings.yml",
                    "settings.yaml", "default.json", "production.json", "kong.yml", "kong.yaml",
                    "traefik.yml", "traefik.yaml", "dynamic.yml", "dynamic.yaml"})
_PLACEHOLDER = re.compile(r"\$\{([^}:]+)(?::([^}]*))?\}")


@dataclass(frozen=True)
class ConfigValue:
    """One flattened entry: `spring.datasource.url = jdbc:...` seen at file:line."""

    key: str
    value: str
    file: str
    line: int | None
    profile: str = ""


@dataclass
class ConfigFile:
    """One parsed config file; `served_by` is set for files of a config server's repository."""

    kind: str  # spring | dotenv | appsettings | json | yaml
    file: str
    values: list[ConfigValue] = field(default_factory=list)
    calls: list[OutboundCall] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    served_by: str = ""


def config_kind(rel: str) -> str | None:
    """The kind of config file `rel` is, or None when it is not one archgov reads."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    if _SPRING.match(lower):
        return "spring"
    if lower == ".env" or lower.startswith(".env.") and not lower.endswith((".example", ".sample",
                                                                               ".template")):
        return "dotenv"
    if _APPSETTINGS.match(lower):
        return "appsettings"
    if lower in _PLAIN:
        return "json" if lower.endswith(".json") else "yaml"
    return None


def parse_config(text: str, rel: str, kind: str | None = None) -> ConfigFile:
    """Flatten one config file (kind by name unless given); malformed input becomes problems."""
    kind = kind or config_kind(rel) or "yaml"
    result = ConfigFile(kind, rel)
    name = rel.rsplit("/", 1)[-1].lower()
    try:
        if kind == "spring" and name.endswith(".properties"):
            _properties(text, result, _file_profile(name))
        elif kind in ("spring", "yaml"):
            _yaml(text, result, _file_profile(name) if kind == "spring" else "")
        elif kind == "dotenv":
            _properties(text, result, "", dotenv=True)
        elif kind in ("appsettings", "json"):
            match = _APPSETTINGS.match(name)
            _json(text, result, (match.group(1) or "") if match else "")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        result.problems.append(ParseProblem(mark.line + 1 if mark else None,
                                            f"invalid YAML: {getattr(err, 'problem', err)}"))
    except json.JSONDecodeError as err:
        result.problems.append(ParseProblem(err.lineno, f"invalid JSON: {err.msg}"))
    from analyzer.ingest.code.config.calls import config_calls
    result.calls.extend(config_calls(result.values))
    return result


def normalize_key(key: str) -> str:
    """Relaxed-binding form: case, `-`, `_` ignored; `:` and `__` read as `.`."""
    key = key.replace("__", ".").replace(":", ".")
    return re.sub(r"[-_]", "", key).lower()


def placeholders(value: str) -> list[tuple[str, str, str | None]]:
    """`${NAME:default}` occurrences as (whole match, name, default or None)."""
    end = value.rfind("}") + 1  # no match ends after the last brace: scanning stays linear
    return [(m.group(0), m.group(1).strip(), m.group(2))
            for m in _PLACEHOLDER.finditer(value, 0, end)]


def _file_profile(name: str) -> str:
    match = _SPRING.match(name)
    return (match.group(2) or "") if match else ""


def _properties(text: str, result: ConfigFile, profile: str, dotenv: bool = False) -> None:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "!")):
            continue
        if dotenv and line.startswith("export "):
            line = line[7:].lstrip()
        match = re.match(r"^([^=:\s]+)\s*[=:]\s*(.*)$", line) if not dotenv else \
            re.match(r"^([A-Za-z_][\w.-]*)\s*=\s*(.*)$", line)
        if match is None:
            continue
        value = match.group(2).strip()
        if dotenv and len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif dotenv and " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        result.values.append(ConfigValue(match.group(1), value, result.file, number, profile))


def _yaml(text: str, result: ConfigFile, profile: str) -> None:
    for document in yaml.compose_all(text, Loader=yaml.SafeLoader):
        if document is None:
            continue
        entries: list[ConfigValue] = []
        _walk_yaml(document, "", result.file, entries)
        doc_profile = profile
        for entry in entries:
            if normalize_key(entry.key) in ("spring.config.activate.onprofile", "spring.profiles"):
                doc_profile = entry.value.split(",")[0].strip().lstrip("!")
        result.values.extend(ConfigValue(e.key, e.value, e.file, e.line, doc_profile)
                             for e in entries)


def _walk_yaml(node: yaml.Node, prefix: str, file: str, out: list[ConfigValue]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            _walk_yaml(value_node, f"{prefix}.{key}" if prefix else key, file, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk_yaml(item, f"{prefix}[{index}]", file, out)
    elif isinstance(node, yaml.ScalarNode) and prefix:
        out.append(ConfigValue(prefix, str(node.value), file, node.start_mark.line + 1))


def _json(text: str, result: ConfigFile, profile: str) -> None:
    data = json.loads(text)
    lines = text.splitlines()
    flat: list[tuple[str, str]] = []
    _walk_json(data, "", flat)
    for key, value in flat:
        leaf = key.rsplit(":", 1)[-1].split("[")[0]
        line = next((i for i, raw in enumerate(lines, start=1) if f'"{leaf}"' in raw), None)
        result.values.append(ConfigValue(key, value, result.file, line, profile))


def _walk_json(data: object, prefix: str, out: list[tuple[str, str]]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _walk_json(value, f"{prefix}:{key}" if prefix else str(key), out)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            _walk_json(item, f"{prefix}[{index}]", out)
    elif prefix and data is not None and not isinstance(data, bool):
        out.append((prefix, str(data)))
