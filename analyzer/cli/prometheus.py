"""`archgov prometheus snapshot` and the runtime options of `archgov audit`.

`--prometheus URL|FILE` reads a live server or a snapshot file, `--window` sets the range
(default 7d, or `prometheus.window` in archgov.yml), `--verbose` prints what was asked.
Credentials come only from ARCHGOV_PROMETHEUS_TOKEN or ARCHGOV_PROMETHEUS_USER/PASSWORD.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from analyzer.cli.app import debug_option, handle_errors, main, not_empty
from analyzer.cli.common import config_option, emit, load_settings, print_diagnostics
from analyzer.errors import UserError

PROMETHEUS_HELP = ("Prometheus to read runtime traffic from: a server URL "
                   "(http[s]://host:9090; credentials from ARCHGOV_PROMETHEUS_TOKEN or "
                   "ARCHGOV_PROMETHEUS_USER/PASSWORD) or a snapshot file.")
WINDOW_HELP = "Time range of the runtime facts, e.g. 6h, 7d, 2w (default: 7d or the config)."


def runtime_flags(f):
    f = click.option("--verbose", "-v", is_flag=True,
                     help="Also print the Prometheus queries made and the presets used.")(f)
    f = click.option("--window", metavar="DURATION", callback=not_empty, help=WINDOW_HELP)(f)
    return click.option("--prometheus", metavar="URL|FILE", callback=not_empty,
                        help=PROMETHEUS_HELP)(f)


def with_runtime(settings, prometheus: str | None, window: str | None):
    """Settings with --prometheus and --window applied (CLI > config > defaults)."""
    from analyzer.ingest.runtime import is_url
    from analyzer.ingest.runtime.window import BadWindow, parse_duration

    update = {}
    if prometheus is not None:
        if not is_url(prometheus) and not Path(prometheus).is_file():
            raise UserError(f"--prometheus {prometheus}: no such file, and not an http(s) URL",
                            "pass a server URL like http://prometheus:9090 or a snapshot file "
                            "written by `archgov prometheus snapshot`")
        update["url"] = prometheus
    if window is not None:
        try:
            parse_duration(window)
        except BadWindow as err:
            raise UserError(f"--window: {err}", "pass a duration like 30m, 6h, 7d or 2w") from err
        update["window"] = window
    if not update:
        return settings
    return dataclasses.replace(settings, prometheus=settings.prometheus.model_copy(update=update))


def print_runtime(result) -> None:
    """One line per runtime source: queries, presets and what was found."""
    for source in result.model.runtime_sources:
        presets = ", ".join(source.presets) or "none"
        click.echo(f"prometheus: {source.queries} queries to {source.source} over "
                   f"{source.window} (presets: {presets}); {len(result.model.runtime_edges)} "
                   f"observed edges, {len(result.model.runtime_services)} services with RED "
                   "metrics")


@main.group()
def prometheus() -> None:
    """Capture what an audit needs from a live Prometheus, to audit offline later."""


@prometheus.command()
@click.option("--url", required=True, callback=not_empty, help="The Prometheus server's base URL.")
@click.option("--window", callback=not_empty, help=WINDOW_HELP)
@click.option("--output", "-o", required=True, callback=not_empty,
              help="Snapshot file to write ('-': stdout).")
@config_option("Config file you trust for `prometheus:` (preset, custom queries, timeouts).")
@debug_option
@handle_errors
def snapshot(url, window, output, config):
    """Ask a live server the audit's queries and write the answers as a snapshot file.

    `archgov audit PATH --prometheus FILE` then gives the findings the live audit gave.
    """
    from analyzer.ingest.runtime import capture_snapshot, is_url

    if not is_url(url):
        raise UserError(f"--url {url}: not an http(s) URL", "pass e.g. http://prometheus:9090")
    settings = with_runtime(load_settings(config, [Path.cwd()]), url, window)
    text, seen = capture_snapshot(settings.prometheus)
    print_diagnostics(seen.diagnostics)
    emit(text, output)
    if output != "-":
        click.echo(f"wrote {output}: presets {', '.join(seen.presets) or 'none'}")
