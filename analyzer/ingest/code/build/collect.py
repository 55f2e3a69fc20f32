"""Read each service's build files into `Library` facts and, for JVM services, a classpath.

A service's build files are those under its source folder (the scanner decides, skipping
tests, vendored and build output). What Maven and Gradle inherit counts too: a local parent
pom (by `relativePath`, default `../pom.xml`, or by coordinates anywhere in the scan), a
sibling module the pom depends on, and an ancestor Gradle script with an `allprojects` /
`subprojects` block. The classpath (artifact names) is known only when every such file was
read and named every dependency; otherwise it is None and nothing is gated on it. An
external parent (Spring Boot's, or any other) adds none: parents from a repository declare
versions, and an unknown corporate parent makes the classpath unknown.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from analyzer.ingest.code.build.files import JVM_KINDS, BuildFile, build_kind, parse_build
from analyzer.ingest.files import Inventory, SourceFile, read_text
from analyzer.model import Diagnostic, Library, Severity

MAX_BUILD_BYTES = 1024 * 1024
_EXTERNAL_PARENTS = ("org.springframework.boot:", "org.springframework.cloud:", "io.spring")
_GRADLE_NAMES = ("build.gradle", "build.gradle.kts")


@dataclass
class Builds:
    libraries: list[Library] = field(default_factory=list)
    classpaths: dict[str, frozenset[str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def collect_builds(owned: list[tuple[str, SourceFile]], inventory: Inventory,
                   skipped: Callable[[str], object] = lambda _rel: None) -> Builds:
    """Libraries of every service from its own build files `(service, file)`, and the JVM
    classpath of each service whose Maven/Gradle files are fully known. `skipped(rel)` is
    truthy for files no service may inherit from (tests, vendored code, build output)."""
    reader = _Reader(inventory, skipped)
    result = Builds()
    by_service: dict[str, list[str]] = {}
    for service, source in owned:
        by_service.setdefault(service, []).append(source.rel)
    for service, rels in sorted(by_service.items()):
        declared: dict[str, BuildFile] = {}
        classpath: set[str] | None = set()
        jvm = False
        for rel in sorted(rels):
            build = reader.get(rel)
            if build is None:
                classpath = None
                continue
            declared[rel] = build
            if build.kind in JVM_KINDS:
                jvm = True
                closure = reader.jvm_closure(build)
                if closure is None:
                    classpath = None
                else:
                    declared.update(closure[0])
                    if classpath is not None:
                        classpath |= closure[1]
        for rel, build in sorted(declared.items()):
            result.libraries.extend(Library(service=service, ecosystem=dep.ecosystem,
                                            name=dep.name, version=dep.version, file=rel,
                                            line=dep.line) for dep in build.dependencies)
        if jvm and classpath is not None:
            result.classpaths[service] = frozenset(classpath)
    result.diagnostics.extend(reader.diagnostics)
    return result


class _Reader:
    """Parses build files on demand (each once) and follows Maven/Gradle inheritance."""

    def __init__(self, inventory: Inventory, skipped: Callable[[str], object]) -> None:
        self.files = {f.rel: f for f in inventory.files
                      if build_kind(f.rel) is not None and not skipped(f.rel)}
        self.parsed: dict[str, BuildFile | None] = {}
        self.diagnostics: list[Diagnostic] = []
        self._by_coordinates: dict[str, str] | None = None

    def get(self, rel: str) -> BuildFile | None:
        if rel not in self.parsed:
            self.parsed[rel] = self._parse(rel)
        return self.parsed[rel]

    def jvm_closure(self, build: BuildFile) -> tuple[dict[str, BuildFile], set[str]] | None:
        """(inherited files by path, every artifact name) or None when something is unknown."""
        inherited: dict[str, BuildFile] = {}
        names: set[str] = set()
        pending, seen = [build], {build.file}
        while pending:
            current = pending.pop()
            if current.problems or not current.complete:
                return None
            names.update(dep.name for dep in current.dependencies)
            linked = self._linked(current)
            if linked is None:
                return None
            for item, inherits in linked:
                if item.file not in seen:
                    seen.add(item.file)
                    pending.append(item)
                    if inherits:
                        inherited[item.file] = item
        return inherited, names

    def _linked(self, build: BuildFile) -> list[tuple[BuildFile, bool]] | None:
        """Files `build` inherits from (True) or depends on locally (False); None if a local
        parent cannot be found."""
        folder = posixpath.dirname(build.file)
        linked: list[tuple[BuildFile, bool]] = []
        if build.kind == "gradle":
            for ancestor in _ancestors(folder):
                for name in _GRADLE_NAMES:
                    other = self.get(posixpath.join(ancestor, name))
                    if other is not None and other.shares:
                        linked.append((other, True))
            return linked
        if build.parent and not build.parent.startswith(_EXTERNAL_PARENTS):
            parent = self._parent(build, folder)
            if parent is None:
                return None
            linked.append((parent, True))
        coordinates = self._coordinates()
        for dep in build.dependencies:
            if dep.name in coordinates and coordinates[dep.name] != build.file:
                module = self.get(coordinates[dep.name])
                if module is not None:
                    linked.append((module, False))
        return linked

    def _parent(self, build: BuildFile, folder: str) -> BuildFile | None:
        if build.parent_path:
            path = posixpath.normpath(posixpath.join(folder, build.parent_path))
            path = path if path.endswith(".xml") else posixpath.join(path, "pom.xml")
            candidate = self.get(path) if path in self.files else None
            if candidate is not None and candidate.coordinates == build.parent:
                return candidate
        rel = self._coordinates().get(build.parent)
        return self.get(rel) if rel is not None else None

    def _coordinates(self) -> dict[str, str]:
        if self._by_coordinates is None:
            self._by_coordinates = {}
            for rel in sorted(self.files):
                if build_kind(rel) == "maven":
                    build = self.get(rel)
                    if build is not None and build.coordinates:
                        self._by_coordinates.setdefault(build.coordinates, rel)
        return self._by_coordinates

    def _parse(self, rel: str) -> BuildFile | None:
        source = self.files.get(rel)
        if source is None:
            return None
        text, problem = read_text(source, MAX_BUILD_BYTES)
        if text is None:
            if problem is not None:
                self.diagnostics.append(problem)
            return None
        build = parse_build(text, rel)
        self.diagnostics.extend(Diagnostic(severity=Severity.WARNING, code=p.code or "build-file-unreadable",
                                           file=rel, line=p.line, message=p.message)
                                for p in build.problems)
        return build


def _ancestors(folder: str) -> list[str]:
    parts = folder.split("/") if folder else []
    return ["/".join(parts[:i]) for i in range(len(parts) - 1, -1, -1)]
