"""Options and helpers the commands share: paths, config, scan flags, formats, output, summaries."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from analyzer.cli.app import MAX_CONFIG_ERRORS, not_empty
from analyzer.errors import UserError

def paths_of(values: tuple[str, ...]) -> list[Path]:
    from analyzer.pipeline import existing_paths

    return existing_paths(list(values))


def load_settings(config: str | None, roots: list[Path], fail_on: str | None = None):
    from analyzer.config import ConfigError, load_config

    search_dir = roots[0] if roots and roots[0].is_dir() else Path.cwd()
    try:
        settings = load_config(Path(config) if config is not None else None, search_dir, roots)
    except ConfigError as err:
        lines = err.errors or ["invalid configuration"]
        if len(lines) > MAX_CONFIG_ERRORS:
            lines = [*lines[:MAX_CONFIG_ERRORS - 1],
                     f"... and {len(lines) - MAX_CONFIG_ERRORS + 1} more configuration errors"]
        for line in lines[:-1]:
            click.echo(f"archgov: error: {line}", err=True)
        raise UserError(lines[-1]) from err
    if fail_on is not None:
        from analyzer.model import Severity

        settings = dataclasses.replace(settings, fail_on=None if fail_on == "never" else Severity(fail_on))
    return settings


def scan_flags(f):
    f = click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
                     help="Parallel workers for code extraction (0: all cores; a number above "
                          "the CPU count is accepted and capped to it).")(f)
    f = click.option("--no-cache", is_flag=True, help="Do not read or write the per-file cache.")(f)
    f = click.option("--cache-dir", type=click.Path(), callback=not_empty,
                     help="Per-file cache folder, created if missing; must be writable "
                          "(default: the user cache folder).")(f)
    f = click.option("--no-code", is_flag=True,
                     help="Read manifests and config only; skip source code extraction.")(f)
    f = click.option("--since", metavar="DATE", expose_value=False,
                     callback=lambda ctx, _p, value: ctx.meta.__setitem__("since", value),
                     help="Start of the git history read (default: 12 months before the "
                          "newest commit).")(f)
    return config_option(CONFIG_HELP)(f)


CONFIG_HELP = ("Config file you trust (default: archgov.yml or [tool.archgov] in pyproject.toml "
               "of the first PATH, which may only use paths inside the scanned folders).")


def config_option(help_text: str):
    return click.option("--config", "-c", type=click.Path(dir_okay=False), callback=not_empty,
                        help=help_text)


def out_option(f):
    return click.option("--out", "-o", "out_dir", default="archgov-report", show_default=True,
                        type=click.Path(file_okay=False), callback=not_empty,
                        help="Folder for the reports.")(f)


def output_option(f):
    return click.option("--output", "-o", default="-", show_default=True, callback=not_empty,
                        help="Output file ('-': stdout).")(f)


def scan_options_of(settings, no_code: bool, jobs: int, no_cache: bool, cache_dir: str | None):
    from analyzer.pipeline import scan_options

    if cache_dir is not None and not no_cache:
        check_cache_dir(Path(cache_dir))
    options = scan_options(settings, code=not no_code, jobs=jobs,  # the scanner caps it at the CPUs
                           cache_dir="" if no_cache else cache_dir,
                           since=click.get_current_context().meta.get("since"))
    return dataclasses.replace(options, progress=progress_bar())


def check_cache_dir(folder: Path) -> None:
    """A --cache-dir that cannot be used is the user's mistake, said at once, not ignored."""
    fix = "pass a writable folder, or --no-cache"
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--cache-dir {folder}: is not a folder", fix)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"--cache-dir {folder}: cannot be created: {err.strerror}", fix) from err
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"--cache-dir {folder}: is not writable", fix)


PROGRESS_THRESHOLD = 200  # files: below this a scan is too quick for a progress bar


def progress_bar():
    """A rich progress bar on an interactive stderr for long code scans; None otherwise."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    state: dict = {}

    def update(done: int, total: int) -> None:
        if total < PROGRESS_THRESHOLD:
            return
        if "bar" not in state:
            state["bar"] = Progress("extracting code", BarColumn(), MofNCompleteColumn(),
                                    TimeRemainingColumn(), console=Console(stderr=True),
                                    transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task("code", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state.pop("bar").stop()

    return update


CWD_CONFIG_HELP = ("Config file you trust (default: archgov.yml or [tool.archgov] in pyproject.toml "
                   "of the current folder, which may only use paths inside it).")
FORMAT_HELP = ("Report formats to write, comma-separated or repeated (html, sarif, junit, markdown, "
               "csv, scorecard, json, dot, svg, mermaid, facts, findings; default: html dot svg "
               "json facts findings).")



def formats_of(formats: tuple[str, ...]) -> tuple[str, ...]:
    from analyzer.pipeline import DEFAULT_FORMATS
    from analyzer.report import REPORTERS

    chosen = tuple(dict.fromkeys(f for value in formats for f in value.split(",") if f)) or DEFAULT_FORMATS
    unknown = [f for f in chosen if f not in REPORTERS]
    if unknown:
        raise UserError(f"unknown --format {', '.join(unknown)}",
                        f"choose from {', '.join(sorted(REPORTERS))}")
    return chosen


def emit(text: str, output: str) -> None:
    if output == "-":
        click.echo(text, nl=False)
        return
    from analyzer.pipeline import write_atomically

    target = Path(output)
    if target.is_dir():
        raise UserError(f"cannot write {output}: it is a folder", "pass a file path to --output")
    write_atomically(target, text)


def print_summary(result, outcome, settings) -> None:
    from analyzer.model import Severity

    model = result.model
    for warning in outcome.warnings:
        click.echo(f"archgov: warning: {warning}", err=True)
    print_diagnostics(model.diagnostics)
    click.echo(
        f"{len(model.services)} services, {len(model.datastores)} datastores, "
        f"{len(model.edges)} edges; findings: {result.count(Severity.ERROR)} error, "
        f"{result.count(Severity.WARNING)} warning, {result.count(Severity.INFO)} info; "
        f"{len(model.diagnostics)} diagnostics{_suppressed(result)}")
    for path in outcome.written:
        click.echo(f"wrote {path}")
    gate = "failed" if result.gate_failed(settings.fail_on) else "passed"
    threshold = settings.fail_on.value if settings.fail_on else "never"
    click.echo(f"gate {gate} (--fail-on {threshold})")


_SUPPRESSED_AS = {"baseline": "baselined", "ignore": "ignored", "inline": "suppressed inline"}


def _suppressed(result) -> str:
    """`; 3 baselined, 1 ignored` for the summary line (empty when nothing was suppressed)."""
    parts = [f"{n} {label}" for by, label in _SUPPRESSED_AS.items()
             if (n := sum(1 for s in result.suppressed if s.by == by))]
    return f"; {', '.join(parts)}" if parts else ""


MAX_PRINTED_DIAGNOSTICS = 20


def print_diagnostics(diagnostics) -> None:
    """Warnings and errors met while reading, on stderr; the report's coverage lists them all."""
    from analyzer.model import Severity

    shown = [d for d in diagnostics if d.severity.rank >= Severity.WARNING.rank]
    for diagnostic in shown[:MAX_PRINTED_DIAGNOSTICS]:
        click.echo(diagnostic.render(), err=True)
    if len(shown) > MAX_PRINTED_DIAGNOSTICS:
        click.echo(f"... and {len(shown) - MAX_PRINTED_DIAGNOSTICS} more warnings "
                   "(all diagnostics are in the report's coverage section and facts.json)", err=True)
