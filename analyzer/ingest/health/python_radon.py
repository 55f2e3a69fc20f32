"""Complexity of a Python file through radon: one `ast.parse`, then cc, Halstead, MI and raw.

radon's own `cc_visit` and `mi_visit` each parse the file again; here the tree is parsed
once and handed to radon's AST visitors, and raw metrics come from one tokenize pass.
Nothing is imported or executed: `ast.parse` only builds a tree.
"""

from __future__ import annotations

import ast

from radon.complexity import cc_visit_ast
from radon.metrics import h_visit_ast, mi_compute
from radon.raw import analyze
from radon.visitors import Class, ComplexityVisitor

from analyzer.model.history import FunctionComplexity


class Unparsable(Exception):
    """The tool could not read the file; the message says why (line when known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def measure_python(text: str) -> dict:
    """FileComplexity fields (loc, nloc, cyclomatic, max_cyclomatic, maintainability,
    functions) of Python source `text`; raises Unparsable."""
    try:
        tree = ast.parse(text)
        visitor = ComplexityVisitor.from_ast(tree)
        blocks = cc_visit_ast(tree)
        volume = h_visit_ast(tree).total.volume
        raw = analyze(text)
    except SyntaxError as err:
        raise Unparsable(f"Python syntax error: {err.msg}", err.lineno) from err
    except (RecursionError, MemoryError) as err:
        raise Unparsable(f"too deeply nested to analyse ({type(err).__name__})") from err
    except (ValueError, TypeError) as err:  # tokenize and radon reject odd inputs this way
        raise Unparsable(f"radon could not read it: {err}") from err
    functions = [_function(f"{b.classname}.{b.name}" if b.is_method else b.name, b)
                 for b in blocks if not isinstance(b, Class)]  # methods come as functions
    comments = (raw.comments + raw.multi) / raw.sloc * 100 if raw.sloc else 0.0
    mi = mi_compute(volume, visitor.total_complexity, raw.lloc, comments)
    return {"loc": raw.loc, "nloc": raw.sloc, "cyclomatic": sum(f.cyclomatic for f in functions),
            "max_cyclomatic": max((f.cyclomatic for f in functions), default=0),
            "maintainability": round(float(mi), 2), "functions": functions}


def _function(name: str, block) -> FunctionComplexity:
    nloc = max(0, int(getattr(block, "endline", block.lineno) or block.lineno) - block.lineno + 1)
    return FunctionComplexity(name=name, line=block.lineno, cyclomatic=block.complexity,
                              nloc=nloc)
