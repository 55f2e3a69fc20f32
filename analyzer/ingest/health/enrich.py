"""The code-health enricher: complexity of every service source file, once per file.

Files are those of the services' source folders (the same owner rule as code extraction),
without tests, examples, vendored, generated and build output, over the code size limit
(`MAX_CODE_BYTES`). Python goes to radon and vulture's visitor (dead code, one parse), the
other languages to lizard, through the content-hash cache and a process pool (`run.py`); a file either tool cannot read becomes a
diagnostic and the scan goes on. Dead code is decided per service over all its files
(`dead_code`). Skipped with `ScanOptions.code` off.
Registered in `analyzer.ingest.enrichers.ENRICHERS` when `analyzer.ingest.health` is imported.
"""

from __future__ import annotations

import posixpath

from analyzer.ingest.code.scanner import MAX_CODE_BYTES, skip_reason
from analyzer.ingest.files import Inventory, SourceFile, read_text
from analyzer.ingest.health.dead_code import dead_code
from analyzer.ingest.health.other_lizard import LANGUAGES
from analyzer.ingest.health.run import fields_of, measure_all
from analyzer.ingest.history.owners import ServiceDirs
from analyzer.model import Diagnostic, Severity, SystemModel
from analyzer.model.history import FileComplexity


def enrich(model: SystemModel, inventory: Inventory, options: object) -> SystemModel:
    """Add one `FileComplexity` per measured source file (and diagnostics) to `model`."""
    if not getattr(options, "code", True):
        return model
    dirs = ServiceDirs(model)
    chosen: list[tuple[SourceFile, str, str]] = []  # (file, owner, language)
    items: list[tuple[str, str, bytes]] = []
    diagnostics: list[Diagnostic] = []
    for source in inventory.files:
        owner = dirs.owner(source.rel)
        language = language_of(source.rel)
        if owner is None or language is None or _skipped(source, owner, model):
            continue
        text, problem = read_text(source, MAX_CODE_BYTES)
        if text is None:
            diagnostics.extend([problem] if problem else [])
            continue
        chosen.append((source, owner, language))
        items.append((language, source.rel, text.encode("utf-8", "surrogatepass")))
    outcomes = measure_all(items, getattr(options, "cache_dir", None),
                           int(getattr(options, "jobs", 0) or 0))
    measured: list[FileComplexity] = []
    dead_files = []
    for (source, owner, language), (fields, problem, line) in zip(chosen, outcomes):
        if fields is None:
            diagnostics.append(Diagnostic(severity=Severity.WARNING, code="complexity-unreadable",
                                          file=source.rel, line=line,
                                          message=f"complexity not measured: {problem}"))
            continue
        measured.append(FileComplexity(file=source.rel, service=owner, language=language,
                                       tool="radon" if language == "python" else "lizard",
                                       **fields_of(fields)))
        if "dead" in fields:
            dead_files.append((source.rel, owner, fields["dead"]))
    return model.model_copy(update={"complexity": [*model.complexity, *measured],
                                    "dead_code": [*model.dead_code, *dead_code(dead_files)],
                                    "diagnostics": [*model.diagnostics, *diagnostics]})


def language_of(rel: str) -> str | None:
    """The language complexity is measured for, by suffix (None: not measured)."""
    name = posixpath.basename(rel).lower()
    if name.endswith((".min.js", ".min.mjs", ".d.ts")):
        return None
    suffix = posixpath.splitext(name)[1]
    return "python" if suffix == ".py" else LANGUAGES.get(suffix)


def _skipped(source: SourceFile, owner: str, model: SystemModel) -> bool:
    service = model.service(owner)
    folder = (service.source_dir or "").strip("/") if service else ""
    inner = source.rel[len(folder) + 1:] if folder and folder not in (".",) else source.rel
    return skip_reason(inner) is not None
