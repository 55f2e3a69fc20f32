"""Write or check the committed JSON Schema of the facts document.

Regenerate after changing a fact type:  python -m analyzer.model.schema docs/facts.schema.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analyzer.model.facts import facts_json_schema


def schema_text() -> str:
    """The schema as canonical, sorted JSON text."""
    return json.dumps(facts_json_schema(), indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path("docs/facts.schema.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
