"""`archgov graph`: the service dependency graph as JSON, DOT, SVG or Mermaid."""

from __future__ import annotations

import click

from analyzer.cli.app import debug_option, handle_errors, main
from analyzer.cli.common import (emit, load_settings, output_option, paths_of, scan_flags,
                                 scan_options_of)
from analyzer.errors import UserError


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["json", "dot", "svg", "mermaid"]),
              default="dot", show_default=True)
@click.option("--focus", help="Show only the neighbourhood of this service.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops around --focus to keep.")
@output_option
@scan_flags
@debug_option
@handle_errors
def graph(paths, fmt, focus, depth, output, config, no_code, no_cache, cache_dir, jobs):
    """Print the service dependency graph of PATH... as JSON (node-link), DOT, SVG or Mermaid."""
    from analyzer import pipeline
    from analyzer.report import graph_output

    roots = paths_of(paths)
    settings = load_settings(config, roots)
    model = pipeline.scan_roots(roots, scan_options_of(settings, no_code, jobs, no_cache, cache_dir))
    if focus and focus not in model.node_ids():
        raise UserError(f"--focus {focus}: no such service",
                        f"choose one of {', '.join(sorted(model.node_ids()))}")
    rendered = graph_output(model, fmt, focus=focus, depth=depth if focus else None,
                            limits=settings.graph)
    for warning in rendered.warnings:
        click.echo(f"archgov: warning: {warning}", err=True)
    emit(rendered.text, output)
