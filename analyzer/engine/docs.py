"""Regenerate docs/rules.md: `python -m analyzer.engine.docs > docs/rules.md`."""

from __future__ import annotations

import sys

from analyzer.engine.builtin import load_builtin_rules
from analyzer.engine.describe import rules_markdown


def main() -> None:
    rules, _ = load_builtin_rules()
    sys.stdout.write(rules_markdown(rules))


if __name__ == "__main__":
    main()
