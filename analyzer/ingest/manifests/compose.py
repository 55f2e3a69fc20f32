"""Read docker-compose files (v1, v2 and v3 shapes) into `Declared` services.

Each compose service yields a `Declared` with its image, build context (its source folder), replicas, ports,
host aliases (hostname, container_name, network aliases), environment (inline and from
`env_file`s, with `.env` interpolation) and its `depends_on` / `links` targets, and a `ComposeService` resource (compose_deploy.py).
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from analyzer.ingest.manifests.compose_deploy import compose_service_resource
from analyzer.ingest.manifests.declared import Declared, DependsOn, EnvEntry
from analyzer.ingest.manifests.dotenv import interpolate, parse_env_file
from analyzer.ingest.files import SourceFile, read_text
from analyzer.ingest.yamlsafe import LineDict, LineList, YamlDocument, line_of
from analyzer.model import Diagnostic, Evidence, Origin, Resource, Severity

COMPOSE_NAME = re.compile(r"^(docker-)?compose[^/]*\.ya?ml$")
_SERVICE_KEYS = {"image", "build", "environment", "ports", "depends_on", "command"}


def is_compose_file(name: str) -> bool:
    return bool(COMPOSE_NAME.match(name))


def read_compose(source: SourceFile, documents: list[YamlDocument], files: dict[str, SourceFile]
                 ) -> tuple[list[Declared], list[Resource], list[Diagnostic]]:
    """The services of one compose file, a `ComposeService` resource per service, and what
    could not be read; `files` maps labels to files for `env_file` lookups."""
    reader = _ComposeReader(source, files)
    declared, resources = [], []
    for doc in documents:
        services = _services_of(doc.data)
        for name in sorted(services, key=str):
            if isinstance(services[name], dict):
                declared.append(reader.service(str(name), services[name], services))
                resources.append(compose_service_resource(
                    source.rel, str(name), services[name], services.key_lines.get(name),
                    reader._text))
    return declared, resources, reader.diagnostics


def _services_of(data: Any) -> LineDict:
    if not isinstance(data, LineDict):
        return LineDict()
    services = data.get("services")
    if isinstance(services, LineDict):
        return services
    if "services" not in data and data and all(
            isinstance(v, dict) and _SERVICE_KEYS & set(v) for v in data.values()):
        return data  # compose v1: services at the top level
    return LineDict()


class _ComposeReader:
    def __init__(self, source: SourceFile, files: dict[str, SourceFile]) -> None:
        self.source = source
        self.files = files
        self.folder = posixpath.dirname(source.rel)
        self.diagnostics: list[Diagnostic] = []
        self._env_files: dict[str, list[tuple[str, str, int]] | None] = {}
        self.variables = {k: v for k, v, _ in self._env_file(self._join(".env"), quiet=True)}

    def service(self, name: str, spec: LineDict, parent: LineDict) -> Declared:
        rel = self.source.rel
        line = parent.key_lines.get(name)
        build = spec.get("build")
        context = build.get("context", ".") if isinstance(build, dict) else build
        dockerfile = build.get("dockerfile") if isinstance(build, dict) else None
        source_dir = self._join(self._text(context)) if isinstance(context, str) and \
            "://" not in context else None
        ports, published, clipped = _ports(spec.get("ports"))
        exposed, _, clipped_exposed = _ports(spec.get("expose"))
        ports += exposed
        for text in clipped + clipped_exposed:
            self.diagnostics.append(Diagnostic(
                severity=Severity.INFO, code="port-range-capped", file=rel, line=line,
                message=f"service {name}: port range {text[:40]} is longer than "
                        f"{MAX_PORT_RANGE + 1} ports; only the first {MAX_PORT_RANGE + 1} are kept"))
        return Declared(
            id=name, platform="compose",
            image=self._text(spec.get("image")) or None,
            source_dir=source_dir,
            dockerfile=(posixpath.join(source_dir, self._text(dockerfile))
                        if source_dir and isinstance(dockerfile, str) else None),
            replicas=_replicas(spec),
            ports=tuple(sorted(set(ports))),
            aliases=frozenset(self._aliases(spec)) - {name},
            env=tuple(self._environment(spec)),
            depends_on=tuple(self._depends(spec)),
            entry_points=frozenset({"published-port"} if published else ()),
            declared_in=(Evidence(origin=Origin.MANIFEST, file=rel, line=line,
                                  detail=f"compose service {name}"),),
        )

    def _aliases(self, spec: LineDict) -> set[str]:
        names = {self._text(spec.get(k)) for k in ("hostname", "container_name")}
        networks = spec.get("networks")
        if isinstance(networks, dict):
            for net in networks.values():
                if isinstance(net, dict) and isinstance(net.get("aliases"), list):
                    names.update(self._text(a) for a in net["aliases"])
        return {n for n in names if n}

    def _environment(self, spec: LineDict) -> list[EnvEntry]:
        entries: dict[str, EnvEntry] = {}
        env_files = spec.get("env_file")
        env_files = env_files if isinstance(env_files, list) else [env_files] if env_files else []
        for item in env_files:
            path = item.get("path") if isinstance(item, dict) else item
            if not isinstance(path, str):
                continue
            label = self._join(self._text(path))
            for key, value, line in self._env_file(label, quiet=False):
                entries[key] = EnvEntry(key, value, Origin.CONFIG, label, line)
        env = spec.get("environment")
        if isinstance(env, LineList):
            for index, item in enumerate(env):
                key, sep, value = str(item).partition("=")
                if sep:
                    entries[key.strip()] = EnvEntry(key.strip(), self._text(value), Origin.MANIFEST,
                                                    self.source.rel, line_of(env, index))
        elif isinstance(env, LineDict):
            for key, value in env.items():
                if value is not None:
                    entries[str(key)] = EnvEntry(str(key), self._text(value), Origin.MANIFEST,
                                                 self.source.rel, line_of(env, key))
        return [entries[k] for k in sorted(entries)]

    def _depends(self, spec: LineDict) -> list[DependsOn]:
        out = []
        depends = spec.get("depends_on")
        items = list(depends.items()) if isinstance(depends, dict) else \
            [(d, None) for d in depends] if isinstance(depends, list) else []
        for index, (target, _) in enumerate(items):
            line = depends.key_lines.get(target) if isinstance(depends, LineDict) \
                else line_of(depends, index)
            out.append(DependsOn(str(target), self.source.rel, line, f"depends_on {target}"))
        links = spec.get("links")
        if isinstance(links, LineList):
            for index, link in enumerate(links):
                target = str(link).split(":", 1)[0]
                out.append(DependsOn(target, self.source.rel, line_of(links, index),
                                     f"links {link}"))
        return out

    def _env_file(self, label: str, quiet: bool) -> list[tuple[str, str, int]]:
        if label in self._env_files:
            return self._env_files[label] or []
        source = self.files.get(label)
        entries = None
        if source is None:
            if not quiet:
                self.diagnostics.append(Diagnostic(
                    severity=Severity.WARNING, code="env-file-missing", file=self.source.rel,
                    message=f"env_file {label} was not found under the scanned roots"))
        else:
            text, problem = read_text(source)
            if problem is not None:
                self.diagnostics.append(problem)
            else:
                entries = parse_env_file(text)
        self._env_files[label] = entries
        return entries or []

    def _join(self, path: str) -> str:
        joined = posixpath.normpath(posixpath.join(self.folder, path))
        return joined

    def _text(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            value = "true" if value else "false"
        return interpolate(str(value), getattr(self, "variables", {}))


def _replicas(spec: LineDict) -> int | None:
    deploy = spec.get("deploy")
    value = deploy.get("replicas") if isinstance(deploy, dict) else spec.get("scale")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ports(value: Any) -> tuple[list[int], bool, list[str]]:
    """Container ports, whether any port is published on the host, and the ranges that were
    cut to MAX_PORT_RANGE."""
    ports: list[int] = []
    published = False
    clipped: list[str] = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            target, host = item.get("target"), item.get("published")
            published |= host is not None
            text = str(target) if target is not None else ""
        else:
            text = str(item).split("/", 1)[0]
            parts = text.rsplit(":", 2) if not text.startswith("[") else text.rsplit(":", 1)
            if len(parts) >= 2 and parts[-2]:
                published = True
            text = parts[-1]
        found, cut = _port_range(text)
        ports.extend(found)
        if cut:
            clipped.append(text.strip())
    return ports, published, clipped


MAX_PORT_RANGE = 100  # ports kept past the start of a range such as "8000-65000"


def _port_range(text: str) -> tuple[list[int], bool]:
    """The ports of "8080" or "8000-8010", and whether the range was cut to MAX_PORT_RANGE."""
    low, _, high = text.strip().partition("-")
    if not (low + high).isascii() or not low.isdigit() or (high and not high.isdigit()):
        return [], False
    start, end = int(low), int(high or low)
    return list(range(start, min(end, start + MAX_PORT_RANGE) + 1)), end > start + MAX_PORT_RANGE
