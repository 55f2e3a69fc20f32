"""`archgov history FILE`: the trend of the audit runs recorded with `archgov audit --history`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from analyzer.cli.app import debug_option, handle_errors, main, not_empty
from analyzer.cli.common import emit, output_option

COLUMNS = ("run", "recorded_at", "commit", "services", "datastores", "edges", "cycles",
           "error", "warning", "info", "findings", "change", "score")


@main.command()
@click.argument("file", callback=not_empty)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "csv", "svg"]),
              default="text", show_default=True,
              help="A table, the runs as data, or a chart of findings per severity (SVG).")
@click.option("--last", type=click.IntRange(min=1), help="Only the newest N runs.")
@output_option
@debug_option
@handle_errors
def history(file, fmt, last, output):
    """Print the trend of the audit runs recorded in FILE (oldest first).

    \b
    Examples:
      archgov audit . --history audits.sqlite && archgov history audits.sqlite
      archgov history audits.sqlite --format csv --last 30 > trend.csv
      archgov history audits.sqlite --format svg -o trend.svg
    """
    from analyzer.audit_history import read_trend

    points = read_trend(Path(file), last)
    rows = _rows(points)
    if fmt == "svg":
        from analyzer.report.trend_chart import render_trend_chart

        text = render_trend_chart(points) + "\n"
    elif fmt == "json":
        text = json.dumps([p.model_dump(mode="json") for p in points], indent=2, sort_keys=True) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = _table(rows) if rows else f"{file}: no runs recorded yet\n"
    emit(text, output)


def _rows(points) -> list[dict]:
    rows, previous = [], None
    for point in points:
        commits = sorted(point.commits.items())
        rows.append({
            "run": point.run, "recorded_at": point.recorded_at,
            "commit": " ".join((commit or "-")[:12] for _, commit in commits) or "-",
            "services": point.services, "datastores": point.datastores, "edges": point.edges,
            "cycles": point.cycles, "error": point.error, "warning": point.warning,
            "info": point.info, "findings": point.findings,
            "change": "" if previous is None else f"{point.findings - previous.findings:+d}",
            "score": "" if point.score is None else f"{point.score:.0%}",
        })
        previous = point
    return rows


def _table(rows: list[dict]) -> str:
    """Aligned plain-text columns (numbers right-aligned), stable for logs and diffs."""
    cells = [list(COLUMNS)] + [[str(row[c]) for c in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    left = {"recorded_at", "commit"}
    lines = ["  ".join(value.ljust(w) if COLUMNS[i] in left else value.rjust(w)
                       for i, (value, w) in enumerate(zip(line, widths))).rstrip() for line in cells]
    return "\n".join(lines) + "\n"
