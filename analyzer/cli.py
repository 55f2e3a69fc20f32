"""The `archgov` command line: parse, call the pipeline, print, exit. Nothing else lives here."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import traceback
from pathlib import Path

import click

from analyzer import __version__
from analyzer.errors import ExitCode, UserError

EPILOG = """\b
Examples:
  archgov audit fixtures/shop --out out/shop        # full audit, writes report.html & co
  archgov audit deploy/ repos/* --fail-on warning   # a deploy repo plus one repo per service
  archgov graph fixtures/shop --format mermaid      # the service graph as Mermaid
  archgov graph fixtures/shop --format svg --focus cart --depth 1 > cart.svg
  archgov scan fixtures/shop -o facts.json && archgov analyze facts.json --out out/
  archgov rules list && archgov rules explain no-service-cycles

\b
Exit codes: 0 gate passed, 1 gate failed (findings at or above --fail-on),
            2 usage or input error, 3 internal error (a bug: please report it).
"""


def _debug_option(f):
    return click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")(f)


def handle_errors(func):
    """Turn UserError into one line + exit 2, and any other failure into exit 3 without a traceback."""

    @functools.wraps(func)
    def wrapper(*args, debug: bool = False, **kwargs):
        try:
            return func(*args, **kwargs)
        except UserError as err:
            if debug:
                traceback.print_exc()
            click.echo(f"archgov: error: {err.render()}", err=True)
            sys.exit(ExitCode.USAGE)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as err:  # noqa: BLE001 - the one place that reports internal errors
            if debug:
                traceback.print_exc()
            click.echo(f"archgov: internal error: {type(err).__name__}: {err} "
                       "(rerun with --debug for the traceback)", err=True)
            sys.exit(ExitCode.INTERNAL)

    return wrapper


MAX_SHOWN_CHARS = 300  # of one usage-error line; the rest is the user's own argv echoed back
MAX_CONFIG_ERRORS = 50  # printed lines; a hostile config could hold a million mistakes


class ArchgovGroup(click.Group):
    """The root group: every usage error is one line `archgov: error: what (see --help)`.

    Click's own handling prints a usage block and `Error: ...` over four lines; here its
    exceptions are caught instead (standalone_mode=False) and reworded.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help())  # `archgov` or `archgov rules` alone: the help
            sys.exit(ExitCode.USAGE)
        except click.ClickException as err:
            click.echo(f"archgov: error: {usage_line(err)}", err=True)
            sys.exit(ExitCode.USAGE)
        except click.exceptions.Abort:
            click.echo("archgov: error: interrupted", err=True)
            sys.exit(ExitCode.USAGE)
        sys.exit(result if isinstance(result, int) else ExitCode.OK)


def usage_line(err: click.ClickException) -> str:
    """Click's message on one line, lower-case first, with the help command as the fix."""
    text = " ".join(err.format_message().split()).rstrip(".")
    text = (text[:1].lower() + text[1:]).replace(". Did you mean", "; did you mean")
    if len(text) > MAX_SHOWN_CHARS:
        text = text[:MAX_SHOWN_CHARS - 3] + "..."
    ctx = getattr(err, "ctx", None)
    names = []
    while ctx is not None and ctx.parent is not None:
        names.insert(0, ctx.info_name)
        ctx = ctx.parent
    return f"{text} (see `{' '.join(['archgov', *names, '--help'])}`)"


def _not_empty(ctx, param, value):
    """Click callback: an empty string for a path option is a mistake, never "here"."""
    if value is not None and not str(value).strip():
        raise click.BadParameter("must not be empty; pass a path", ctx=ctx, param=param)
    return value


@click.group(cls=ArchgovGroup, epilog=EPILOG,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archgov")
def main() -> None:
    """archgov: architecture governance for microservice systems.

    Reads git repositories, Docker/compose and Kubernetes manifests, builds the service
    dependency graph with evidence for every edge, flags cycles, coupling, orphans and
    hard-coded endpoints, and writes HTML, Graphviz and JSON reports.
    """


def _paths(values: tuple[str, ...]) -> list[Path]:
    from analyzer.pipeline import existing_paths

    return existing_paths(list(values))


def _settings(config: str | None, roots: list[Path], fail_on: str | None = None):
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


def _scan_flags(f):
    f = click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
                     help="Parallel workers for code extraction (0: all cores; a number above "
                          "the CPU count is accepted and capped to it).")(f)
    f = click.option("--no-cache", is_flag=True, help="Do not read or write the per-file cache.")(f)
    f = click.option("--cache-dir", type=click.Path(), callback=_not_empty,
                     help="Per-file cache folder, created if missing; must be writable "
                          "(default: the user cache folder).")(f)
    f = click.option("--no-code", is_flag=True,
                     help="Read manifests and config only; skip source code extraction.")(f)
    f = click.option("--since", metavar="DATE", expose_value=False,
                     callback=lambda ctx, _p, value: ctx.meta.__setitem__("since", value),
                     help="Start of the git history read (default: 12 months before the "
                          "newest commit).")(f)
    return _config_option(CONFIG_HELP)(f)


CONFIG_HELP = ("Config file you trust (default: archgov.yml or [tool.archgov] in pyproject.toml "
               "of the first PATH, which may only use paths inside the scanned folders).")


def _config_option(help_text: str):
    return click.option("--config", "-c", type=click.Path(dir_okay=False), callback=_not_empty,
                        help=help_text)


def _out_option(f):
    return click.option("--out", "-o", "out_dir", default="archgov-report", show_default=True,
                        type=click.Path(file_okay=False), callback=_not_empty,
                        help="Folder for the reports.")(f)


def _output_option(f):
    return click.option("--output", "-o", default="-", show_default=True, callback=_not_empty,
                        help="Output file ('-': stdout).")(f)


def _options(settings, no_code: bool, jobs: int, no_cache: bool, cache_dir: str | None):
    from analyzer.pipeline import scan_options

    if cache_dir is not None and not no_cache:
        _check_cache_dir(Path(cache_dir))
    options = scan_options(settings, code=not no_code, jobs=jobs,  # the scanner caps it at the CPUs
                           cache_dir="" if no_cache else cache_dir,
                           since=click.get_current_context().meta.get("since"))
    return dataclasses.replace(options, progress=_progress_bar())


def _check_cache_dir(folder: Path) -> None:
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


def _progress_bar():
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
FORMAT_HELP = "Report formats to write (repeatable; default: html dot svg json facts findings)."


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_out_option
@click.option("--format", "-f", "formats", multiple=True, help=FORMAT_HELP)
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]),
              help="Lowest finding severity that fails the gate (default: error, or the config).")
@_scan_flags
@_debug_option
@handle_errors
def audit(paths, out_dir, formats, fail_on, config, no_code, no_cache, cache_dir, jobs):
    """Scan PATH..., analyse, judge, and write the reports; exit 1 when the gate fails.

    PATH is a monorepo, or a deploy repo followed by one repo per service.
    """
    from analyzer import pipeline

    roots = _paths(paths)
    settings = _settings(config, roots, fail_on)
    chosen = _formats(formats)
    result = pipeline.run_audit(roots, settings, _options(settings, no_code, jobs, no_cache, cache_dir))
    outcome = pipeline.write_reports(result, Path(out_dir), chosen, graph=settings.graph)
    _print_summary(result, outcome, settings)
    sys.exit(ExitCode.GATE_FAILED if result.gate_failed(settings.fail_on) else ExitCode.OK)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_output_option
@_scan_flags
@_debug_option
@handle_errors
def scan(paths, output, config, no_code, no_cache, cache_dir, jobs):
    """Scan PATH... and write the facts document (SystemModel JSON) without judging it."""
    from analyzer import pipeline

    roots = _paths(paths)
    settings = _settings(config, roots)
    model = pipeline.scan_roots(roots, _options(settings, no_code, jobs, no_cache, cache_dir))
    _emit(model.to_json(), output)
    _print_diagnostics(model.diagnostics)


@main.command()
@click.argument("facts", nargs=-1, required=True)
@_out_option
@click.option("--format", "-f", "formats", multiple=True, help=FORMAT_HELP)
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]))
@_config_option(CWD_CONFIG_HELP)
@_debug_option
@handle_errors
def analyze(facts, out_dir, formats, fail_on, config):
    """Analyse one or more saved facts documents (merged) and write the reports."""
    from analyzer import pipeline
    from analyzer.model.merge import IncompatibleModel, merge_models

    from analyzer.model import SystemModel

    models = []
    for name in _paths(facts):
        try:
            models.append(SystemModel.from_json(Path(name).read_text(encoding="utf-8")))
        except (ValueError, UnicodeDecodeError) as err:
            first = str(err).splitlines()[0]
            raise UserError(f"{name}: not an archgov facts document ({first})",
                            "pass a file written by `archgov scan`") from err
    try:
        model = merge_models(models)
    except IncompatibleModel as err:
        raise UserError(f"cannot merge facts: {err}", "rescan with this archgov version") from err
    settings = _settings(config, [Path.cwd()], fail_on)
    result = pipeline.analyze(model, settings)
    outcome = pipeline.write_reports(result, Path(out_dir), _formats(formats), graph=settings.graph)
    _print_summary(result, outcome, settings)
    sys.exit(ExitCode.GATE_FAILED if result.gate_failed(settings.fail_on) else ExitCode.OK)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["json", "dot", "svg", "mermaid"]),
              default="dot", show_default=True)
@click.option("--focus", help="Show only the neighbourhood of this service.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops around --focus to keep.")
@_output_option
@_scan_flags
@_debug_option
@handle_errors
def graph(paths, fmt, focus, depth, output, config, no_code, no_cache, cache_dir, jobs):
    """Print the service dependency graph of PATH... as JSON (node-link), DOT, SVG or Mermaid."""
    from analyzer import pipeline
    from analyzer.report import graph_output

    roots = _paths(paths)
    settings = _settings(config, roots)
    model = pipeline.scan_roots(roots, _options(settings, no_code, jobs, no_cache, cache_dir))
    if focus and focus not in model.node_ids():
        raise UserError(f"--focus {focus}: no such service",
                        f"choose one of {', '.join(sorted(model.node_ids()))}")
    rendered = graph_output(model, fmt, focus=focus, depth=depth if focus else None,
                            limits=settings.graph)
    for warning in rendered.warnings:
        click.echo(f"archgov: warning: {warning}", err=True)
    _emit(rendered.text, output)


@main.group()
def rules() -> None:
    """List and explain the built-in and configured rules."""


@rules.command("list")
@_config_option(CWD_CONFIG_HELP)
@_debug_option
@handle_errors
def rules_list(config):
    """One line per rule: id, severity, title."""
    settings = _settings(config, [Path.cwd()])
    width = max((len(r.id) for r in settings.rules), default=10)
    for rule in sorted(settings.rules, key=lambda r: r.id):
        state = "" if getattr(rule, "enabled", True) else "  (disabled)"
        click.echo(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.title}{state}")


@rules.command("explain")
@click.argument("rule_id")
@_config_option(CWD_CONFIG_HELP)
@_debug_option
@handle_errors
def rules_explain(rule_id, config):
    """Everything about one rule: what it checks, why, parameters and how to fix it."""
    from analyzer.engine import describe_rule

    settings = _settings(config, [Path.cwd()])
    rule = next((r for r in settings.rules if r.id == rule_id), None)
    if rule is None:
        raise UserError(f"unknown rule '{rule_id}'",
                        f"valid ids: {', '.join(sorted(r.id for r in settings.rules))}")
    click.echo(describe_rule(rule))


def _formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    from analyzer.pipeline import DEFAULT_FORMATS
    from analyzer.report import REPORTERS

    chosen = tuple(dict.fromkeys(f for value in formats for f in value.split(",") if f)) or DEFAULT_FORMATS
    unknown = [f for f in chosen if f not in REPORTERS]
    if unknown:
        raise UserError(f"unknown --format {', '.join(unknown)}",
                        f"choose from {', '.join(sorted(REPORTERS))}")
    return chosen


def _emit(text: str, output: str) -> None:
    if output == "-":
        click.echo(text, nl=False)
        return
    from analyzer.pipeline import write_atomically

    target = Path(output)
    if target.is_dir():
        raise UserError(f"cannot write {output}: it is a folder", "pass a file path to --output")
    write_atomically(target, text)


def _print_summary(result, outcome, settings) -> None:
    from analyzer.model import Severity

    model = result.model
    for warning in outcome.warnings:
        click.echo(f"archgov: warning: {warning}", err=True)
    _print_diagnostics(model.diagnostics)
    click.echo(
        f"{len(model.services)} services, {len(model.datastores)} datastores, "
        f"{len(model.edges)} edges; findings: {result.count(Severity.ERROR)} error, "
        f"{result.count(Severity.WARNING)} warning, {result.count(Severity.INFO)} info; "
        f"{len(model.diagnostics)} diagnostics")
    for path in outcome.written:
        click.echo(f"wrote {path}")
    gate = "failed" if result.gate_failed(settings.fail_on) else "passed"
    threshold = settings.fail_on.value if settings.fail_on else "never"
    click.echo(f"gate {gate} (--fail-on {threshold})")


MAX_PRINTED_DIAGNOSTICS = 20


def _print_diagnostics(diagnostics) -> None:
    """Warnings and errors met while reading, on stderr; the report's coverage lists them all."""
    from analyzer.model import Severity

    shown = [d for d in diagnostics if d.severity.rank >= Severity.WARNING.rank]
    for diagnostic in shown[:MAX_PRINTED_DIAGNOSTICS]:
        click.echo(diagnostic.render(), err=True)
    if len(shown) > MAX_PRINTED_DIAGNOSTICS:
        click.echo(f"... and {len(shown) - MAX_PRINTED_DIAGNOSTICS} more warnings "
                   "(all diagnostics are in the report's coverage section and facts.json)", err=True)
