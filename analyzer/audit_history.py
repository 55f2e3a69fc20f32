"""The SQLite store of audit runs (`archgov audit --history FILE`), read by `archgov history`.

Each run records when it ran, the commit of each root, the findings per rule and severity,
per-service metrics (coupling, findings, readiness score), the graph size and its edges, so a
scheduled audit shows a trend. The file carries a `schema_version` table: a fresh path gets
the current schema, an older one is migrated in place, a newer one or a database that is not
archgov's is refused with a UserError. Several audits may write at once (a CI matrix sharing
one file): the journal is WAL, writers wait `BUSY_TIMEOUT_MS` for the lock, and each run is
one `BEGIN IMMEDIATE` transaction, so a reader sees whole runs or none.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from analyzer.errors import UserError
from analyzer.model import AuditResult, Severity
from analyzer.model.trend import TrendPoint

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 60_000
FIX = "pass a history file written by `archgov audit --history`, or a new path"

_SCHEMA = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, recorded_at TEXT NOT NULL, archgov_version TEXT,
    services INTEGER NOT NULL, datastores INTEGER NOT NULL DEFAULT 0, edges INTEGER NOT NULL,
    cycles INTEGER NOT NULL DEFAULT 0, error INTEGER NOT NULL DEFAULT 0,
    warning INTEGER NOT NULL DEFAULT 0, info INTEGER NOT NULL DEFAULT 0, score REAL);
CREATE TABLE run_roots (run_id INTEGER NOT NULL REFERENCES runs(id), root TEXT NOT NULL,
    commit_id TEXT, PRIMARY KEY (run_id, root));
CREATE TABLE rule_counts (run_id INTEGER NOT NULL REFERENCES runs(id), rule_id TEXT NOT NULL,
    severity TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (run_id, rule_id, severity));
CREATE TABLE service_metrics (run_id INTEGER NOT NULL REFERENCES runs(id), service TEXT NOT NULL,
    fan_in INTEGER, fan_out INTEGER, instability REAL, sync_depth INTEGER, blast_radius INTEGER,
    findings INTEGER NOT NULL DEFAULT 0, score REAL, PRIMARY KEY (run_id, service));
CREATE TABLE run_edges (run_id INTEGER NOT NULL REFERENCES runs(id), source TEXT NOT NULL,
    target TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (run_id, source, target, kind));
"""

# Version 0 (archgov's first history files): runs(id, recorded_at, services, edges, findings)
# only. Migrating keeps every run; what v0 did not record stays empty.
_MIGRATIONS = {
    0: """
ALTER TABLE runs RENAME TO runs_v0;
{schema}
INSERT INTO runs (id, recorded_at, services, edges, error)
    SELECT id, recorded_at, services, edges, findings FROM runs_v0;
DROP TABLE runs_v0;
""".replace("{schema}", _SCHEMA),
}


def record_run(path: Path, result: AuditResult, roots: list[Path], version: str = "",
               now: datetime | None = None) -> int:
    """Append one run to the history file at `path` (created if new); returns its run id.

    The commit of each root is read from git; without roots (saved facts re-analysed) it is
    the head the history reader recorded for each repository in the facts."""
    recorded = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    if roots:
        commits = {_label(root): _commit_of(root) for root in roots}
    else:
        commits = {repo.path or (result.model.roots or ["."])[0]: repo.head or None
                   for repo in result.model.history_repos}
    with _open(path, create=True) as db, _transaction(db):
        _ensure_schema(db, path)
        return _insert(db, result, recorded, version, commits)


def check_history_file(path: Path) -> None:
    """Refuse, before a long audit, a history path that could not take its run."""
    if path.is_dir():
        raise UserError(f"{path}: is a folder", FIX)
    if path.exists():
        with _open(path, create=False) as db:
            _check_version(db, path)
    elif not path.parent.is_dir():
        raise UserError(f"{path}: its folder does not exist", "create the folder or pass another path")


def read_trend(path: Path, last: int | None = None) -> list[TrendPoint]:
    """The runs in `path`, oldest first (the newest `last` when given)."""
    if not path.is_file():
        raise UserError(f"{path}: no such history file", "record one with `archgov audit --history FILE`")
    with _open(path, create=False) as db:
        version = _check_version(db, path)
        if version is None:
            return []
        if version < SCHEMA_VERSION:
            _migrate(db, path)
        rows = db.execute("SELECT id, recorded_at, services, datastores, edges, cycles, error, "
                          "warning, info, score FROM runs ORDER BY id").fetchall()
        if last is not None:
            rows = rows[-last:] if last > 0 else []
        roots = _grouped(db, "SELECT run_id, root, commit_id FROM run_roots ORDER BY run_id, root")
        rules = _grouped(db, "SELECT run_id, rule_id, SUM(count) FROM rule_counts "
                             "GROUP BY run_id, rule_id ORDER BY run_id, rule_id")
    return [TrendPoint(run=r[0], recorded_at=r[1], services=r[2], datastores=r[3], edges=r[4],
                       cycles=r[5], error=r[6], warning=r[7], info=r[8], score=r[9],
                       commits=roots.get(r[0], {}), rules=rules.get(r[0], {})) for r in rows]


def run_edges(path: Path, run_id: int) -> list[tuple[str, str, str]]:
    """The edges (source, target, kind) recorded for one run."""
    with _open(path, create=False) as db:
        if _check_version(db, path) != SCHEMA_VERSION:
            _migrate(db, path)
        return [tuple(r) for r in db.execute("SELECT source, target, kind FROM run_edges WHERE "
                                             "run_id = ? ORDER BY 1, 2, 3", (run_id,))]


@contextmanager
def _open(path: Path, create: bool) -> Iterator[sqlite3.Connection]:
    if path.is_dir():
        raise UserError(f"{path}: is a folder", FIX)
    if not create and not path.exists():
        raise UserError(f"{path}: no such history file", FIX)
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as err:
        raise UserError(f"{path}: cannot open the history file ({err})", FIX) from err
    with closing(db):
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _check_version(db, path)  # before anything is written: a foreign file stays as it was
            if create:  # WAL is kept in the file: readers need not (and may not be able to) set it
                _use_wal(db)
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        except sqlite3.OperationalError as err:  # locked too long, read-only, disk full
            raise UserError(f"{path}: cannot use the history file ({err})",
                            "check that it is writable and that the disk has space") from err
        except sqlite3.DatabaseError as err:
            raise UserError(f"{path}: not an archgov history file ({err})", FIX) from err


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch the file to WAL once. Changing the journal mode needs the file to itself and
    SQLite does not wait for that (no busy handler), so a second writer starting at the same
    moment retries within the busy timeout instead of failing with "database is locked". A
    file system without WAL support keeps its journal mode (the locks still serialise writers)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL").fetchone()
            return  # WAL now, or a mode this file system keeps: nothing to wait for
        except sqlite3.OperationalError:  # another connection holds the file
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (IMMEDIATE) so concurrent writers queue on the lock."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    with _transaction(db):
        _ensure_schema(db, path)


def _ensure_schema(db: sqlite3.Connection, path: Path) -> None:
    """Create the schema in an empty database, migrate an older one (inside the caller's transaction)."""
    version = _check_version(db, path)
    if version is None:
        for statement in _statements(_SCHEMA):
            db.execute(statement)
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        return
    while version < SCHEMA_VERSION:
        for statement in _statements(_MIGRATIONS[version]):
            db.execute(statement)
        version += 1
        db.execute("UPDATE schema_version SET version = ?", (version,))


def _check_version(db: sqlite3.Connection, path: Path) -> int | None:
    """The file's schema version; None for an empty database; UserError when it is not ours."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if "schema_version" not in tables or "runs" not in tables:
        raise UserError(f"{path}: not an archgov history file (a SQLite database with other tables)", FIX)
    row = db.execute("SELECT version FROM schema_version").fetchone()
    if row is None or not isinstance(row[0], int) or row[0] not in {*_MIGRATIONS, SCHEMA_VERSION}:
        found = "none" if row is None else str(row[0])[:20]
        if row is not None and isinstance(row[0], int) and row[0] > SCHEMA_VERSION:
            raise UserError(f"{path}: history schema_version {found} was written by a newer archgov",
                            "upgrade archgov, or record into a new file")
        raise UserError(f"{path}: not an archgov history file (schema_version {found})", FIX)
    return row[0]


def _insert(db: sqlite3.Connection, result: AuditResult, recorded: str, version: str,
            commits: dict[str, str | None]) -> int:
    model = result.model
    cursor = db.execute(
        "INSERT INTO runs (recorded_at, archgov_version, services, datastores, edges, cycles, "
        "error, warning, info, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (recorded, version, len(model.services), len(model.datastores), len(model.edges),
         len(result.metrics.components), result.count(Severity.ERROR),
         result.count(Severity.WARNING), result.count(Severity.INFO), result.score()))
    run_id = cursor.lastrowid
    db.executemany("INSERT INTO run_roots VALUES (?, ?, ?)",
                   [(run_id, root, commit) for root, commit in sorted(commits.items())])
    counts: dict[tuple[str, str], int] = {}
    per_service: dict[str, int] = {}
    for finding in result.findings:
        key = (finding.rule_id, finding.severity.value)
        counts[key] = counts.get(key, 0) + 1
        per_service[finding.subject] = per_service.get(finding.subject, 0) + 1
    db.executemany("INSERT INTO rule_counts VALUES (?, ?, ?, ?)",
                   [(run_id, rule, sev, n) for (rule, sev), n in sorted(counts.items())])
    db.executemany("INSERT INTO service_metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [(run_id, m.service, m.fan_in, m.fan_out, m.instability, m.sync_depth,
                     m.blast_radius, per_service.get(m.service, 0), result.score(m.service))
                    for m in sorted(result.metrics.services, key=lambda m: m.service)])
    db.executemany("INSERT OR IGNORE INTO run_edges VALUES (?, ?, ?, ?)",
                   [(run_id, e.source, e.target, e.kind.value) for e in model.edges])
    return run_id


def _grouped(db: sqlite3.Connection, query: str) -> dict[int, dict]:
    grouped: dict[int, dict] = {}
    for run_id, key, value in db.execute(query):
        grouped.setdefault(run_id, {})[key] = value
    return grouped


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _label(root: Path) -> str:
    return root.resolve().name or str(root)


def _commit_of(root: Path) -> str | None:
    """The HEAD commit of the repository holding `root`, or None (not git, git missing)."""
    folder = root if root.is_dir() else root.parent
    try:
        done = subprocess.run(["git", "-C", str(folder), "rev-parse", "--verify", "--quiet", "HEAD"],
                              capture_output=True, text=True, timeout=30,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None

