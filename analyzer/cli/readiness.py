"""`archgov readiness PATH...`: the service x check scorecard, and a gate on its score."""

from __future__ import annotations

import sys

import click

from analyzer.cli.app import debug_option, handle_errors, main
from analyzer.cli.common import emit, load_settings, output_option, paths_of, scan_flags, \
    scan_options_of
from analyzer.errors import ExitCode


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Exit 1 when the overall score (0..100) is below this.")
@output_option
@scan_flags
@debug_option
@handle_errors
def readiness(paths, fmt, min_score, output, config, no_code, no_cache, cache_dir, jobs):
    """Print the readiness scorecard of PATH...: pass/fail per service and check, and scores.

    The checks are the rules of the scorecard packs (default: readiness) whose kinds report
    what they examined; a service a check does not apply to shows `-`.
    """
    from analyzer import pipeline
    from analyzer.report import SCORECARD_RENDERERS

    roots = paths_of(paths)
    settings = load_settings(config, roots)
    result = pipeline.run_audit(roots, settings, scan_options_of(settings, no_code, jobs,
                                                                 no_cache, cache_dir))
    emit(SCORECARD_RENDERERS[fmt](result), output)
    score = result.score()
    if min_score is not None and (score is None or 100 * score < min_score):
        shown = "n/a" if score is None else f"{100 * score:.1f}"
        click.echo(f"archgov: readiness score {shown} is below --min-score {min_score:g}",
                   err=True)
        sys.exit(ExitCode.GATE_FAILED)
    sys.exit(ExitCode.OK)
