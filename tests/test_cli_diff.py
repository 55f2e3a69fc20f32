"""`archgov diff` on a real git repository: a commit that adds an edge closing a cycle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main

BASE_COMPOSE = """\
services:
  web:
    image: shop/web:1.0
    ports: ["8080:8080"]
    environment:
      ORDERS_URL: http://orders:8080
  orders:
    image: shop/orders:1.0
    environment:
      PAYMENTS_URL: http://payments:8080
  payments:
    image: shop/payments:1.0
"""
CYCLE = """\
    environment:
      ORDERS_URL: http://orders:8080
"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: web -> orders -> payments; HEAD: payments -> orders too (a cycle)."""
    root = tmp_path / "shop"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "dev@example.com")
    _git(root, "config", "user.name", "Dev")
    (root / "docker-compose.yml").write_text(BASE_COMPOSE, encoding="utf-8")
    (root / "archgov.yml").write_text("packs: {readiness: {enabled: false}}\n")  # graph only
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "three services")
    _git(root, "tag", "base")
    (root / "docker-compose.yml").write_text(BASE_COMPOSE + CYCLE, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "payments calls orders back")
    return root


def _diff(*args: str):
    return CliRunner().invoke(main, ["diff", "--no-cache", *args])


def test_pr_comment_shows_the_new_edge_cycle_and_finding(repo):
    result = _diff("--base", "base", str(repo))
    assert result.exit_code == 1, result.output  # a new error-level finding fails the gate
    text = result.stdout
    assert text.startswith("<!-- archgov -->\n")
    assert "1 new cycle; 1 edge added, 0 removed" in text.splitlines()[3]
    assert "| payments | orders | http | docker-compose.yml:14 (manifest) |" in text
    assert "- orders → payments → orders" in text
    assert "| error | no-service-cycles |" in text
    assert "```mermaid" in text
    assert result.stderr.splitlines() == [
        "archgov: base -> working tree: 1 new, 0 fixed, 1 unchanged findings; 1 edges added, "
        "0 removed; 1 new cycles"]


def test_the_base_worktree_is_removed_and_the_checkout_untouched(repo):
    before = _git(repo, "status", "--porcelain"), _git(repo, "rev-parse", "HEAD")
    assert _diff("--base", "base", "--fail-on", "never", str(repo)).exit_code == 0
    assert (_git(repo, "status", "--porcelain"), _git(repo, "rev-parse", "HEAD")) == before
    assert len(_git(repo, "worktree", "list").splitlines()) == 1


def test_json_between_two_refs(repo):
    (repo / "docker-compose.yml").write_text(BASE_COMPOSE, encoding="utf-8")  # dirty tree ignored
    result = _diff("--base", "base", "--head", "HEAD", "--format", "json", "--fail-on", "never",
                   str(repo))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(e["source"], e["target"]) for e in doc["added_edges"]] == [("payments", "orders")]
    assert doc["new_cycles"] == [["orders", "payments"]]
    assert (doc["base"], doc["head"]) == ("base", "HEAD")
    assert [f["rule_id"] for f in doc["new_findings"]] == ["no-service-cycles"]


def test_base_facts_saved_by_an_earlier_scan(repo, tmp_path):
    _git(repo, "checkout", "-q", "base")
    facts = tmp_path / "base-facts.json"
    assert CliRunner().invoke(main, ["scan", str(repo), "--no-cache", "-o", str(facts)]).exit_code == 0
    _git(repo, "checkout", "-q", "main")
    result = _diff("--base-facts", str(facts), "--format", "json", str(repo))
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["added_edges"]) == 1


def test_a_path_added_by_the_change_has_an_empty_base(repo):
    (repo / "extra").mkdir()
    (repo / "extra" / "docker-compose.yml").write_text(BASE_COMPOSE, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "extra system")
    result = _diff("--base", "base", "--format", "json", "--fail-on", "never", str(repo / "extra"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added_services"] == ["orders", "payments", "web"]


@pytest.mark.parametrize("args, message", [
    (["--base", "no-such-branch"], "archgov: error: unknown git ref 'no-such-branch' in "),
    (["--base", "--upload-pack=x"], "archgov: error: invalid git ref '--upload-pack=x'"),
    ([], "archgov: error: archgov diff needs exactly one of --base REF and --base-facts FILE"),
])
def test_bad_refs_are_one_line_exit_2(repo, args, message):
    result = _diff(*args, str(repo))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith(message)


def test_a_folder_outside_git_is_one_line_exit_2(tmp_path):
    (tmp_path / "docker-compose.yml").write_text(BASE_COMPOSE, encoding="utf-8")
    result = _diff("--base", "main", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"archgov: error: {tmp_path}: not inside a git repository: run archgov diff in a git "
        "checkout, or pass --base-facts FILE"]


def test_as_a_subprocess(repo):
    proc = subprocess.run([sys.executable, "-m", "analyzer", "diff", "--base", "base", "--no-cache",
                           "--fail-on", "never", "-o", str(repo.parent / "comment.md"), "."],
                          cwd=repo, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (repo.parent / "comment.md").read_text(encoding="utf-8").startswith("<!-- archgov -->")


def test_paths_in_several_repositories_each_use_their_own_ref(tmp_path):
    deploy, payments = tmp_path / "deploy", tmp_path / "payments"
    for root, text in ((deploy, BASE_COMPOSE.split("  payments:")[0]),
                       (payments, "services:\n  payments:\n    image: shop/payments:1.0\n")):
        root.mkdir()
        _git(root, "init", "-q", "-b", "main")
        _git(root, "config", "user.email", "dev@example.com")
        _git(root, "config", "user.name", "Dev")
        (root / "docker-compose.yml").write_text(text, encoding="utf-8")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "first")
        _git(root, "tag", "base")
    (payments / "docker-compose.yml").write_text(
        "services:\n  payments:\n    image: shop/payments:1.0\n" + CYCLE, encoding="utf-8")
    _git(payments, "commit", "-q", "-am", "payments calls orders")
    result = _diff("--base", "base", "--format", "json", "--fail-on", "never", str(deploy), str(payments))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(e["source"], e["target"]) for e in doc["added_edges"]] == [("payments", "orders")]
    assert doc["added_services"] == [] and doc["new_cycles"] == [["orders", "payments"]]
    for root in (deploy, payments):
        assert len(_git(root, "worktree", "list").splitlines()) == 1
