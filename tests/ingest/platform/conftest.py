"""Platform reader tests scan small real trees (no code pass, no cache) and look at facts."""

from __future__ import annotations

import pytest

from analyzer.ingest import ScanOptions, scan
from analyzer.model import Resource, SystemModel


@pytest.fixture
def scan_tree(tree):
    """`scan_tree({...files})` writes the files and returns the scanned SystemModel."""
    return lambda files: scan([tree(files)], ScanOptions(code=False, history=False,
                                                         cache_dir=""))


def kinds(model: SystemModel, kind: str) -> list[Resource]:
    return [r for r in model.resources if r.kind == kind]


def codes(model: SystemModel) -> list[tuple[str, int | None]]:
    return sorted((d.code, d.line) for d in model.diagnostics
                  if d.code not in ("history-not-git", "promtool"))
