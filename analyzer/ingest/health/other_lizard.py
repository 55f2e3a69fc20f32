"""Complexity of Java, Go, JS/TS, C#, C/C++, Kotlin, Ruby, Swift and Lua files through lizard.

lizard tokenises with regular expressions, so a huge or minified file costs time without
telling anything: files with more than MAX_LINES lines, or a line longer than
MAX_LINE_CHARS, are skipped before lizard sees them.
"""

from __future__ import annotations

from lizard import analyze_file

from analyzer.ingest.health.python_radon import Unparsable
from analyzer.model.history import FunctionComplexity

LANGUAGES = {".java": "java", ".go": "go", ".js": "javascript", ".mjs": "javascript",
             ".cjs": "javascript", ".jsx": "javascript", ".ts": "typescript",
             ".tsx": "typescript", ".cs": "csharp", ".c": "c", ".h": "c", ".cc": "cpp",
             ".cpp": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".kt": "kotlin", ".kts": "kotlin",
             ".rb": "ruby", ".swift": "swift", ".lua": "lua"}
MAX_LINES = 50_000
MAX_LINE_CHARS = 4_000


def measure_lizard(text: str, path: str) -> dict:
    """FileComplexity fields of `text` (the suffix of `path` picks lizard's reader);
    raises Unparsable for files too large or minified, or that lizard fails on."""
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise Unparsable(f"skipped: {lines} lines is over the {MAX_LINES}-line limit")
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_LINE_CHARS:
        raise Unparsable(f"skipped: a {longest}-character line (minified or generated code)")
    try:
        info = analyze_file.analyze_source_code(path, text)
    except (RecursionError, MemoryError) as err:
        raise Unparsable(f"lizard could not read it ({type(err).__name__})") from err
    except Exception as err:  # noqa: BLE001 - a lizard bug on one file must not stop the scan
        raise Unparsable(f"lizard could not read it: {type(err).__name__}: {err}") from err
    functions = [FunctionComplexity(name=f.name, line=f.start_line,
                                    cyclomatic=f.cyclomatic_complexity, nloc=f.nloc)
                 for f in info.function_list]
    return {"loc": lines if text else 0, "nloc": info.nloc,
            "cyclomatic": sum(f.cyclomatic for f in functions),
            "max_cyclomatic": max((f.cyclomatic for f in functions), default=0),
            "maintainability": None, "functions": functions}
