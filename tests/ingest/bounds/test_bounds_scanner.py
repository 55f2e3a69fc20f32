"""The code scanner's own bounds: worker count, and no file skipped without saying so."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from analyzer.ingest.code import scanner


class _CountingPool(ProcessPoolExecutor):
    """A real process pool that remembers how many workers it was asked for."""

    asked: list[int] = []

    def __init__(self, max_workers: int) -> None:
        _CountingPool.asked.append(max_workers)
        super().__init__(max_workers=max_workers)


def test_jobs_1000_starts_no_more_workers_than_cpus(system, audit, monkeypatch):
    monkeypatch.setattr(scanner, "ProcessPoolExecutor", _CountingPool)
    _CountingPool.asked.clear()
    files = {f"api/mod{i}.py": f"import requests\nrequests.get('http://web/{i}')\n"
             for i in range(12)}
    done = audit(system(files), "--jobs", "1000")
    assert _CountingPool.asked == [scanner.available_cpus()]
    assert ("api", "web") in done.edges()


def test_available_cpus_is_at_least_one():
    assert 1 <= scanner.available_cpus()


def test_minified_bundle_is_skipped_with_one_diagnostic(system, audit):
    bundle = "fetch('http://web/x');\n" * 5
    done = audit(system({"api/static/app.min.js": bundle,
                         "api/static/long.js": "var a=1;" * 200 + "\n"}))
    skipped = {d["file"]: d["message"] for d in done.diagnostics("code-file-skipped")}
    assert "minified bundle" in skipped["api/static/app.min.js"]
    assert "average line over 500" in skipped["api/static/long.js"]
    assert len(done.diagnostics("code-file-skipped")) == 2
