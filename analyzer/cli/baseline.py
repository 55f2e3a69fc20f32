"""`archgov baseline create PATH... -o archgov-baseline.json`: accept today's findings.

The file lists fingerprints (rule id, subject, a line-free salt), so it survives edits that
move lines; `archgov audit --baseline FILE` then fails only on findings not in it.
"""

from __future__ import annotations

import click

from analyzer.cli.app import debug_option, handle_errors, main
from analyzer.cli.common import emit, load_settings, paths_of, scan_flags, scan_options_of


@main.group()
def baseline() -> None:
    """Create baselines of accepted findings."""


@baseline.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", default="archgov-baseline.json", show_default=True,
              help="Baseline file to write ('-': stdout).")
@scan_flags
@debug_option
@handle_errors
def baseline_create(paths, output, config, no_code, no_cache, cache_dir, jobs):
    """Audit PATH... and write the fingerprints of every finding to the baseline file."""
    from analyzer import pipeline
    from analyzer.engine.baseline import baseline_document

    roots = paths_of(paths)
    settings = load_settings(config, roots)
    result = pipeline.run_audit(roots, settings, scan_options_of(settings, no_code, jobs,
                                                                 no_cache, cache_dir))
    emit(baseline_document(result.findings), output)
    if output != "-":
        click.echo(f"wrote {output}: {len(result.findings)} findings baselined")
