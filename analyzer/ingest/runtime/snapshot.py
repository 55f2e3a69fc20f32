"""Snapshot files: the raw answers an audit needs, captured from a live server, replayable.

A snapshot is one JSON document (sorted keys) with a format marker and version, the URL it
was captured from, the window and its end, and per request (`names|instant|range PROMQL`)
the answer's `data` or the failure. Auditing with it replays the same answers through the
same interpretation, so the findings equal those of the live audit at capture time.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from analyzer.ingest.files import SourceFile, read_text
from analyzer.ingest.jsonsafe import JsonProblem, load_json
from analyzer.ingest.runtime.sources import Recorder, Replay
from analyzer.ingest.runtime.window import BadWindow, iso, window_ending

FORMAT = "archgov-prometheus-snapshot"
VERSION = 1
MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024


class BadSnapshot(ValueError):
    """A file that is not a readable snapshot: its diagnostic code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def snapshot_text(recorder: Recorder) -> str:
    """The snapshot document of everything `recorder` was asked."""
    return json.dumps({
        "format": FORMAT, "version": VERSION, "source": recorder.label,
        "window": recorder.window.text, "end": iso(recorder.window.end),
        "queries": recorder.queries, "answers": recorder.answers,
    }, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def read_snapshot(path: Path) -> Replay:
    """A Replay of the snapshot at `path`; BadSnapshot when it cannot be used."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise BadSnapshot("prometheus-snapshot-unreadable", f"cannot be read: {err.strerror}") from None
    text, problem = read_text(SourceFile(root=path.parent, path=path, rel=path.name, size=size),
                              MAX_SNAPSHOT_BYTES)
    if text is None:
        raise BadSnapshot("prometheus-snapshot-unreadable", problem.message if problem else "unreadable")
    try:
        data = load_json(text)
    except JsonProblem as err:
        raise BadSnapshot("prometheus-snapshot-invalid", err.message) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadSnapshot("prometheus-snapshot-invalid",
                          "not an archgov Prometheus snapshot (write one with "
                          "`archgov prometheus snapshot`)")
    if data.get("version") != VERSION:
        raise BadSnapshot("prometheus-snapshot-invalid", f"snapshot version {data.get('version')!r} "
                          f"(this archgov reads {VERSION})")
    try:
        end = datetime.fromisoformat(str(data.get("end")).replace("Z", "+00:00"))
        window = window_ending(str(data.get("window")), end)
    except (ValueError, BadWindow) as err:
        raise BadSnapshot("prometheus-snapshot-invalid", f"bad window or end: {err}") from None
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise BadSnapshot("prometheus-snapshot-invalid", "no answers")
    return Replay(label=str(data.get("source", path.name))[:300], window=window, answers=answers)
