"""Per-file budgets of symbolic string evaluation, and the problems a file gets when one trips.

Extractors evaluate string expressions statically (constants, `+`, format calls). Hostile or
generated code can make that cost grow with the square of the file (`u2 = u1 + "/p"` for
40,000 lines) or recurse as deep as the code nests. These caps keep every file linear and
shallow: a value past a cap is unknown, the extraction goes on, and the file gets one
problem per cap that tripped (`code-value-capped`), so nothing is lost silently.
State is per thread and reset by `scanner.extract_text` around each file.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from analyzer.ingest.code.facts import ParseProblem

# Characters of one evaluated string; a URL or DSN is far shorter, so a longer value is
# treated as unknown rather than built (building it is what grows quadratically).
MAX_VALUE_CHARS = 4096
# Evaluation steps (one per expression evaluated) for one file: ~100x what a large real
# source file needs; past it every further value is unknown.
MAX_EVAL_STEPS = 200_000
# Nested evaluations (an identifier's binding's operand's ...) before a value is unknown;
# keeps evaluation far from Python's recursion limit.
MAX_EVAL_DEPTH = 100
# Ancestors an upward search (enclosing function, class, declaration) visits; real code
# nests far less, and each step is a lookup, so a deep file stays linear.
MAX_ANCESTORS = 256

_MESSAGES = {
    "length": f"strings longer than {MAX_VALUE_CHARS} characters were not evaluated "
              f"(MAX_VALUE_CHARS); facts that depend on them are missing",
    "steps": f"string evaluation stopped after {MAX_EVAL_STEPS} steps (MAX_EVAL_STEPS); "
             f"later values are unknown",
    "depth": f"expressions nested more than {MAX_EVAL_DEPTH} levels were not evaluated "
             f"(MAX_EVAL_DEPTH)",
    "ancestors": f"syntax nested more than {MAX_ANCESTORS} levels: enclosing functions and "
                 f"classes above that were not searched (MAX_ANCESTORS)",
}
F = TypeVar("F", bound=Callable[..., Any])


class _State(threading.local):
    def __init__(self) -> None:
        self.steps = 0
        self.depth = 0
        self.tripped: set[str] = set()


_state = _State()


def reset() -> None:
    """Start a new file's budget."""
    _state.steps, _state.depth = 0, 0
    _state.tripped = set()


def problems() -> list[ParseProblem]:
    """One problem per cap that tripped since `reset`, in a fixed order."""
    found = [ParseProblem(None, _MESSAGES[cap], "code-value-capped")
             for cap in ("length", "steps", "depth", "ancestors") if cap in _state.tripped]
    for limit in sorted(int(cap[5:]) for cap in _state.tripped if cap.startswith("nest:")):
        found.append(ParseProblem(None, f"string expressions nested more than {limit} levels "
                                        f"(bindings, operands) were not evaluated",
                                  "code-value-capped"))
    return found


def note(cap: str) -> None:
    """Record that `cap` (a key of the messages above) tripped for the current file."""
    _state.tripped.add(cap)


def too_deep(depth: int, limit: int) -> bool:
    """Whether an extractor's own nesting `limit` is passed at `depth` (and note it)."""
    if depth <= limit:
        return False
    _state.tripped.add(f"nest:{limit}")
    return True


def too_long(*texts: str) -> bool:
    """Whether a value made of `texts` is past MAX_VALUE_CHARS (and note that it was)."""
    if sum(len(t) for t in texts) <= MAX_VALUE_CHARS:
        return False
    _state.tripped.add("length")
    return True


def bounded(unknown: Callable[[], Any] = lambda: None) -> Callable[[F], F]:
    """Decorate an evaluation method: past the step or depth budget it returns `unknown()`."""
    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            state = _state
            if state.depth >= MAX_EVAL_DEPTH:
                state.tripped.add("depth")
                return unknown()
            state.steps += 1
            if state.steps > MAX_EVAL_STEPS:
                state.tripped.add("steps")
                return unknown()
            state.depth += 1
            try:
                return method(*args, **kwargs)
            finally:
                state.depth -= 1
        return wrapper  # type: ignore[return-value]
    return decorate
