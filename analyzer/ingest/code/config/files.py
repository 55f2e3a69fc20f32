"""Configuration files inside a service's source folder, flattened to `key -> value` entries.

Spring `application*.yml|yaml|properties` and `bootstrap*` (profiles from the file name or
from `spring.config.activate.on-profile` documents), `.env`, .NET `appsettings*.json` and plain
JSON/YAML config. Values keep file and line so a resolved call can cite where its host came
from (evidence of origin `config`). Routes, datastore URLs and config/discovery servers declared
in config become outbound calls in `configcalls`. Files of a Spring Cloud Config server's
repository are parsed here too (`served_by` names the server; the resolver assigns them to the
application they are named after). nginx configs are code, read by the `nginx` extractor.
YAML is read with `yamlsafe.load_yaml` (safe, alias- and depth-limited), JSON with
`jsonsafe.load_json` (depth-limited); both are flattened without recursion. `.properties`
files are parsed by javaproperties (continuations, unicode escapes, `:`/`=`/space
separators, as `java.util.Properties` reads them) and `.env` files by the one env-file reader
(`manifests.dotenv.parse_env_file`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import javaproperties

from analyzer.ingest.code.facts import OutboundCall, ParseProblem
from analyzer.ingest.jsonsafe import JsonProblem, leaves, load_json
from analyzer.ingest.manifests.dotenv import parse_env_file
from analyzer.ingest.yamlsafe import LineDict, LineList, load_yaml

_SPRING = re.compile(r"^(application|bootstrap)(?:-([\w.-]+))?\.(ya?ml|properties)$")
_APPSETTINGS = re.compile(r"^appsettings(?:\.([\w-]+))?\.json$")
_PLAIN = frozenset({"config.json", "settings.json", "config.yml", "config.yaml", "settings.yml",
                    "settings.yaml", "default.json", "production.json", "kong.yml", "kong.yaml",
                    "traefik.yml", "traefik.yaml", "dynamic.yml", "dynamic.yaml"})


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
            result.values.extend(ConfigValue(key, value.strip(), result.file, line)
                                 for key, value, line in parse_env_file(text))
        elif kind in ("appsettings", "json"):
            match = _APPSETTINGS.match(name)
            _json(text, result, (match.group(1) or "") if match else "")
    except JsonProblem as err:
        result.problems.append(ParseProblem(err.line, err.message, err.code))
    from analyzer.ingest.code.config.calls import config_calls
    result.calls.extend(config_calls(result.values))
    return result


def normalize_key(key: str) -> str:
    """Relaxed-binding form: case, `-`, `_` ignored; `:` and `__` read as `.`."""
    key = key.replace("__", ".").replace(":", ".")
    return re.sub(r"[-_]", "", key).lower()


def placeholders(value: str) -> list[tuple[str, str, str | None]]:
    """`${NAME:default}` occurrences as (whole match, name, default or None): the name runs to
    the first `:` or `}`, the default to the first `}` (what the regex `${([^}:]+)(:([^}]*))?}`
    would match), found in one linear pass: that regex backtracks quadratically on an
    unclosed `${`."""
    found: list[tuple[str, str, str | None]] = []
    start = value.find("${")
    while start != -1:
        if value[start + 2:start + 3] in ("", "}", ":"):
            start = value.find("${", start + 1)
            continue
        close = value.find("}", start + 2)
        if close == -1:
            break  # no `}` left: nothing later can match either
        body = value[start + 2:close]
        name, colon, default = body.partition(":")
        found.append((value[start:close + 1], name.strip(), default if colon else None))
        start = value.find("${", close + 1)
    return found


def _file_profile(name: str) -> str:
    match = _SPRING.match(name)
    return (match.group(2) or "") if match else ""


def _properties(text: str, result: ConfigFile, profile: str) -> None:
    """Every key of a `.properties` file with the line it starts on; a malformed escape
    ends the file with a problem at its line (what was read before it is kept)."""
    line = 1
    try:
        for item in javaproperties.parse(text):
            if isinstance(item, javaproperties.KeyValue):
                result.values.append(ConfigValue(item.key, item.value.strip(), result.file,
                                                 line, profile))
            line += item.source.count("\n")
    except javaproperties.InvalidUEscapeError as err:
        result.problems.append(ParseProblem(line, f"invalid .properties escape {err.escape!r}",
                                            "properties-escape"))


def _yaml(text: str, result: ConfigFile, profile: str) -> None:
    documents, diagnostics = load_yaml(text, result.file)
    for diag in diagnostics:
        message = diag.message.replace("malformed YAML: ", "invalid YAML: ", 1)
        result.problems.append(ParseProblem(diag.line, message, diag.code))
    for document in documents:
        entries = [ConfigValue(key, _render(value), result.file, line)
                   for key, value, line in _yaml_leaves(document.data)]
        doc_profile = profile
        for entry in entries:
            if normalize_key(entry.key) in ("spring.config.activate.onprofile", "spring.profiles"):
                doc_profile = entry.value.split(",")[0].strip().lstrip("!")
        result.values.extend(ConfigValue(e.key, e.value, e.file, e.line, doc_profile)
                             for e in entries)


def _yaml_leaves(data: Any) -> list[tuple[str, Any, int | None]]:
    """(`a.b[0].c`, scalar, line) for every scalar of a document, in order, without recursion."""
    out: list[tuple[str, Any, int | None]] = []
    stack: list[tuple[str, Any, int | None]] = [("", data, None)]
    while stack:
        prefix, value, line = stack.pop()
        if isinstance(value, LineDict):
            stack.extend(reversed([(f"{prefix}.{_render(k)}" if prefix else _render(k), v,
                                    value.value_lines.get(k)) for k, v in value.items()]))
        elif isinstance(value, LineList):
            stack.extend(reversed([(f"{prefix}[{i}]", v, value.lines[i] if i < len(value.lines)
                                    else None) for i, v in enumerate(value)]))
        elif prefix:
            out.append((prefix, value, line))
    return out


def _render(value: Any) -> str:
    """A scalar as its config text (YAML `true` stays `true`, an empty value is '')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json(text: str, result: ConfigFile, profile: str) -> None:
    data = load_json(text)
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        for match in _JSON_KEY.finditer(raw):
            first_line.setdefault(match.group(1), number)
    for key, value in leaves(data):
        if value is None or isinstance(value, bool):
            continue
        leaf = key.rsplit(":", 1)[-1].split("[")[0]
        result.values.append(ConfigValue(key, str(value), result.file, first_line.get(leaf),
                                         profile))


_JSON_KEY = re.compile(r'"([^"\\]*)"\s*:')
