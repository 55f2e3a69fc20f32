"""`archgov audit`, `archgov scan` and `archgov analyze`: the pipeline and its seam."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from analyzer.cli.app import debug_option, handle_errors, main
from analyzer.cli.common import (CWD_CONFIG_HELP, FORMAT_HELP, config_option, emit, formats_of,
                                 load_settings, out_option, output_option, paths_of,
                                 print_diagnostics, print_summary, scan_flags, scan_options_of)
from analyzer.errors import ExitCode, UserError


@main.command()
@click.argument("paths", nargs=-1, required=True)
@out_option
@click.option("--format", "-f", "formats", multiple=True, help=FORMAT_HELP)
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]),
              help="Lowest finding severity that fails the gate (default: error, or the config).")
@click.option("--focus", metavar="SVC", help="Open report.html on this node's neighbourhood.")
@click.option("--depth", type=click.IntRange(1, 3), default=1, show_default=True,
              help="Hops in and out of --focus that report.html shows (1..3).")
@scan_flags
@debug_option
@handle_errors
def audit(paths, out_dir, formats, fail_on, focus, depth, config, no_code, no_cache, cache_dir,
          jobs):
    """Scan PATH..., analyse, judge, and write the reports; exit 1 when the gate fails.

    PATH is a monorepo, or a deploy repo followed by one repo per service.
    """
    from analyzer import pipeline

    roots = paths_of(paths)
    settings = load_settings(config, roots, fail_on)
    chosen = formats_of(formats)
    result = pipeline.run_audit(roots, settings, scan_options_of(settings, no_code, jobs, no_cache, cache_dir))
    outcome = pipeline.write_reports(result, Path(out_dir), chosen, graph=settings.graph,
                                     focus=_focus(result, focus, depth))
    print_summary(result, outcome, settings)
    sys.exit(ExitCode.GATE_FAILED if result.gate_failed(settings.fail_on) else ExitCode.OK)


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
@config_option(CWD_CONFIG_HELP)
@debug_option
@handle_errors
def analyze(facts, out_dir, formats, fail_on, config):
    """Analyse one or more saved facts documents (merged) and write the reports."""
    from analyzer import pipeline
    from analyzer.model.merge import IncompatibleModel, merge_models

    from analyzer.model import SystemModel

    models = []
    for name in paths_of(facts):
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
    settings = load_settings(config, [Path.cwd()], fail_on)
    result = pipeline.analyze(model, settings)
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
