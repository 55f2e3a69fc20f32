"""The audit pipeline as a table of contents: scan -> analyse -> judge -> write.

The CLI calls these functions; they do the I/O at the edges (reading roots, writing the
output folder) and leave parsing to `ingest`, metrics to `analysis`, verdicts to `engine`
and rendering to `report`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from analyzer.analysis import compute_metrics
from analyzer.analysis.runtime import summarize as summarize_runtime
from analyzer.config import Settings
from analyzer.engine.assess import assess
from analyzer.engine.baseline import parse_baseline
from analyzer.engine.judge import RuleEvaluationError
from analyzer.errors import UserError
from analyzer.ingest import LOOKED_FOR, scan
from analyzer.ingest.jsonsafe import JsonProblem, load_json
from analyzer.ingest.options import ScanOptions
from analyzer.ingest.runtime import read_runtime
from analyzer.model import AuditResult, RuleInfo, SystemModel
from analyzer.report import REPORTERS, Focus, GraphLimits

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
    """Derive metrics, judge the model with the configured rules and apply the policy
    (escalation, inline suppressions, ignores, baseline, scorecard: `engine.assess`)."""
    metrics = compute_metrics(model)
    try:
        verdict = assess(model, metrics, list(settings.rules), settings.policy)
    except RuleEvaluationError as err:
        raise UserError(str(err), f"disable it with `rules: {{{err.rule_id}: {{enabled: false}}}}` "
                                  "in archgov.yml and report the problem") from err
    extra = list(settings.diagnostics) + verdict.diagnostics
    if extra:
        model = model.model_copy(update={"diagnostics": model.diagnostics + extra}).normalized()
    return AuditResult(model=model, metrics=metrics, findings=verdict.findings,
                       rules_evaluated=sorted(verdict.evaluated), checks=verdict.checks,
                       suppressed=verdict.suppressed, stale_baseline=verdict.stale_baseline,
                       rules=rule_infos(settings, verdict.evaluated),
                       runtime=summarize_runtime(model, metrics))


MAX_BASELINE_BYTES = 20_000_000


def read_baseline(path: Path) -> dict[str, str]:
    """Fingerprint -> label of the baseline file at `path`; a UserError when it is unusable."""
    how = "pass a file written by `archgov baseline create`"
    try:
        if path.stat().st_size > MAX_BASELINE_BYTES:
            raise UserError(f"--baseline {path}: larger than {MAX_BASELINE_BYTES} bytes", how)
        data = load_json(path.read_text(encoding="utf-8"))
        return parse_baseline(data)
    except OSError as err:
        raise UserError(f"--baseline {path}: cannot be read: {err.strerror}", how) from err
    except UnicodeDecodeError as err:
        raise UserError(f"--baseline {path}: not UTF-8 text", how) from err
    except JsonProblem as err:
        raise UserError(f"--baseline {path}: invalid JSON: {err.message}", how) from err
    except ValueError as err:
        raise UserError(f"--baseline {path}: {err}", how) from err


def rule_infos(settings: Settings, evaluated) -> list[RuleInfo]:
    """The texts of the evaluated rules, for the reports that describe them (SARIF, JUnit)."""
    fields = set(RuleInfo.model_fields)
    return sorted((RuleInfo(**r.model_dump(include=fields)) for r in settings.rules
                   if r.id in set(evaluated)), key=lambda r: r.id)



def run_audit(roots: list[Path], settings: Settings, options: ScanOptions | None = None) -> AuditResult:
    """Scan the roots, add what Prometheus says (when `prometheus.url` is set) and analyse
    them: everything but writing the reports."""
    model = scan_roots(roots, options or scan_options(settings))
    if settings.prometheus.url:
        model = read_runtime(model, settings.prometheus)
    return analyze(model, settings)


def scan_options(settings: Settings, *, code: bool = True, jobs: int = 0,
                 cache_dir: str | None = None, since: str | None = None) -> ScanOptions:
    """The ingest options that follow from the config file and the command line; a `since`
    that is not an ISO date is a UserError."""
    if since is not None:
        try:
            datetime.fromisoformat(since)
        except ValueError as err:
            raise UserError(f"--since: must be a date like 2025-01-31 (got '{since}')",
                            "pass an ISO date or date-time") from err
    return ScanOptions(
        since=since,
        exclude_dirs=frozenset(settings.exclude),
        sources=tuple(sorted(settings.sources.items())),
        entry_points=tuple(sorted(settings.entry_points)),
        code=code,
        jobs=jobs,
        cache_dir=cache_dir,
        bot_patterns=tuple(settings.history.bot_patterns),
        max_commit_files=settings.history.max_commit_files,
    )


@dataclass
class WriteOutcome:
    """What `write_reports` wrote and what it had to leave out."""

    written: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


FIRST_FORMATS = ("facts", "findings")  # the data first: a report that fails later loses no result


def write_reports(result: AuditResult, out_dir: Path, formats: tuple[str, ...],
                  graph: GraphLimits | None = None, focus: Focus | None = None) -> WriteOutcome:
    """Render each format into `out_dir`, facts and findings first; without (a timely)
    Graphviz the built-in layout draws. Each file is written whole or not at all
    (see `write_atomically`)."""
    outcome = WriteOutcome()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"cannot create output folder {out_dir}: {err.strerror}",
                        "pass a writable --out folder") from err
    targets = [out_dir / REPORTERS[name].file_name for name in formats]
    blocked = [str(t) for t in targets if t.is_dir() and not t.is_symlink()]
    if blocked:
        raise UserError(f"cannot write {', '.join(blocked)}: a folder of that name is in the way",
                        "remove it or pass another --out folder")
    for name in sorted(formats, key=lambda n: (n not in FIRST_FORMATS, formats.index(n))):
        reporter = REPORTERS[name]
        rendered = reporter.output(result, graph, focus)
        outcome.warnings += [w for w in rendered.warnings if w not in outcome.warnings]
        path = out_dir / reporter.file_name
        write_atomically(path, rendered.text)
        outcome.written.append(path)
    return outcome


def write_atomically(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to a temporary file beside `path`, then rename it over `path`,
    so a reader never sees a half-written or empty output. Text that cannot be encoded (a
    lone surrogate from an undecodable file name) is written as a backslash escape."""
    data = text.encode("utf-8", errors="backslashreplace")
    temp_name = None
    try:
        handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except OSError as err:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise UserError(f"cannot write {path}: {err.strerror}",
                        "pass a writable --out folder with free space") from err
