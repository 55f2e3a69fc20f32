"""The built-in rule pack: `rules/` in a checkout, `analyzer/_builtin/rules` in a wheel."""

from __future__ import annotations

from pathlib import Path

from analyzer.engine.loader import load_rules
from analyzer.engine.rule import Rule
from analyzer.model import Diagnostic
from analyzer.model.resources import builtin_dir

__all__ = ["builtin_dir", "builtin_rules_dir", "load_builtin_rules"]


def builtin_rules_dir() -> Path:
    return builtin_dir("rules")


def load_builtin_rules() -> tuple[list[Rule], list[Diagnostic]]:
    return load_rules([builtin_rules_dir()])
