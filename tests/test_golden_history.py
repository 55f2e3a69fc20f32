"""Golden test: the ledger history fixture (fixtures/history) against its expected.yaml.

The repository is built into a temporary folder from history.yaml, scanned and audited;
expected.yaml states the planted facts: totals equal to git's own numstat, per-service
revisions, one change-coupled pair (the lockstep bump and the bot do not couple), the
hotspot, a moved file, and a file untouched for two years.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml

from analyzer.analysis.history import coupled_pairs, file_stats, service_stats
from analyzer.analysis.hotspots import file_hotspots, service_hotspots
from analyzer.config import Settings
from analyzer.ingest.options import ScanOptions
from analyzer.pipeline import run_audit

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "history"
OPTIONS = ScanOptions(jobs=1, cache_dir="")


@cache
def _expected() -> dict:
    return yaml.safe_load((FIXTURE / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result(ledger_repo):
    return run_audit([ledger_repo], Settings.default(), OPTIONS)


def test_range_and_totals_equal_git_numstat(result, ledger_repo):
    expected = _expected()
    [repo] = result.model.history_repos
    assert (repo.since, repo.until) == (expected["range"]["since"], expected["range"]["until"])
    for key, value in expected["totals"].items():
        assert getattr(repo, key) == value, key
    added, deleted, commits = _git_numstat(ledger_repo, repo.since)
    assert (repo.commits, repo.lines_added, repo.lines_deleted) == (commits, added, deleted)
    booked = sum(f.added + f.deleted for f in result.model.file_history)
    assert booked < added + deleted  # the bot's lines are in the totals, not in the files


def test_services(result):
    stats = service_stats(result.model).set_index("service")
    for service, values in _expected()["services"].items():
        for key, value in values.items():
            assert stats.loc[service, key] == value, (service, key)


def test_only_the_planted_pair_is_change_coupled(result):
    pairs = coupled_pairs(result.model)
    actual = [([r.service_a, r.service_b], r.shared, r.degree) for r in pairs.itertuples()]
    assert actual == [(p["pair"], p["shared"], p["degree"]) for p in _expected()["coupled_pairs"]]
    findings = [f for f in result.findings if f.rule_id == "change-coupled-services"]
    assert [f.subject for f in findings] == ["billing <-> invoicing"]
    assert "a dependency billing -> invoicing explains it" in findings[0].message


def test_hotspot(result):
    expected = _expected()["hotspot"]
    top = file_hotspots(result.model).iloc[0]
    assert (top.file, top.revisions) == (expected["top_file"], expected["revisions"])
    assert service_hotspots(result.model).iloc[0].service == expected["top_service"]
    found = sorted(f.subject for f in result.findings if f.rule_id == "code-hotspot")
    assert found == expected["findings"]


def test_moved_and_untouched_files(result):
    stats = file_stats(result.model).set_index("file")
    for file, values in _expected()["files"].items():
        for key, value in values.items():
            assert stats.loc[file, key] == value, (file, key)
    assert "services/catalog/catalog/rules.py" not in stats.index  # booked under its new name
    measured = {c.file for c in result.model.complexity}
    for file in _expected()["untouched"]:
        assert file in measured and file not in stats.index
        assert file_hotspots(result.model).set_index("file").loc[file, "revisions"] == 0


def test_no_nested_git_folder_is_committed():
    assert not list(FIXTURE.rglob(".git"))


def _git_numstat(repo: Path, since: str) -> tuple[int, int, int]:
    out = subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "log", "--no-merges",
                          "--numstat", "--no-renames", "--format=%x01", f"--since={since}"],
                         cwd=repo, capture_output=True, text=True, check=True).stdout
    added = deleted = 0
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            added += int(parts[0]) if parts[0].isdigit() else 0
            deleted += int(parts[1]) if parts[1].isdigit() else 0
    return added, deleted, out.count("\x01")
