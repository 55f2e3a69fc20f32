"""The code scanner's own bounds: worker count, and no file skipped without saying so."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from analyzer.ingest import workers
from analyzer.ingest.code import scanner
from analyzer.ingest.health import run as health_run


class _CountingPool(ProcessPoolExecutor):
    """A real process pool that remembers how many workers it was asked for."""

    asked: list[int] = []

    def __init__(self, max_workers: int) -> None:
        _CountingPool.asked.append(max_workers)
        super().__init__(max_workers=max_workers)


def test_jobs_1000_starts_no_more_workers_than_cpus(system, audit, monkeypatch):
    """Both process pools (code extraction, complexity) are capped, whatever --jobs says."""
    monkeypatch.setattr(scanner, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(health_run, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(workers, "available_cpus", lambda: 2)  # a pool even on a 1-CPU machine
    _CountingPool.asked.clear()
    files = {f"api/mod{i}.py": f"import requests\nrequests.get('http://web/{i}')\n"
             for i in range(20)}
    done = audit(system(files), "--jobs", "1000", "--no-cache")
    assert _CountingPool.asked == [2, 2]  # one pool for extraction, one for complexity
    assert ("api", "web") in done.edges()


def test_worker_count_follows_jobs_under_the_cpu_count():
    cpus = workers.available_cpus()
    assert cpus >= 1
    assert workers.worker_count(0) == cpus and workers.worker_count(10**6) == cpus
    assert workers.worker_count(1) == 1


def test_minified_bundle_is_skipped_with_one_diagnostic(system, audit):
    bundle = "fetch('http://web/x');\n" * 5
    done = audit(system({"api/static/app.min.js": bundle,
                         "api/static/long.js": "var a=1;" * 200 + "\n"}))
    skipped = {d["file"]: d["message"] for d in done.diagnostics("code-file-skipped")}
    assert "minified bundle" in skipped["api/static/app.min.js"]
    assert "average line over 500" in skipped["api/static/long.js"]
    assert len(done.diagnostics("code-file-skipped")) == 2
