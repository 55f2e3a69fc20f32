"""The audit pipeline as a table of contents: scan -> analyse -> judge -> write.

The CLI calls these functions; they do the I/O at the edges (reading roots, writing the
output folder) and leave parsing to `ingest`, metrics to `analysis`, verdicts to `engine`
and rendering to `report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analyzer.analysis import compute_metrics
from analyzer.config import Settings
from analyzer.engine import judge
from analyzer.engine.judge import RuleEvaluationError
from analyzer.errors import UserError
from analyzer.ingest import LOOKED_FOR, scan
from analyzer.ingest.options import ScanOptions
from analyzer.model import AuditResult, SystemModel
from analyzer.report import REPORTERS, GraphLimits

DEFAULT_FORMATS = ("html", "dot", "svg", "json", "facts", "findings")


def existing_paths(values: list[str] | list[Path]) -> list[Path]:
    """The given paths, or a UserError naming every one that does not exist."""
    missing = [str(v) for v in values if not Path(v).exists()]
    if missing:
        raise UserError(f"path not found: {', '.join(missing)}",
                        "pass existing folders or files to scan")
    return [Path(v) for v in values]


def scan_roots(roots: list[Path], options: ScanOptions) -> SystemModel:
    """Read every root into one SystemModel; refuse missing paths and systems with no service."""
    model = scan(existing_paths(roots), options)
    if not model.services:
        where = ", ".join(str(r) for r in roots)
        raise UserError(f"no services found in {where}",
                        f"archgov looked for {LOOKED_FOR}")
    return model


def analyze(model: SystemModel, settings: Settings) -> AuditResult:
    """Derive metrics and judge the model with the configured rules."""
    if settings.diagnostics:
        model = model.model_copy(
            update={"diagnostics": model.diagnostics + list(settings.diagnostics)}).normalized()
    metrics = compute_metrics(model)
    try:
        findings, evaluated = judge(model, metrics, list(settings.rules))
    except RuleEvaluationError as err:
        raise UserError(str(err), f"disable it with `rules: {{{err.rule_id}: {{enabled: false}}}}` "
                                  "in archgov.yml and report the problem") from err
    return AuditResult(model=model, metrics=metrics, findings=findings,
                       rules_evaluated=sorted(evaluated))


def run_audit(roots: list[Path], settings: Settings, options: ScanOptions | None = None) -> AuditResult:
    """Scan the roots and analyse them: everything but writing the reports."""
    return analyze(scan_roots(roots, options or scan_options(settings)), settings)


def scan_options(settings: Settings, *, code: bool = True, jobs: int = 0,
                 cache_dir: str | None = None) -> ScanOptions:
    """The ingest options that follow from the config file and the command line."""
    return ScanOptions(
        exclude_dirs=frozenset(settings.exclude),
        sources=tuple(sorted(settings.sources.items())),
        entry_points=tuple(sorted(settings.entry_points)),
        code=code,
        jobs=jobs,
        cache_dir=cache_dir,
    )


@dataclass
class WriteOutcome:
    """What `write_reports` wrote and what it had to leave out."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def write_reports(result: AuditResult, out_dir: Path, formats: tuple[str, ...],
                  graph: GraphLimits | None = None) -> WriteOutcome:
    """Render each format into `out_dir`; without (a timely) Graphviz the built-in layout draws."""
    outcome = WriteOutcome()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"cannot create output folder {out_dir}: {err.strerror}",
                        "pass a writable --out folder") from err
    for name in formats:
        reporter = REPORTERS[name]
        rendered = reporter.output(result, graph)
        outcome.warnings += [w for w in rendered.warnings if w not in outcome.warnings]
        path = out_dir / reporter.file_name
        path.write_text(rendered.text, encoding="utf-8")
        outcome.written.append(path)
    return outcome
