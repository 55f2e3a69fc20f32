"""The bare parse floor of a corpus: read and parse every code file archgov would extract, once.

Python files go through `ast.parse`, tree-sitter languages through their grammar wheel's
parser (the same wheels archgov uses), everything else archgov extracts (proto, nginx, ...)
is only read. The floor is what any static extractor must pay; archgov's cold scan is
reported as a ratio to it.
"""

from __future__ import annotations

import ast
import importlib
import time
from pathlib import Path

from analyzer.ingest.code import registry
from analyzer.ingest.code.scanner import skip_reason
from analyzer.ingest.files import discover

# archgov language -> (grammar module, factory) by file suffix where it differs
_GRAMMARS = {
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "csharp": ("tree_sitter_c_sharp", "language"),
}
_MAX_BYTES = 2_000_000


def _parsers() -> dict[str, object]:
    import tree_sitter

    out = {}
    for lang, (module, factory) in _GRAMMARS.items():
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        out[lang] = tree_sitter.Parser(tree_sitter.Language(getattr(mod, factory)()))
    return out


def _grammar(language: str, rel: str) -> str:
    if language == "javascript":
        if rel.endswith((".ts", ".mts", ".cts")):
            return "typescript"
        if rel.endswith(".tsx"):
            return "tsx"
    return language


def code_files(root: Path) -> list[tuple[str, Path, str]]:
    """(language, path, rel) of the files under `root` archgov's code scanner would extract."""
    out = []
    for f in discover([root]).files:
        language = registry.language_of(f.rel)
        rel = f.rel.split("/", 1)[1] if "/" in f.rel else f.rel
        if language is None or skip_reason(rel) is not None or f.size > _MAX_BYTES:
            continue
        out.append((language, f.path, f.rel))
    return out


def parse_floor(roots: list[Path]) -> tuple[float, int, int]:
    """Seconds to read and parse every code file under `roots` once; (seconds, files, lines)."""
    parsers = _parsers()
    files = [row for root in roots for row in code_files(root)]
    lines = 0
    start = time.perf_counter()
    for language, path, rel in files:
        data = path.read_bytes()
        lines += data.count(b"\n") + 1
        if language == "python":
            try:
                ast.parse(data.decode("utf-8", errors="replace"))
            except (SyntaxError, ValueError):
                pass
            continue
        parser = parsers.get(_grammar(language, rel))
        if parser is not None:
            parser.parse(data)
    return time.perf_counter() - start, len(files), lines
