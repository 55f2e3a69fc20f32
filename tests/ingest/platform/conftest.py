"""Platform reader tests scan small real trees (no code pass, no cache) and look at facts."""

from __future__ import annotations

import pytest

from analyzer.ingest import ScanOptions, scan


@pytest.fixture
def scan_tree(tree):
    """`scan_tree({...files})` writes the files and returns the scanned SystemModel."""
    return lambda files: scan([tree(files)], ScanOptions(code=False, history=False,
                                                         cache_dir=""))
