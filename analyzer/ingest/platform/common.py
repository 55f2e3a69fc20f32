"""What every platform reader shares: the collected output, the service index, the caps.

Readers record facts (Resources, gateway route edges, diagnostics); they never judge. A
`ServiceIndex` turns the names, hosts and paths a config file writes into service ids, so
that a scrape target `orders:8080`, a Kong upstream `http://orders.shop.svc:8080` or a CI
step `docker build ./orders` all name the service `orders`.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from analyzer.ingest.secrets import mask_text
from analyzer.ingest.yamlsafe import LineDict, LineList, line_of
from analyzer.model import Diagnostic, Evidence, Resource, Service, Severity, SystemModel

MAX_ITEMS = 2_000  # jobs, rules, routes, panels, steps read from one file
MAX_TEXT = 512  # characters of any string kept in a fact
_HOST = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\s]*@)?([A-Za-z0-9_.-]+)")


@dataclass
class Collected:
    """Everything the platform readers found in one scan."""

    resources: list[Resource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # (gateway service, routed service) -> evidence of the routes between them
    routes: dict[tuple[str, str], set[Evidence]] = field(default_factory=lambda: defaultdict(set))

    def problem(self, file: str, line: int | None, code: str, message: str,
                severity: Severity = Severity.WARNING) -> None:
        self.diagnostics.append(Diagnostic(severity=severity, code=code, file=file, line=line,
                                           message=mask_text(message)))

    def capped(self, items: list, file: str, line: int | None, what: str) -> list:
        """`items` cut to MAX_ITEMS, with a `platform-too-many` diagnostic when cut."""
        if len(items) <= MAX_ITEMS:
            return items
        self.problem(file, line, "platform-too-many",
                     f"only the first {MAX_ITEMS} of {len(items)} {what} were read (MAX_ITEMS)")
        return items[:MAX_ITEMS]


class ServiceIndex:
    """Names, hosts and folders -> service ids (application services and gateways)."""

    def __init__(self, model: SystemModel) -> None:
        self.services: list[Service] = sorted(model.services, key=lambda s: s.id)
        self.names: dict[str, str] = {}
        for service in self.services:
            self.names.setdefault(service.id.lower(), service.id)
        for service in self.services:
            for alias in service.aliases:
                self.names.setdefault(alias.lower(), service.id)
        self.folders = {s.source_dir: s.id for s in self.services if s.source_dir not in
                        (None, ".", "")}
        self.by_id = {s.id: s for s in self.services}

    def app_ids(self) -> list[str]:
        return [s.id for s in self.services if not s.is_infra and s.role.value == "service"]

    def name(self, word: str | None) -> str | None:
        """The service a bare name (or Kubernetes DNS name) means."""
        if not word:
            return None
        name = word.lower().rstrip(".")
        for suffix in (".svc.cluster.local", ".svc"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        if name in self.names:
            return self.names[name]
        first = name.split(".", 1)[0]
        return self.names.get(first) if "." in name else None

    def host(self, address: str | None) -> str | None:
        """The service an address (`orders:8080`, `http://orders.ns.svc/x`) points at."""
        if not isinstance(address, str):
            return None
        match = _HOST.match(address.strip())
        return self.name(match.group(1)) if match else None

    def folder(self, path: str) -> str | None:
        """The service whose source folder holds `path` (root-relative, POSIX)."""
        path = posixpath.normpath(path.lstrip("./")) if path not in ("", ".") else ""
        best: tuple[int, str] | None = None
        for folder, sid in self.folders.items():
            if path == folder or path.startswith(folder.rstrip("/") + "/"):
                if best is None or len(folder) > best[0]:
                    best = (len(folder), sid)
        return best[1] if best else None

    def words(self, text: str) -> set[str]:
        """Services named as a whole word (or path segment) anywhere in `text`."""
        found = set()
        for token in re.findall(r"[A-Za-z0-9_.-]+", text[:100_000]):
            for part in (token, token.strip(".")):
                sid = self.names.get(part.lower())
                if sid:
                    found.add(sid)
        return found


def text(value: Any) -> str:
    """A scalar as a short, masked string ('' for containers and None)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return mask_text(str(value))[:MAX_TEXT]


def dict_at(value: Any) -> dict:
    """`value` when it is a mapping (a LineDict from YAML keeps its lines), else an empty one."""
    return value if isinstance(value, dict) else LineDict()


def list_at(value: Any) -> list:
    return value if isinstance(value, list) else []


def line(container: Any, key: Any, default: int | None = None) -> int | None:
    return line_of(container, key, default if default is not None else
                   getattr(container, "line", None))


def key_line(container: Any, key: Any) -> int | None:
    """The line a key itself is written on (a job's name, not its first field)."""
    if isinstance(container, LineDict) and key in container.key_lines:
        return container.key_lines[key]
    return line(container, key)


def item_line(items: Any, index: int, default: int | None = None) -> int | None:
    if isinstance(items, LineList):
        return line_of(items, index, default)
    return default
