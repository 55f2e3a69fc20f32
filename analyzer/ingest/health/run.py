"""Measure many files: a content-hash cache first, then every core for what is left.

key = sha256(HEALTH_VERSION + radon and lizard versions + language + file bytes), stored as
small JSON files under `<cache>/health/` beside the code-extraction cache (the same folder
rules: `ScanOptions.cache_dir`, "" disables it). A corrupt or unwritable entry is a miss.
Results come back in input order, so the output does not depend on scheduling.
"""

from __future__ import annotations

import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from analyzer.ingest.code.cache import cache_key, open_cache
from analyzer.ingest.health.other_lizard import measure_lizard
from analyzer.ingest.health.python_radon import Unparsable, measure_python
from analyzer.ingest.workers import worker_count
from analyzer.model.history import FunctionComplexity

HEALTH_VERSION = "2"  # 2: Python files also carry their dead-code candidates
PARALLEL_FROM = 16  # files: below this a process pool costs more than it saves

Outcome = tuple[dict | None, str | None, int | None]  # (fields, problem, problem line)


def measure_all(items: list[tuple[str, str, bytes]], cache_dir: str | None,
                jobs: int = 0) -> list[Outcome]:
    """The outcome for each (language, rel, data), in order; `data` is UTF-8 text."""
    cache = _Cache(open_cache(cache_dir).directory)
    keys = [cache_key(_version(), language, data) for language, _rel, data in items]
    outcomes: list[Outcome | None] = [cache.get(key) for key in keys]
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    work = [(items[i][0], items[i][1], items[i][2].decode("utf-8")) for i in todo]
    workers = worker_count(jobs)
    if workers > 1 and len(work) >= PARALLEL_FROM:
        chunk = max(1, min(64, len(work) // (workers * 4)))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(measure_one, work, chunksize=chunk))
    else:
        results = [measure_one(item) for item in work]
    for i, outcome in zip(todo, results):
        outcomes[i] = outcome
        cache.put(keys[i], outcome)
    return [o if o is not None else (None, "not measured", None) for o in outcomes]


def measure_one(item: tuple[str, str, str]) -> Outcome:
    """Measure one (language, rel, text); a problem is returned, never raised."""
    language, rel, text = item
    try:
        fields = measure_python(text, rel) if language == "python" else measure_lizard(text, rel)
    except Unparsable as err:
        return None, str(err), err.line
    fields["functions"] = [f.model_dump() for f in fields["functions"]]
    return fields, None, None


def fields_of(outcome_fields: dict) -> dict:
    """FileComplexity keyword arguments from a measured (or cached) outcome."""
    fields = {k: v for k, v in outcome_fields.items() if k != "dead"}
    return {**fields, "functions": [FunctionComplexity(**f) for f in fields["functions"]]}


class _Cache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory / "health" if directory is not None else None

    def get(self, key: str) -> Outcome | None:
        if self.directory is None:
            return None
        try:
            data = json.loads((self.directory / key[:2] / f"{key}.json").read_text("utf-8"))
            fields, problem, line = data
            if not (fields is None or isinstance(fields, dict)):
                return None
            return fields, problem, line
        except (OSError, ValueError, TypeError):
            return None

    def put(self, key: str, outcome: Outcome) -> None:
        if self.directory is None:
            return
        folder = self.directory / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(list(outcome), out, separators=(",", ":"))
            os.replace(tmp, folder / f"{key}.json")
        except OSError:
            return  # a read-only or full cache only costs speed


@lru_cache(maxsize=1)
def _version() -> str:
    parts = [HEALTH_VERSION]
    for package in ("radon", "lizard", "vulture"):
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=?")
    return ";".join(parts)
