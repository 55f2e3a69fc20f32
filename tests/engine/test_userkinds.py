"""User kinds by `module:Class`: imported, checked, registered; every problem is a ValueError."""

from __future__ import annotations

import pytest

from analyzer.engine import KINDS
from analyzer.engine.userkinds import load_kind

MODULE = '''
from analyzer.engine.kinds import Params, RuleKind


class Mine(RuleKind):
    name = "mine"
    description = "Mine."
    subject_kind = "service"
    fields = frozenset({"service"})

    def check(self, ctx, params):
        return []


class Clash(Mine):
    name = "fan-out"


class Incomplete(RuleKind):
    def check(self, ctx, params):
        return []
'''


@pytest.fixture
def module(tmp_path, monkeypatch):
    (tmp_path / "userkinds_fixture.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "userkinds_fixture"
    KINDS.pop("mine", None)


def test_a_valid_kind_is_registered_once(module):
    kind = load_kind(f"{module}:Mine")
    assert KINDS["mine"] is kind
    load_kind(f"{module}:Mine")  # loading the same class again is harmless


@pytest.mark.parametrize(("name", "message"), [
    ("Clash", "uses the kind name 'fan-out', which is already taken"),
    ("Incomplete", "does not set the class attribute 'name'"),
])
def test_bad_classes_are_refused(module, name, message):
    with pytest.raises(ValueError, match=message):
        load_kind(f"{module}:{name}")
    assert type(KINDS["fan-out"]).__name__ == "FanOut"
