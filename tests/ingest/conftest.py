"""Shared helpers for ingest tests: write a small file tree into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create `files` (label -> text or bytes) under `root` and return `root`."""
    for label, content in files.items():
        path = root / label
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def tree(tmp_path: Path):
    """`tree({"docker-compose.yml": "..."})` writes the files and returns the root folder."""
    return lambda files, root="repo": write_tree(tmp_path / root, files)
