"""Ask a source the fixed set of queries an audit needs and parse the answers into samples.

One names request finds which presets have data (auto-detection), then each chosen preset's
queries run once each, so the count depends on the presets, never on the number of
services. A failure becomes a Diagnostic; a fatal one (server down, refusing, unauthorized,
timing out) stops the collection after one diagnostic instead of repeating it per query.
Answers are bounded: at most MAX_SERIES series per answer (a diagnostic says when more were
cut), non-finite values dropped, label values capped in length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from analyzer.ingest.runtime.client import QueryFailed
from analyzer.ingest.runtime.presets import PRESETS, RANGE_ROLES, Preset, detection_names
from analyzer.ingest.runtime.sources import Source
from analyzer.model import Diagnostic, Severity

MAX_SERIES = 200_000
MAX_LABEL_CHARS = 253
MAX_LABELS = 64


@dataclass(frozen=True)
class Sample:
    """One series of an answer: its labels and its value (the maximum, for a range query)."""

    labels: dict[str, str]
    value: float


@dataclass
class Observation:
    """What the queries returned, per (preset, role), and what went wrong."""

    samples: dict[tuple[str, str], list[Sample]] = field(default_factory=dict)
    presets: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def collect(source: Source, wanted: list[str], custom: Preset | None = None) -> Observation:
    """Run the queries of the presets in `wanted` ("auto": those with data) on `source`."""
    seen = Observation()
    try:
        present = set(_names(source.names(_name_match())))
    except QueryFailed as failure:
        seen.diagnostics.append(_diagnostic(source, failure, "asking which metrics exist"))
        return seen
    chosen = _choose(source, wanted, present, seen)
    if custom is not None:
        chosen.append(custom)
    for preset in chosen:
        seen.presets.append(preset.name)
        for role in sorted(preset.queries):
            promql = preset.promql(role, source.window.text, source.window.rate_range)
            try:
                data = source.range(promql) if role in RANGE_ROLES else source.instant(promql)
            except QueryFailed as failure:
                seen.diagnostics.append(_diagnostic(source, failure, f"{preset.name} {role}"))
                if failure.fatal:
                    return seen
                continue
            seen.samples[(preset.name, role)] = _samples(data, source, f"{preset.name} {role}",
                                                         seen.diagnostics)
    return seen


def _choose(source: Source, wanted: list[str], present: set[str], seen: Observation
            ) -> list[Preset]:
    detected = [p for p in PRESETS.values() if present & set(p.detect)]
    if "auto" in wanted:
        if not detected and "custom" not in wanted:
            seen.diagnostics.append(_warning(source, "prometheus-no-data", (
                f"no metrics of a known preset in the window {source.window.text} (looked for "
                f"{', '.join(detection_names())}); set prometheus.preset or prometheus.custom")))
        return detected
    chosen = []
    for name in wanted:
        preset = PRESETS.get(name)
        if preset is None:
            continue  # "custom": added by the caller
        if present & set(preset.detect):
            chosen.append(preset)
        else:
            seen.diagnostics.append(_warning(source, "prometheus-preset-absent", (
                f"preset {name}: none of its metrics ({', '.join(preset.detect)}) has data in "
                f"the window {source.window.text}; skipped")))
    return chosen


def _name_match() -> str:
    return '{__name__=~"' + "|".join(detection_names()) + '"}'


def _names(data: Any) -> list[str]:
    if not isinstance(data, list):
        raise QueryFailed("prometheus-bad-response", "metric names are not a list")
    return [n for n in data[:MAX_SERIES] if isinstance(n, str)]


def _samples(data: Any, source: Source, what: str, problems: list[Diagnostic]) -> list[Sample]:
    if not isinstance(data, dict) or not isinstance(data.get("result"), list):
        problems.append(_warning(source, "prometheus-bad-response",
                                 f"{what}: answer has no result list; skipped"))
        return []
    result = data["result"]
    if len(result) > MAX_SERIES:
        problems.append(_warning(source, "prometheus-truncated", (
            f"{what}: {len(result)} series, only the first {MAX_SERIES} read (MAX_SERIES)")))
        result = result[:MAX_SERIES]
    samples = []
    for series in result:
        if not isinstance(series, dict) or not isinstance(series.get("metric"), dict):
            continue
        value = _value(series)
        if value is None:
            continue
        labels = {str(k)[:MAX_LABEL_CHARS]: str(v)[:MAX_LABEL_CHARS]
                  for k, v in list(series["metric"].items())[:MAX_LABELS]}
        samples.append(Sample(labels, value))
    return samples


def _value(series: dict) -> float | None:
    points = [series["value"]] if "value" in series else series.get("values")
    best = None
    for point in points if isinstance(points, list) else []:
        try:
            number = float(point[1])
        except (TypeError, ValueError, IndexError):
            continue
        if math.isfinite(number):
            best = number if best is None else max(best, number)
    return best


def _diagnostic(source: Source, failure: QueryFailed, what: str) -> Diagnostic:
    return _warning(source, failure.code, f"Prometheus {what}: {failure.message}")


def _warning(source: Source, code: str, message: str) -> Diagnostic:
    return Diagnostic(severity=Severity.WARNING, code=code, file=source.label, message=message)
