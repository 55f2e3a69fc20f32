"""Helpers for code-extraction tests: write a small tree and describe its services."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analyzer.model import Service, SystemModel


@pytest.fixture
def write(tmp_path: Path):
    def _write(files: dict[str, str]) -> Path:
        for rel, text in files.items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return tmp_path
    return _write


def services_model(*services: Service, **extra) -> SystemModel:
    return SystemModel(services=list(services), **extra)
