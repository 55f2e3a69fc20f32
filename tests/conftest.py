"""Fixtures shared across the test tree: the git history fixture builder."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HISTORY_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "history"


def _load_builder():
    spec = importlib.util.spec_from_file_location("history_fixture_build",
                                                  HISTORY_FIXTURE / "build.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def history_builder():
    """fixtures/history/build.py as a module: `build(dest, spec)`, `write_repository`, ..."""
    return _load_builder()


@pytest.fixture(scope="session")
def ledger_repo(history_builder, tmp_path_factory) -> Path:
    """The ledger sample system (fixtures/history/history.yaml) as a real git repository."""
    return history_builder.build(tmp_path_factory.mktemp("history") / "ledger")
