"""Runtime facts from Prometheus: a live server or a snapshot file, read into the model.

`read_runtime` is the table of contents: open the source (`--prometheus URL|FILE`), ask it
the presets' fixed queries (`collect`), map labels to node ids (`mapping`) and add the
facts and the runtime evidence on edges (`interpret`). Every failure is a Diagnostic and
the rest of the audit goes on; only a usage mistake (a URL with credentials in it, a file
that does not exist) is a UserError. `capture_snapshot` asks the same queries and keeps the
answers (`snapshot`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from analyzer.errors import UserError
from analyzer.ingest.runtime.client import BadUrl, HttpClient
from analyzer.ingest.runtime.collect import Observation, collect
from analyzer.ingest.runtime.interpret import apply_observation
from analyzer.ingest.runtime.mapping import NameMap
from analyzer.ingest.runtime.presets import Preset, custom_preset
from analyzer.ingest.runtime.settings import PrometheusSettings
from analyzer.ingest.runtime.snapshot import BadSnapshot, read_snapshot, snapshot_text
from analyzer.ingest.runtime.sources import LiveSource, Recorder, Source
from analyzer.ingest.runtime.window import BadWindow, iso, window_ending
from analyzer.model import Diagnostic, Severity, SystemModel
from analyzer.model.runtime import RuntimeSource

__all__ = ["PrometheusSettings", "capture_snapshot", "is_url", "read_runtime"]


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def read_runtime(model: SystemModel, settings: PrometheusSettings,
                 environ: Mapping[str, str] | None = None) -> SystemModel:
    """`model` with what the configured Prometheus source (settings.url) says."""
    target = settings.url or ""
    if is_url(target):
        source: Source = live_source(target, settings, environ)
    else:
        try:
            source = read_snapshot(Path(target))
        except BadSnapshot as err:
            problem = Diagnostic(severity=Severity.WARNING, code=err.code, file=target,
                                 message=f"Prometheus snapshot: {err.message}; no runtime facts")
            return model.model_copy(update={"diagnostics": [*model.diagnostics, problem]}
                                    ).normalized()
    seen = collect(source, _wanted(settings), _custom(settings))
    names = NameMap.of(model, settings.aliases, settings.namespaces, settings.strip_versions)
    record = RuntimeSource(source=source.label, window=source.window.text, presets=seen.presets,
                           queries=source.queries, captured_at=iso(source.window.end))
    return apply_observation(model, seen, names, record, _custom(settings))


def capture_snapshot(settings: PrometheusSettings, environ: Mapping[str, str] | None = None
                     ) -> tuple[str, Observation]:
    """The snapshot text of the audit's queries on the live server settings.url."""
    recorder = Recorder(live_source(settings.url or "", settings, environ))
    seen = collect(recorder, _wanted(settings), _custom(settings))
    return snapshot_text(recorder), seen


def live_source(url: str, settings: PrometheusSettings,
                environ: Mapping[str, str] | None = None) -> LiveSource:
    """A live source for the window ending now; UserError for an unusable URL or window."""
    try:
        client = HttpClient(url, timeout=settings.timeout_seconds, retries=settings.retries,
                            ca_file=settings.ca_file,
                            environ=dict(os.environ if environ is None else environ))
        window = window_ending(settings.window, settings.end)
    except BadUrl as err:
        raise UserError(f"--prometheus: {err}", "pass the server's base URL, "
                        "e.g. https://prometheus.example:9090") from err
    except BadWindow as err:
        raise UserError(f"--window: {err}", "pass a duration like 30m, 6h, 7d or 2w") from err
    return LiveSource(client, window)


def _wanted(settings: PrometheusSettings) -> list[str]:
    return list(settings.preset)


def _custom(settings: PrometheusSettings) -> Preset | None:
    if not settings.custom:
        return None
    return custom_preset(settings.custom, settings.labels.labels())
