"""Complexity of a Python file through radon: one `ast.parse`, then cc, Halstead and MI.

radon's own `cc_visit` and `mi_visit` each parse the file again and `radon.raw` tokenises it
(the slowest step by far); here the tree is parsed once and handed to radon's AST visitors,
and the line counts MI needs come from the tree and one scan of the lines: code lines
without blanks, comment-only lines and docstrings; logical lines = statements. MI is radon's
formula (`mi_compute`) over those. Nothing is imported or executed: `ast.parse` only builds
a tree.
"""

from __future__ import annotations

import ast

from radon.metrics import h_visit_ast, mi_compute
from radon.visitors import Class, ComplexityVisitor

from analyzer.ingest.health.python_dead import dead_code_candidates
from analyzer.model.history import FunctionComplexity


class Unparsable(Exception):
    """The tool could not read the file; the message says why (line when known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def measure_python(text: str, rel: str = "") -> dict:
    """FileComplexity fields (loc, nloc, cyclomatic, max_cyclomatic, maintainability,
    functions) of Python source `text`, plus `dead`: its dead-code candidates (see
    `python_dead`), from one parse; raises Unparsable."""
    try:
        tree = ast.parse(text)
        visitor = ComplexityVisitor.from_ast(tree)
        blocks = visitor.blocks  # what cc_visit_ast returns, without a second visit
        volume = h_visit_ast(tree).total.volume
        loc, sloc, comments, lloc = _lines(text, tree)
        dead = dead_code_candidates(tree, text, rel)
    except SyntaxError as err:
        raise Unparsable(f"Python syntax error: {err.msg}", err.lineno) from err
    except (RecursionError, MemoryError) as err:
        raise Unparsable(f"too deeply nested to analyse ({type(err).__name__})") from err
    except (ValueError, TypeError) as err:  # tokenize and radon reject odd inputs this way
        raise Unparsable(f"radon could not read it: {err}") from err
    functions = [_function(f"{b.classname}.{b.name}" if b.is_method else b.name, b)
                 for b in blocks if not isinstance(b, Class)]  # methods come as functions
    percent = comments / sloc * 100 if sloc else 0.0
    mi = mi_compute(volume, visitor.total_complexity, lloc, percent)
    return {"loc": loc, "nloc": sloc, "cyclomatic": sum(f.cyclomatic for f in functions),
            "max_cyclomatic": max((f.cyclomatic for f in functions), default=0),
            "maintainability": round(float(mi), 2), "functions": functions, "dead": dead}


def _lines(text: str, tree: ast.Module) -> tuple[int, int, int, int]:
    """(lines, code lines, comment and docstring lines, statements) of a parsed file."""
    lines = text.splitlines()
    blank = sum(1 for line in lines if not line.strip())
    comment = sum(1 for line in lines if line.lstrip().startswith("#"))
    docstrings = statements = 0
    owners = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    pending: list[tuple[list[ast.stmt], bool]] = [(tree.body, True)]
    while pending:  # statement lists only: expressions are never walked
        body, documented = pending.pop()
        statements += len(body)
        first = body[0] if body else None
        if documented and isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                and isinstance(first.value.value, str):
            docstrings += (first.end_lineno or first.lineno) - first.lineno + 1
        for node in body:
            for name in ("body", "orelse", "finalbody"):
                inner = getattr(node, name, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    pending.append((inner, name == "body" and isinstance(node, owners)))
            for clause in getattr(node, "handlers", None) or getattr(node, "cases", None) or ():
                pending.append((clause.body, False))
    code = max(0, len(lines) - blank - comment - docstrings)
    return len(lines), code, comment + docstrings, statements


def _function(name: str, block) -> FunctionComplexity:
    nloc = max(0, int(getattr(block, "endline", block.lineno) or block.lineno) - block.lineno + 1)
    return FunctionComplexity(name=name, line=block.lineno, cyclomatic=block.complexity,
                              nloc=nloc)
