"""`archgov diff`: what a change does to the architecture, as a pull-request comment."""

from __future__ import annotations

import sys

import click

from analyzer.cli.app import debug_option, handle_errors, main, not_empty
from analyzer.cli.common import emit, load_settings, output_option, paths_of, scan_flags, scan_options_of
from analyzer.errors import ExitCode, UserError


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--base", metavar="REF", help="Git ref the change starts from (e.g. origin/main).")
@click.option("--head", metavar="REF", help="Git ref of the change (default: the working tree).")
@click.option("--base-facts", metavar="FILE", callback=not_empty,
              help="Facts saved by an earlier `archgov scan` (or an audit's facts.json) "
                   "instead of checking out --base.")
@click.option("--format", "-f", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="Markdown for a PR comment, or the same diff as JSON.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]),
              help="Exit 1 when a NEW finding is at or above this severity (default: error, "
                   "or the config).")
@output_option
@scan_flags
@debug_option
@handle_errors
def diff(paths, base, head, base_facts, fmt, fail_on, output, config, no_code, no_cache,
         cache_dir, jobs):
    """Compare the architecture at --base with --head (or the working tree) for PATH...

    Both revisions are judged with the same configuration (the head's). The base is checked
    out in a temporary git worktree, removed afterwards; nothing in your checkout changes.
    PATHs in several repositories (a deploy repo and one repo per service) each use REF of
    their own repository.

    \b
    Examples:
      archgov diff --base origin/main > comment.md
      archgov diff --base v1.4 --head v1.5 deploy/ --format json
      archgov diff --base-facts main-facts.json --fail-on warning
    """
    from analyzer import pipeline, revisions
    from analyzer.analysis.diff import diff_results
    from analyzer.ingest.facts_file import read_facts_files
    from analyzer.report.diff_markdown import render_diff_markdown

    if (base is None) == (base_facts is None):
        raise UserError("archgov diff needs exactly one of --base REF and --base-facts FILE",
                        "pass the ref the change starts from, e.g. --base origin/main")
    roots = paths_of(paths or (".",))
    settings = load_settings(config, roots, fail_on)
    options = scan_options_of(settings, no_code, jobs, no_cache, cache_dir)
    if head is not None:
        head_result = revisions.audit_revision(head, roots, settings, options)
    else:
        head_result = pipeline.run_audit(roots, settings, options)
    if base_facts is not None:
        base_result = pipeline.analyze(read_facts_files(paths_of((base_facts,))), settings)
    else:
        base_result = revisions.audit_revision(base, roots, settings, options)
    change = diff_results(base_result, head_result, base_label=base or base_facts,
                          head_label=head or "working tree")
    emit(change.to_json() if fmt == "json" else render_diff_markdown(change), output)
    click.echo(f"archgov: {change.base} -> {change.head}: {len(change.new_findings)} new, "
               f"{len(change.fixed_findings)} fixed, {len(change.unchanged_findings)} unchanged "
               f"findings; {len(change.added_edges)} edges added, {len(change.removed_edges)} "
               f"removed; {len(change.new_cycles)} new cycles", err=True)
    sys.exit(ExitCode.GATE_FAILED if change.gate_failed(settings.fail_on) else ExitCode.OK)
