"""Which files belong to which service, which are skipped, and extracting them (cached, parallel).

A file belongs to the service whose `source_dir` is its deepest enclosing folder. Tests,
examples, vendored and generated code are skipped for calls; IDL files (`.proto`, `.thrift`)
anywhere, and generated stubs inside a service folder, still feed RPC name -> service
mapping; the C# files of a .NET Aspire AppHost no service owns are read for the references
it wires between services (`CodeScan.apphosts`). Config files are parsed per service; the
repository of a Spring Cloud Config server is kept apart (`CodeScan.served`) because its
files configure other services. Huge, binary or minified files (`*.min.js`, or an average
line over MAX_AVERAGE_LINE) are skipped with an INFO diagnostic each; files in test,
example, vendored, generated and build folders (`_SKIP_DIRS`), test and generated files by
name, and `.d.ts` declarations are skipped silently, as this says. With
`config_only` (`archgov --no-code`) only config files are read: no source file is extracted.
Build files (pom.xml, build.gradle, package.json, go.mod, requirements, pyproject, csproj)
are configuration too: read in both modes, into libraries and JVM classpaths (`build`).
Results are cached by content hash and extracted in a process pool (`jobs`: 0 = every CPU,
1 = in this process; never more workers than CPUs this process may run on).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from analyzer.ingest.code import limits, registry
from analyzer.ingest.code.build.collect import collect_builds
from analyzer.ingest.code.build.files import build_kind
from analyzer.ingest.code.cache import FactsCache, cache_key
from analyzer.ingest.code.config.files import ConfigFile, config_kind, parse_config
from analyzer.ingest.code.config.repo import (ServedConfig, find_repo_dirs, is_config_server,
                                             repo_file)
from analyzer.ingest.code.facts import FileFacts, ParseProblem
from analyzer.ingest.files import Inventory, SourceFile, read_bytes, read_text
from analyzer.ingest.workers import worker_count
from analyzer.model import Diagnostic, Library, Severity, SystemModel

MAX_CODE_BYTES = 1024 * 1024
MAX_AVERAGE_LINE = 500
_MINIFIED = (".min.js",)  # `registry.language_of` gives these no language

_SKIP_DIRS = {"tests": "test", "test": "test", "__tests__": "test", "testing": "test",
              "examples": "example", "example": "example", "samples": "example",
              "sample": "example", "vendor": "vendored", "node_modules": "vendored",
              "third_party": "vendored", "bower_components": "vendored",
              "generated": "generated", "gen": "generated", "__generated__": "generated",
              "dist": "build", "build": "build", "target": "build",
              "obj": "build", **{f"gen-{lang}": "generated" for lang in (
                  "py", "java", "go", "nodejs", "js", "netstd", "csharp", "cpp", "rb", "php")}}
_JVM_SOURCE_ROOTS = frozenset({"java", "kotlin", "scala", "groovy"})
_TEST_FILE = re.compile(
    r"(^test_.*\.py$|.*_test\.py$|^conftest\.py$|.*_test\.go$|.*\.(test|spec)\.[cm]?[jt]sx?$"
    r"|.*Tests?\.cs$|.*Tests?\.java$|.*Tests?\.kt$|.*IT\.java$)")
_GENERATED_FILE = re.compile(r".*(_pb2\.pyi?|_pb2_grpc\.py|\.pb\.go|\.pb\.gw\.go|_grpc_pb\.[jt]s"
                             r"|_pb\.[jt]s|\.g\.cs|\.Designer\.cs|Grpc\.cs)$")
_STUB_SERVICE = [re.compile(p, re.M) for p in (
    r"^class (\w+)Servicer\(", r"^func Register(\w+)Server\(", r"public final class (\w+)Grpc\b",
    r"^func New(\w+)Processor\(handler ",
    r"^\s*public static partial class (\w+)\s*$")]


@dataclass
class ServiceCode:
    """The facts of one service's own code and config files."""

    service: str
    files: list[tuple[str, FileFacts]] = field(default_factory=list)
    configs: list[ConfigFile] = field(default_factory=list)


@dataclass
class RpcDefinition:
    """An RPC service name defined by an IDL file or generated stub, and the folder's owner."""

    name: str
    file: str
    owner: str | None
    stub: bool


@dataclass
class CodeScan:
    services: dict[str, ServiceCode] = field(default_factory=dict)
    definitions: list[RpcDefinition] = field(default_factory=list)
    served: list[ServedConfig] = field(default_factory=list)
    # (IDL file, folder's owner or None, its facts): RPC methods for the route inventory
    idl_files: list[tuple[str, str | None, FileFacts]] = field(default_factory=list)
    # files of a .NET Aspire AppHost that no service owns: their calls name their source
    apphosts: list[tuple[str, FileFacts]] = field(default_factory=list)
    # libraries each service's build files declare; JVM classpath (artifact names) per
    # service whose Maven/Gradle files are fully known (`build.collect`)
    libraries: list[Library] = field(default_factory=list)
    classpaths: dict[str, frozenset[str]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_extracted: int = 0
    cache_hits: int = 0


def scan_code(model: SystemModel, inventory: Inventory, cache: FactsCache,
              jobs: int = 0, progress: Callable[[int, int], None] | None = None,
              config_only: bool = False) -> CodeScan:
    """Extract facts from every service's files (see module docstring for the rules)."""
    result = CodeScan(services={s.id: ServiceCode(s.id) for s in model.services if s.source_dir
                                is not None})
    dirs = sorted(((_norm_dir(s.source_dir), s.id) for s in model.services
                   if s.source_dir is not None), key=lambda d: -len(d[0]))
    work: list[tuple[str, SourceFile, str]] = []      # (owner, file, language)
    owned: list[tuple[str, str, SourceFile, str | None]] = []  # (owner, inner, file, language)
    for source in inventory.files:
        owner, inner = _owner(source.rel, dirs)
        language = registry.language_of(source.rel)
        if language == "proto":
            work.append((owner or "", source, language))
            continue
        if owner is None:
            if language == "csharp" and is_apphost(source.rel):
                work.append(("", source, language))
            continue
        reason = skip_reason(inner)
        if reason == "generated" and language is not None:
            result.definitions.extend(_stub_definitions(source, owner))
        if reason is not None:
            continue
        if language is None and source.name.lower().endswith(_MINIFIED):
            result.diagnostics.append(Diagnostic(
                severity=Severity.INFO, code="code-file-skipped", file=source.rel,
                message="skipped: a minified bundle (*.min.js) is build output, not source"))
        owned.append((owner, inner, source, language))
    parsed = {source.rel: _config(source, result) for _o, _i, source, _l in owned
              if config_kind(source.rel) is not None}
    repos = _repo_dirs(model, owned, parsed)
    builds = collect_builds([(owner, source) for owner, _i, source, _l in owned
                             if build_kind(source.rel) is not None], inventory, skip_reason)
    result.libraries, result.classpaths = builds.libraries, builds.classpaths
    result.diagnostics.extend(builds.diagnostics)
    for owner, inner, source, language in owned:
        name = repo_file(inner, repos.get(owner, []))
        if name is not None:
            served = _served(source, owner, parsed.get(source.rel), result)
            if served is not None:
                result.served.append(ServedConfig(owner, name, served))
        elif source.rel in parsed:
            if parsed[source.rel] is not None:
                result.services[owner].configs.append(parsed[source.rel])
        elif language is not None:
            work.append((owner, source, language))
    _extract_all([] if config_only else work, cache, jobs, result, progress)
    result.cache_hits = cache.hits
    # a YAML file the manifest readers already reported (alias bomb, too deep) is one problem
    seen = {(d.code, d.file, d.line, d.message) for d in model.diagnostics}
    result.diagnostics = [d for d in result.diagnostics
                          if (d.code, d.file, d.line, d.message) not in seen]
    return result


def skip_reason(rel: str) -> str | None:
    """Why a service-relative path is not scanned for calls (test, example, vendored,
    generated, build), or None."""
    parts = rel.split("/")
    for part in parts[:_layout_end(parts)]:
        if part in _SKIP_DIRS:
            return _SKIP_DIRS[part]
        if part.endswith((".Tests", ".Test", ".UnitTests", ".IntegrationTests")):
            return "test"
    name = parts[-1]
    if _TEST_FILE.match(name):
        return "test"
    if _GENERATED_FILE.match(name):
        return "generated"
    return None


def is_apphost(rel: str) -> bool:
    """A file in a .NET Aspire AppHost project (a folder named `AppHost` or `*.AppHost`)."""
    folders = rel.lower().split("/")[:-1]
    return any(f == "apphost" or f.endswith(".apphost") for f in folders) and \
        skip_reason(rel) is None


def extract_text(language: str, text: str, rel: str) -> FileFacts:
    """Run one extractor; a crash in it becomes a problem on the file, not a failed scan."""
    run = registry.extractor(language)
    if run is None:
        return FileFacts(language, problems=[ParseProblem(None, registry.load_error(language)
                                                          or "no extractor")])
    limits.reset()
    try:
        facts = run(text, rel)
    except RecursionError:
        return FileFacts(language, problems=[ParseProblem(
            None, "skipped: nested too deeply for the extractor (Python's recursion limit)",
            "code-too-deep")])
    except Exception as err:  # noqa: BLE001 - extractor bugs must not stop a scan
        return FileFacts(language, problems=[ParseProblem(
            None, f"extractor failed: {type(err).__name__}: {err}")])
    capped = limits.problems()
    return replace(facts, problems=[*facts.problems, *capped]) if capped else facts


# -- private --------------------------------------------------------------------------------


def _extract_all(work: list[tuple[str, SourceFile, str]], cache: FactsCache, jobs: int,
                 result: CodeScan, progress: Callable[[int, int], None] | None = None) -> None:
    pending: list[tuple[int, str, str, str, str]] = []   # (index, key, language, text, rel)
    facts: list[FileFacts | None] = [None] * len(work)
    missing: dict[str, int] = {}
    for index, (owner, source, language) in enumerate(work):
        if registry.extractor(language) is None:
            missing[language] = missing.get(language, 0) + 1
            continue
        problem = None
        if source.size > MAX_CODE_BYTES:
            problem = f"skipped: {source.size // 1024} KiB is over the 1 MiB limit for code"
        data = b""
        if problem is None:
            read, unread = read_bytes(source, MAX_CODE_BYTES)
            data, problem = read or b"", unread.message if unread is not None else None
        if problem is None and b"\x00" in data[:8192]:
            problem = "skipped: binary file"
        if problem is None and data and len(data) / (data.count(b"\n") + 1) > MAX_AVERAGE_LINE:
            problem = "skipped: looks minified or generated (average line over 500 characters)"
        if problem is not None:
            result.diagnostics.append(Diagnostic(severity=Severity.INFO, code="code-file-skipped",
                                                 file=source.rel, message=problem))
            continue
        key = cache_key(registry.version(language), language, data)
        cached = cache.get(key)
        if cached is not None:
            facts[index] = cached
            continue
        text = data.decode("utf-8-sig", errors="replace")
        pending.append((index, key, language, text, source.rel))
    for done, ((index, key, _language, _text, _rel), extracted) in enumerate(
            zip(pending, _run(pending, jobs)), start=1):
        if progress is not None:
            progress(done, len(pending))
        facts[index] = extracted
        if not any(p.message.startswith(("extractor failed", "no extractor")) for p in
                   extracted.problems):
            cache.put(key, extracted)
    result.files_extracted = len(pending)
    for language, count in sorted(missing.items()):
        result.diagnostics.append(Diagnostic(
            severity=Severity.WARNING, code="code-language-unsupported",
            message=f"{count} {language} file(s) not read: {registry.load_error(language)}"))
    for (owner, source, language), item in zip(work, facts):
        if item is None:
            continue
        for problem in item.problems:
            result.diagnostics.append(Diagnostic(
                severity=Severity.INFO if problem.code == "code-value-capped" else
                Severity.WARNING, code=problem.code or "code-parse-error", file=source.rel,
                line=problem.line, message=problem.message))
        if language == "proto":
            result.definitions.extend(RpcDefinition(name, source.rel, owner or None, False)
                                      for name in item.rpc_definitions)
            result.idl_files.append((source.rel, owner or None, item))
            continue
        if not owner:
            result.apphosts.append((source.rel, item))
            continue
        result.services[owner].files.append((source.rel, item))


def _run(pending: list[tuple[int, str, str, str, str]], jobs: int) -> Iterator[FileFacts]:
    """Extract in order, lazily, so the caller can report progress as results arrive."""
    items = [(language, text, rel) for _i, _k, language, text, rel in pending]
    workers = worker_count(jobs)
    if workers <= 1 or len(items) < 8:
        yield from (_job(item) for item in items)
        return
    chunk = max(1, min(64, len(items) // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_job, items, chunksize=chunk)


def _job(item: tuple[str, str, str]) -> FileFacts:
    return extract_text(*item)


def _layout_end(parts: list[str]) -> int:
    """How many leading folders of a path are project layout rather than a package name.

    Below a JVM source root (`src/main/java/`) folders spell the package, and a package named
    `org.example.samples.shop` says nothing about the file being a sample or a test.
    """
    for i in range(len(parts) - 3):
        if parts[i] == "src" and parts[i + 2] in _JVM_SOURCE_ROOTS:
            return i + 3
    return len(parts) - 1


def _config(source: SourceFile, result: CodeScan, kind: str | None = None) -> ConfigFile | None:
    text, problem = read_text(source)
    if text is None:
        if problem is not None:
            result.diagnostics.append(problem)
        return None
    parsed = parse_config(text, source.rel, kind)
    for problem in parsed.problems:
        result.diagnostics.append(Diagnostic(severity=Severity.WARNING,
                                             code=problem.code or "config-parse-error",
                                             file=source.rel, line=problem.line,
                                             message=problem.message))
    return parsed


def _repo_dirs(model: SystemModel, owned: list[tuple[str, str, SourceFile, str | None]],
               parsed: dict[str, ConfigFile | None]) -> dict[str, list[str]]:
    """Config-server repository folders per service (only config servers have any)."""
    inner_by_owner: dict[str, list[str]] = {}
    configs_by_owner: dict[str, list[ConfigFile]] = {}
    for owner, inner, source, _language in owned:
        inner_by_owner.setdefault(owner, []).append(inner)
        if parsed.get(source.rel) is not None:
            configs_by_owner.setdefault(owner, []).append(parsed[source.rel])
    repos: dict[str, list[str]] = {}
    for owner, inners in inner_by_owner.items():
        service = model.service(owner)
        env = {v.key: v.value for v in service.env} if service is not None else {}
        configs = configs_by_owner.get(owner, [])
        if is_config_server(configs, env):
            repos[owner] = find_repo_dirs(configs, env, inners)
    return repos


def _served(source: SourceFile, server: str, parsed: ConfigFile | None,
            result: CodeScan) -> ConfigFile | None:
    """A repository file parsed as Spring config (whatever its name), marked as served."""
    if parsed is None or parsed.kind not in ("spring", "json"):
        kind = "json" if source.rel.lower().endswith(".json") else "spring"
        parsed = _config(source, result, kind)
    if parsed is None:
        return None
    parsed.served_by = server
    return parsed


def _stub_definitions(source: SourceFile, owner: str) -> list[RpcDefinition]:
    data, _problem = read_bytes(source, MAX_CODE_BYTES)
    if data is None:
        return []  # a stub too large or unreadable names no RPC service; the file is skipped
    text = data.decode("utf-8", errors="replace")
    names = {m.group(1) for pattern in _STUB_SERVICE for m in pattern.finditer(text)}
    return [RpcDefinition(name, source.rel, owner, True) for name in sorted(names)]


def _owner(rel: str, dirs: list[tuple[str, str]]) -> tuple[str | None, str]:
    for prefix, service in dirs:
        if not prefix:
            return service, rel
        if rel.startswith(prefix + "/"):
            return service, rel[len(prefix) + 1:]
    return None, rel


def _norm_dir(path: str | None) -> str:
    return (path or "").strip().strip("/").removeprefix("./").rstrip("/") if path not in (".", "./") else ""
