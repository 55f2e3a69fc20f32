"""Failure injection for the Graphviz tests: a folder holding a fake `dot` script.

Make the folder the whole PATH with monkeypatch (the real `dot` lives in /usr/bin); the
script, which uses absolute paths only, stands for a `dot` that hangs or fails.
"""

from __future__ import annotations

from pathlib import Path


def fake_dot(folder: Path, body: str) -> Path:
    """`folder` with an executable `dot` shell script running `body`."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "dot"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return folder
