"""Where archgov's own data folders (built-in rules, report templates) live.

An installed wheel carries them under `analyzer/_builtin/<name>` (see pyproject's
force-include); a source checkout keeps them at the repository root. Every layer may need
this lookup (the engine for `rules`, reporters for `reports`), so it lives in the model layer.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_dir(name: str) -> Path:
    """The folder of built-in data called `name` ("rules", "reports"), installed or in a checkout."""
    packaged = resources.files("analyzer") / "_builtin" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / name
