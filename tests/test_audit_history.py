"""The SQLite history of audit runs: schema, migration, concurrent writers, foreign files, CLI."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.audit_history import SCHEMA_VERSION, read_trend, record_run, run_edges
from analyzer.cli import main
from analyzer.errors import UserError
from analyzer.model import (AuditResult, Edge, EdgeKind, Finding, GraphMetrics, Service,
                            ServiceCheck, ServiceMetrics, Severity, SystemModel)

WRITERS, RUNS_EACH = 2, 15


def _result(errors: int = 1, warnings: int = 0) -> AuditResult:
    model = SystemModel(roots=["shop"], services=[Service(id="a"), Service(id="b")],
                        edges=[Edge(source="a", target="b", kind=EdgeKind.HTTP)])
    findings = [Finding(rule_id="r-error", severity=Severity.ERROR, subject="a", subject_kind="service",
                        message="e", fingerprint=f"e{i}") for i in range(errors)]
    findings += [Finding(rule_id="r-warn", severity=Severity.WARNING, subject="b", subject_kind="service",
                         message="w", fingerprint=f"w{i}") for i in range(warnings)]
    metrics = GraphMetrics(services=[ServiceMetrics(service=s, fan_in=0, fan_out=1, instability=1.0,
                                                    sync_depth=1, blast_radius=0) for s in ("a", "b")],
                           components=[["a", "b"]])
    checks = [ServiceCheck(rule_id="probes", service="a", status="pass"),
              ServiceCheck(rule_id="probes", service="b", status="fail")]
    return AuditResult(model=model, metrics=metrics, findings=findings, checks=checks)


def test_a_fresh_path_gets_the_schema_and_runs_are_read_back(tmp_path):
    path = tmp_path / "audits.sqlite"
    when = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    first = record_run(path, _result(errors=2), [tmp_path], now=when)
    second = record_run(path, _result(errors=1, warnings=3), [tmp_path], now=when)
    assert (first, second) == (1, 2)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT service, findings, score FROM service_metrics WHERE run_id = 2 "
                          "ORDER BY service").fetchall() == [("a", 1, 1.0), ("b", 3, 0.0)]
    one, two = read_trend(path)
    assert (one.error, one.warning, two.error, two.warning) == (2, 0, 1, 3)
    assert two.rules == {"r-error": 1, "r-warn": 3} and two.cycles == 1 and two.score == 0.5
    assert two.recorded_at == "2026-03-01T12:00:00+00:00"
    assert two.commits == {tmp_path.name: None}  # not a git repository
    assert run_edges(path, 2) == [("a", "b", "http")]
    assert [p.run for p in read_trend(path, last=1)] == [2]


def test_the_commit_of_each_root_is_recorded(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    for args in (["init", "-q"], ["-c", "user.name=a", "-c", "user.email=a@b", "commit", "-q",
                                  "--allow-empty", "-m", "x"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    record_run(tmp_path / "h.sqlite", _result(), [repo])
    assert read_trend(tmp_path / "h.sqlite")[0].commits == {"repo": head}


def test_a_version_0_file_is_migrated_keeping_its_runs(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version VALUES (0);
            CREATE TABLE runs (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL,
                               services INTEGER, edges INTEGER, findings INTEGER);
            INSERT INTO runs VALUES (1, '2025-01-01T00:00:00+00:00', 7, 12, 4);
        """)
    old = read_trend(path)  # reading migrates
    assert [(p.run, p.services, p.edges, p.error) for p in old] == [(1, 7, 12, 4)]
    assert record_run(path, _result(), []) == 2
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchone() == (SCHEMA_VERSION,)
    assert [p.run for p in read_trend(path)] == [1, 2]


def _write_runs(path: str) -> None:
    for _ in range(RUNS_EACH):
        record_run(Path(path), _result(), [])


def test_two_audits_writing_at_once_do_not_corrupt_the_file(tmp_path):
    path = tmp_path / "shared.sqlite"
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_runs, args=(str(path),)) for _ in range(WRITERS)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
    assert [w.exitcode for w in writers] == [0] * WRITERS
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM run_edges").fetchone() == (WRITERS * RUNS_EACH,)
    runs = read_trend(path)
    assert [p.run for p in runs] == list(range(1, WRITERS * RUNS_EACH + 1))
    assert all(p.rules == {"r-error": 1} for p in runs)  # every run whole


@pytest.mark.parametrize("setup, message", [
    (lambda p: p.write_bytes(b"PK\x03\x04 a zip, not a database" * 40), "not an archgov history file (file is not a database)"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE notes (t TEXT)").connection.commit(),
     "not an archgov history file (a SQLite database with other tables)"),
    (lambda p: _versioned(p, 99), "history schema_version 99 was written by a newer archgov"),
    (lambda p: _versioned(p, "x"), "not an archgov history file (schema_version x)"),
])
def test_a_file_that_is_not_archgovs_is_refused(tmp_path, setup, message):
    path = tmp_path / "h.sqlite"
    setup(path)
    before = path.read_bytes()
    with pytest.raises(UserError) as err:
        record_run(path, _result(), [])
    assert message in err.value.render()
    with pytest.raises(UserError):
        read_trend(path)
    assert path.read_bytes() == before  # never "repaired"


def _versioned(path: Path, version) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE schema_version (version)")
        db.execute("CREATE TABLE runs (id INTEGER)")
        db.execute("INSERT INTO schema_version VALUES (?)", (version,))


def test_cli_records_audits_and_prints_the_trend(tmp_path):
    system = tmp_path / "sys"
    system.mkdir()
    (system / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: w:1\n    environment:\n      API_URL: http://api:80\n"
        "  api:\n    image: a:1\n", encoding="utf-8")
    path = tmp_path / "h.sqlite"
    for _ in range(2):
        result = CliRunner().invoke(main, ["audit", str(system), "--out", str(tmp_path / "out"), "-f",
                                           "findings,html", "--no-cache", "--history", str(path)])
        assert result.exit_code == 0, result.output
    assert "recorded run 2 in" in result.stdout
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    trends = page[page.index('id="trends"'):]
    assert trends[:trends.index("</div>\n    </div>")].count("<polyline") == 3  # this run included
    text = CliRunner().invoke(main, ["history", str(path)]).stdout.splitlines()
    assert text[0].split()[:4] == ["run", "recorded_at", "commit", "services"]
    assert [line.split()[0] for line in text[1:]] == ["1", "2"]
    doc = json.loads(CliRunner().invoke(main, ["history", str(path), "-f", "json"]).stdout)
    assert [(p["run"], p["services"], p["edges"]) for p in doc] == [(1, 2, 1), (2, 2, 1)]
    csv_text = CliRunner().invoke(main, ["history", str(path), "-f", "csv", "--last", "1"]).stdout
    assert csv_text.splitlines()[0].startswith("run,recorded_at,commit,") and len(csv_text.splitlines()) == 2
    svg = CliRunner().invoke(main, ["history", str(path), "-f", "svg"]).stdout
    assert svg.startswith("<svg") and svg.count("<polyline") == 3


def test_cli_refuses_a_foreign_history_file_before_scanning(tmp_path):
    foreign = tmp_path / "notes.sqlite"
    foreign.write_text("hello", encoding="utf-8")
    for args in (["history", str(foreign)],
                 ["audit", str(tmp_path), "--history", str(foreign)],
                 ["history", str(tmp_path / "missing.sqlite")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, args
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("archgov: error: ") and ("not an archgov history file" in line
                                                        or "no such history file" in line)


def test_reading_the_history_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "h.sqlite"
    record_run(path, _result(), [])
    with sqlite3.connect(path) as db:  # fold the WAL back so the file alone holds the runs
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = path.read_bytes()
    assert [p.run for p in read_trend(path)] == [1]
    assert path.read_bytes() == before
