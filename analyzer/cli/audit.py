"""`archgov audit`, `archgov scan` and `archgov analyze`: the pipeline and its seam."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from analyzer.cli.app import debug_option, handle_errors, main, not_empty
from analyzer.cli.common import (CWD_CONFIG_HELP, FORMAT_HELP, config_option, emit, formats_of,
                                 load_settings, out_option, output_option, paths_of,
                                 print_diagnostics, print_summary, scan_flags, scan_options_of)
from analyzer.cli.prometheus import print_runtime, runtime_flags, with_runtime
from analyzer.errors import ExitCode, UserError


def history_option(f):
    return click.option("--history", metavar="FILE.sqlite", callback=not_empty,
                        help="Record this run in a SQLite history file (created if new); "
                             "see `archgov history FILE`.")(f)


def check_history(history: str | None) -> None:
    if history is not None:
        from analyzer.audit_history import check_history_file

        check_history_file(Path(history))


def record_history(history: str | None, result, roots: list[Path]):
    """Record the run in the history file; the result, with the file's trend when kept."""
    if history is None:
        return result
    from analyzer import __version__
    from analyzer.audit_history import read_trend, record_run

    run_id = record_run(Path(history), result, roots, version=__version__)
    click.echo(f"recorded run {run_id} in {history}")
    return result.model_copy(update={"trend": read_trend(Path(history), last=MAX_TREND_POINTS)})


MAX_TREND_POINTS = 100  # runs drawn in the report's trends chart


@main.command()
@click.argument("paths", nargs=-1, required=True)
@out_option
@click.option("--format", "-f", "formats", multiple=True, help=FORMAT_HELP)
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]),
              help="Lowest finding severity that fails the gate (default: error, or the config).")
@click.option("--focus", metavar="SVC", help="Open report.html on this node's neighbourhood.")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True,
              help="Hops in and out of --focus that report.html shows (1..3).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Baseline file (archgov baseline create): its findings do not count.")
@click.option("--strict-baseline", is_flag=True,
              help="With --baseline: fail (exit 1) when baseline entries match no finding.")
@history_option
@runtime_flags
@scan_flags
@debug_option
@handle_errors
def audit(paths, out_dir, formats, fail_on, focus, depth, history, baseline_file,
          strict_baseline, config, no_code, no_cache, cache_dir, jobs, prometheus, window, verbose):
    """Scan PATH..., analyse, judge, and write the reports; exit 1 when the gate fails.

    PATH is a monorepo, or a deploy repo followed by one repo per service.
    """
    from analyzer import pipeline

    roots = paths_of(paths)
    settings = with_runtime(with_baseline(load_settings(config, roots, fail_on), baseline_file,
                                          strict_baseline), prometheus, window)
    chosen = formats_of(formats)
    check_history(history)
    result = pipeline.run_audit(roots, settings, scan_options_of(settings, no_code, jobs, no_cache, cache_dir))
    focused = _focus(result, focus, depth)  # an unknown --focus is refused before anything is kept
    result = record_history(history, result, roots)  # first, so the report shows this run's trend
    outcome = pipeline.write_reports(result, Path(out_dir), chosen, graph=settings.graph,
                                     focus=focused)
    print_summary(result, outcome, settings)
    if verbose:
        print_runtime(result)
    stale = strict_baseline and report_stale_baseline(result)
    failed = result.gate_failed(settings.fail_on) or stale
    sys.exit(ExitCode.GATE_FAILED if failed else ExitCode.OK)


def with_baseline(settings, baseline_file, strict):
    """Settings with the baseline file's fingerprints in the policy."""
    import dataclasses

    from analyzer import pipeline

    if baseline_file is None:
        if strict:
            raise UserError("--strict-baseline needs --baseline FILE", "pass --baseline FILE")
        return settings
    fingerprints = pipeline.read_baseline(Path(baseline_file))
    return dataclasses.replace(settings, policy=dataclasses.replace(settings.policy,
                                                                    baseline=fingerprints))


def report_stale_baseline(result) -> bool:
    """Print every stale baseline entry; True when there is one."""
    for entry in result.stale_baseline:
        click.echo(f"archgov: stale baseline entry (matches no finding): {entry}", err=True)
    if result.stale_baseline:
        click.echo(f"archgov: {len(result.stale_baseline)} stale baseline entries; recreate the "
                   "baseline with `archgov baseline create`", err=True)
    return bool(result.stale_baseline)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@output_option
@scan_flags
@debug_option
@handle_errors
def scan(paths, output, config, no_code, no_cache, cache_dir, jobs):
    """Scan PATH... and write the facts document (SystemModel JSON) without judging it."""
    from analyzer import pipeline

    roots = paths_of(paths)
    settings = load_settings(config, roots)
    model = pipeline.scan_roots(roots, scan_options_of(settings, no_code, jobs, no_cache, cache_dir))
    emit(model.to_json(), output)
    print_diagnostics(model.diagnostics)


@main.command()
@click.argument("facts", nargs=-1, required=True)
@out_option
@click.option("--format", "-f", "formats", multiple=True, help=FORMAT_HELP)
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]))
@history_option
@config_option(CWD_CONFIG_HELP)
@debug_option
@handle_errors
def analyze(facts, out_dir, formats, fail_on, history, config):
    """Analyse one or more saved facts documents (merged) and write the reports."""
    from analyzer import pipeline
    from analyzer.ingest.facts_file import read_facts_files

    check_history(history)
    model = read_facts_files(paths_of(facts))
    settings = load_settings(config, [Path.cwd()], fail_on)
    result = record_history(history, pipeline.analyze(model, settings), [])
    outcome = pipeline.write_reports(result, Path(out_dir), formats_of(formats), graph=settings.graph)
    print_summary(result, outcome, settings)
    sys.exit(ExitCode.GATE_FAILED if result.gate_failed(settings.fail_on) else ExitCode.OK)


def _focus(result, node: str | None, depth: int):
    """The report's pre-selected node; an unknown name is a user error naming close matches."""
    import difflib

    from analyzer.report import Focus

    if node is None:
        return None
    known = sorted(result.model.node_ids() | {e.source for e in result.model.edges}
                   | {e.target for e in result.model.edges})
    if node not in known:
        close = difflib.get_close_matches(node, known, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see the services in report.html"
        raise UserError(f"--focus {node}: no such node in the graph", hint)
    return Focus(node=node, depth=depth)
