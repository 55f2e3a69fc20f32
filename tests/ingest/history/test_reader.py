"""History ingest on small real repositories built by the fixture builder, and on bad input:
a shallow clone, a repository without commits, a folder that is not a repository, git
missing, and a repository whose config asks git to run a command."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from analyzer.analysis.history import change_pairs
from analyzer.ingest import scan
from analyzer.ingest.history.gitlog import parse_log, unquote
from analyzer.ingest.history.reader import is_bot, is_dependency_file
from analyzer.ingest.options import ScanOptions
from analyzer.model.history import ChangeKind

OPTIONS = ScanOptions(jobs=1, cache_dir="")
COMPOSE = ("services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n  c:\n    build: ./c\n")


def _spec(*commits: dict) -> dict:
    return {"authors": {"ann": "Ann <ann@example.com>", "ben": "Ben <ben@example.com>",
                        "bot": "renovate[bot] <bot@example.com>"},
            "default_author": "ann",
            "commits": [{"at": "2026-01-01T00:00:00Z", "message": "init",
                         "write": {"docker-compose.yml": COMPOSE, "a/app.py": "x = 1\n",
                                   "b/app.py": "y = 1\n", "c/app.py": "z = 1\n"}},
                        *commits]}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.hooksPath=/dev/null", *args], cwd=repo,
                          capture_output=True, text=True, check=True).stdout


def test_bots_dependency_only_and_large_commits_are_set_apart(history_builder, tmp_path):
    many = {f"a/gen/f{i}.py": f"v = {i}\n" for i in range(51)}
    repo = history_builder.build(tmp_path / "r", _spec(
        {"at": "2026-01-02T00:00:00Z", "author": "bot", "message": "bump",
         "append": {"a/app.py": "# bot\n", "b/app.py": "# bot\n"}},
        {"at": "2026-01-03T00:00:00Z", "message": "deps",
         "write": {"a/requirements.txt": "x==1\n", "b/package.json": "{}\n",
                   "c/pom.xml": "<project/>\n"}},
        {"at": "2026-01-04T00:00:00Z", "message": "generate", "write": many},
        {"at": "2026-01-05T00:00:00Z", "author": "ben", "message": "ABC-12 both",
         "append": {"a/app.py": "x = 2\n", "b/app.py": "y = 2\n"}}))
    model = scan([repo], OPTIONS)
    [info] = model.history_repos
    assert (info.commits, info.bot_commits, info.dependency_only_commits,
            info.large_commits) == (5, 1, 1, 1)
    kinds = {c.commit: (c.kind, c.services, c.ticket) for c in model.change_sets}
    assert sorted(kinds.values(), key=str) == sorted([
        (ChangeKind.CODE, ["a", "b", "c"], None),
        (ChangeKind.DEPENDENCY_ONLY, ["a", "b", "c"], None),
        (ChangeKind.LARGE, ["a"], None),
        (ChangeKind.CODE, ["a", "b"], "ABC-12")], key=str)
    a_app = next(f for f in model.file_history if f.file == "a/app.py")
    assert (a_app.revisions, a_app.added) == (2, 2)  # the bot's line is not booked
    assert [s.author for s in a_app.authors] == ["Ann", "Ben"]


def test_totals_equal_git_numstat_no_renames_and_moves_follow_the_newest_name(
        history_builder, tmp_path):
    repo = history_builder.build(tmp_path / "r", _spec(
        {"at": "2026-02-01T00:00:00Z", "append": {"a/util.py": "def f():\n    return 1\n"}},
        {"at": "2026-02-02T00:00:00Z", "append": {"a/util.py": "def g():\n    return 2\n"}},
        {"at": "2026-02-03T00:00:00Z", "delete": ["a/util.py"],
         "write": {"a/lib/util.py": "def f():\n    return 1\ndef g():\n    return 2\n"}},
        {"at": "2026-02-04T00:00:00Z", "append": {"a/lib/util.py": "# more\n"}}))
    model = scan([repo], ScanOptions(jobs=1, cache_dir="", since="2025-01-01"))
    [info] = model.history_repos
    numstat = _git(repo, "log", "--no-merges", "--numstat", "--no-renames", "--format=")
    rows = [line.split("\t") for line in numstat.splitlines() if line]
    assert (info.lines_added, info.lines_deleted) == (sum(int(r[0]) for r in rows),
                                                       sum(int(r[1]) for r in rows))
    assert info.commits == 5
    files = {f.file: f for f in model.file_history}
    assert "a/util.py" not in files
    moved = files["a/lib/util.py"]
    assert (moved.revisions, moved.added, moved.deleted) == (4, 9, 4)


def test_since_limits_the_range(history_builder, tmp_path):
    repo = history_builder.build(tmp_path / "r", _spec(
        {"at": "2026-03-01T00:00:00Z", "append": {"a/app.py": "x = 3\n"}}))
    model = scan([repo], ScanOptions(jobs=1, cache_dir="", since="2026-02-01"))
    assert model.history_repos[0].commits == 1
    assert model.history_repos[0].since == "2026-02-01T00:00:00Z"


def test_default_range_is_twelve_months_before_the_newest_commit(history_builder, tmp_path):
    repo = history_builder.build(tmp_path / "r", _spec(
        {"at": "2027-06-01T00:00:00Z", "append": {"a/app.py": "x = 3\n"}}))
    [info] = scan([repo], OPTIONS).history_repos
    assert (info.since, info.until, info.commits) == ("2026-06-01T00:00:00Z",
                                                      "2027-06-01T00:00:00Z", 1)


def test_polyrepo_each_service_repository_is_read_once(history_builder, tmp_path):
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "docker-compose.yml").write_text(
        "services:\n  a:\n    image: x/a\n  b:\n    image: x/b\n", encoding="utf-8")
    for name in ("a", "b"):
        history_builder.build(tmp_path / name, {"default_author": "ann", "commits": [
            {"at": "2026-01-01T00:00:00Z", "message": "LED-1 init",
             "write": {"main.py": "v = 1\n", "requirements.txt": "x==1\n"}}]})
    model = scan([deploy, tmp_path / "a", tmp_path / "b"], OPTIONS)
    assert sorted(r.path for r in model.history_repos) == ["a", "b"]
    assert sorted((c.repo, tuple(c.services)) for c in model.change_sets) == [
        ("a", ("a",)), ("b", ("b",))]
    assert [d.code for d in model.diagnostics if d.code.startswith("history")] == [
        "history-not-git"]  # the deploy folder
    pairs = change_pairs(model)  # the two commits name ticket LED-1: one change
    assert [(r.service_a, r.service_b, r.shared) for r in pairs.itertuples()] == [("a", "b", 1)]


def test_shallow_clone_is_read_with_a_diagnostic(history_builder, tmp_path):
    origin = history_builder.build(tmp_path / "origin", _spec(
        {"at": "2026-01-02T00:00:00Z", "append": {"a/app.py": "x = 2\n"}}))
    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "clone", "-q", "--depth", "1",
                    f"file://{origin}", str(clone)], check=True, capture_output=True)
    model = scan([clone], OPTIONS)
    assert model.history_repos[0].shallow
    assert [d.code for d in model.diagnostics] == ["history-shallow"]


def test_repository_without_commits_and_folder_without_git(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "docker-compose.yml").write_text(COMPOSE, encoding="utf-8")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "docker-compose.yml").write_text(COMPOSE, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(empty)], check=True)
    assert [d.code for d in scan([empty], OPTIONS).diagnostics] == ["history-empty"]
    model = scan([plain], OPTIONS)
    assert [(d.code, d.severity.value) for d in model.diagnostics] == [("history-not-git", "info")]
    assert model.history_repos == [] and model.services


def test_git_missing_is_a_diagnostic(history_builder, tmp_path, monkeypatch):
    import git

    repo = history_builder.build(tmp_path / "r", _spec())
    monkeypatch.setattr(git.cmd.Git, "GIT_PYTHON_GIT_EXECUTABLE", str(tmp_path / "no-git"))
    model = scan([repo], OPTIONS)
    assert [d.code for d in model.diagnostics] == ["history-git-missing"]
    assert model.services and model.history_repos == []


def test_a_corrupt_git_folder_is_a_diagnostic(tmp_path):
    (tmp_path / "r" / ".git").mkdir(parents=True)
    (tmp_path / "r" / "docker-compose.yml").write_text(COMPOSE, encoding="utf-8")
    model = scan([tmp_path / "r"], OPTIONS)
    assert [d.code for d in model.diagnostics] == ["history-unreadable"]


def test_repository_config_cannot_make_git_run_anything(history_builder, tmp_path):
    repo = history_builder.build(tmp_path / "r", _spec(
        {"at": "2026-01-02T00:00:00Z", "write": {".gitattributes": "* diff=evil\n"},
         "append": {"a/app.py": "x = 2\n"}}))
    marker = tmp_path / "PWNED"
    for key in ("diff.evil.textconv", "diff.external", "core.fsmonitor", "gpg.program",
                "core.pager"):
        _git(repo, "config", key, f"touch {marker}")
    _git(repo, "config", "log.showSignature", "true")
    hooks = repo / ".git" / "hooks"
    for hook in ("post-checkout", "pre-commit", "fsmonitor-watchman"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
        (hooks / hook).chmod(0o755)
    model = scan([repo], OPTIONS)
    assert model.history_repos[0].commits == 2
    assert not marker.exists()


def test_a_long_history_streams_without_holding_the_log(history_builder, tmp_path):
    changes = [history_builder.Change(name="Ann", email="ann@example.com",
                                      time=1_760_000_000 + i * 60, message=f"c{i}",
                                      writes={f"a/m{i % 40}.py": f"v = {i}\n",
                                              "docker-compose.yml": COMPOSE})
               for i in range(3000)]
    repo = tmp_path / "long"
    history_builder.write_repository(repo, changes)
    started = time.monotonic()
    model = scan([repo], OPTIONS)
    assert model.history_repos[0].commits == 3000
    assert time.monotonic() - started < 60  # generous: proves no quadratic blow-up


def test_parse_log_reads_binary_quoted_and_summary_lines():
    stream = [b"\x01abc\x001700000000\x00Ann\x00ann@x\x00ABC-1 fix\n", b"\n",
              b"1\t2\ta.py\n", b"-\t-\tlogo.png\n", b'3\t0\t"tab\\there.py"\n',
              b" create mode 100644 \"tab\\there.py\"\n", b" delete mode 100644 old.py\n",
              b"\x01def\x001700000001\x00Ben\x00ben@x\x00second\n"]
    first, second = parse_log(stream)
    assert first.changes == [(1, 2, "a.py"), (None, None, "logo.png"), (3, 0, "tab\there.py")]
    assert (first.created, first.removed) == ({"tab\there.py"}, {"old.py"})
    assert (second.sha, second.author, second.changes) == ("def", "Ben", [])


def test_unquote_and_classifiers():
    assert unquote('"caf\\303\\251.py"') == "café.py"
    assert unquote("plain.py") == "plain.py"
    assert is_bot("dependabot[bot]", "x@y") and is_bot("Renovate Bot", "")
    assert not is_bot("Ann", "ann@example.com")
    for name in ("svc/pom.xml", "build.gradle.kts", "requirements-dev.txt", "x/Api.csproj",
                 "Directory.Packages.props", "go.sum", "pnpm-lock.yaml"):
        assert is_dependency_file(name), name
    assert not is_dependency_file("svc/app.py")
