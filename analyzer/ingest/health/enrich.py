"""The code-health enricher: complexity of every service source file, once per file.

Files are those of the services' source folders (the same owner rule as code extraction),
without tests, examples, vendored, generated and build output, over the code size limit
(`MAX_CODE_BYTES`). Python goes to radon, the other languages to lizard; a file either tool
cannot read becomes a diagnostic and the scan goes on. Skipped with `ScanOptions.code` off.
Registered in `analyzer.ingest.enrichers.ENRICHERS` when `analyzer.ingest.health` is imported.
"""

from __future__ import annotations

import posixpath

from analyzer.ingest.code.scanner import MAX_CODE_BYTES, skip_reason
from analyzer.ingest.files import Inventory, SourceFile, read_text
from analyzer.ingest.health.other_lizard import LANGUAGES, measure_lizard
from analyzer.ingest.health.python_radon import Unparsable, measure_python
from analyzer.ingest.history.owners import ServiceDirs
from analyzer.model import Diagnostic, Severity, SystemModel
from analyzer.model.history import FileComplexity


def enrich(model: SystemModel, inventory: Inventory, options: object) -> SystemModel:
    """Add one `FileComplexity` per measured source file (and diagnostics) to `model`."""
    if not getattr(options, "code", True):
        return model
    dirs = ServiceDirs(model)
    measured: list[FileComplexity] = []
    diagnostics: list[Diagnostic] = []
    for source in inventory.files:
        owner = dirs.owner(source.rel)
        language = language_of(source.rel)
        if owner is None or language is None or _skipped(source, owner, model):
            continue
        result, problem = measure(source, language)
        if problem is not None:
            diagnostics.append(problem)
        if result is not None:
            measured.append(FileComplexity(file=source.rel, service=owner, language=language,
                                           tool="radon" if language == "python" else "lizard",
                                           **result))
    return model.model_copy(update={"complexity": [*model.complexity, *measured],
                                    "diagnostics": [*model.diagnostics, *diagnostics]})


def language_of(rel: str) -> str | None:
    """The language complexity is measured for, by suffix (None: not measured)."""
    name = posixpath.basename(rel).lower()
    if name.endswith((".min.js", ".min.mjs", ".d.ts")):
        return None
    suffix = posixpath.splitext(name)[1]
    return "python" if suffix == ".py" else LANGUAGES.get(suffix)


def measure(source: SourceFile, language: str) -> tuple[dict | None, Diagnostic | None]:
    """The complexity fields of one file, or the diagnostic saying why it has none."""
    text, problem = read_text(source, MAX_CODE_BYTES)
    if text is None:
        return None, problem
    try:
        if language == "python":
            return measure_python(text), None
        return measure_lizard(text, source.rel), None
    except Unparsable as err:
        return None, Diagnostic(severity=Severity.WARNING, code="complexity-unreadable",
                                file=source.rel, line=err.line,
                                message=f"complexity not measured: {err}")


def _skipped(source: SourceFile, owner: str, model: SystemModel) -> bool:
    service = model.service(owner)
    folder = (service.source_dir or "").strip("/") if service else ""
    inner = source.rel[len(folder) + 1:] if folder and folder not in (".",) else source.rel
    return skip_reason(inner) is not None
