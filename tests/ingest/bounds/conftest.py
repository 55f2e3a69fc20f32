"""Hostile-input tests drive the whole audit through the CLI and read what it wrote."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main

COMPOSE = ("services:\n  api:\n    image: shop/api\n    build: ./api\n"
           "  web:\n    image: shop/web\n    build: ./web\n")
WEB = "import requests\nrequests.get('http://api:8080/orders')\n"


@dataclass
class Audit:
    """One finished audit: exit code, output, the facts document and the out folder."""

    exit_code: int
    output: str
    facts: dict
    out: Path

    def diagnostics(self, code: str) -> list[dict]:
        return [d for d in self.facts["diagnostics"] if d["code"] == code]

    def edges(self) -> set[tuple[str, str]]:
        return {(e["source"], e["target"]) for e in self.facts["edges"]}


def run_audit(root: Path, out: Path, *extra: str) -> Audit:
    """`archgov audit root` with every report, no cache; the rest of the audit must finish."""
    result = CliRunner().invoke(main, ["audit", str(root), "--out", str(out), "--no-cache",
                                       "--fail-on", "never", *extra])
    assert "Traceback" not in result.output
    facts_path = out / "facts.json"
    facts = json.loads(facts_path.read_bytes().decode("utf-8")) if facts_path.exists() else {}
    return Audit(result.exit_code, result.output, facts, out)


@pytest.fixture
def system(tree):
    """`system({"api/x.yml": ...})`: a two-service compose system (web calls api) plus files."""
    def make(files: dict[str, str | bytes]) -> Path:
        root = tree({"docker-compose.yml": COMPOSE, "web/app.py": WEB, **files})
        (root / "api").mkdir(parents=True, exist_ok=True)
        return root
    return make


@pytest.fixture
def audit(tmp_path: Path):
    """`audit(root)` runs the CLI into tmp_path/out and asserts the audit completed."""
    def go(root: Path, *extra: str) -> Audit:
        done = run_audit(root, tmp_path / "out", *extra)
        assert done.exit_code == 0, done.output
        assert ("web", "api") in done.edges()  # the rest of the audit still happened
        return done
    return go
