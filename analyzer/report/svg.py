"""SVG of the service graph, laid out by the real Graphviz `dot` binary, with bounds.

`dot` is run as a plain subprocess (the `graphviz` package's `pipe` takes no timeout) with
the DOT source on stdin, a wall-clock timeout and, where the OS allows, a cap on its
address space: a graph Graphviz cannot lay out in time costs a note, never a hung audit.
Every way `dot` can fail raises a `GraphvizError` whose message says what happened; the
caller (`drawing.py`) then draws with the built-in layout.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess

try:
    import resource
except ImportError:  # pragma: no cover - not POSIX: no memory cap
    resource = None  # type: ignore[assignment]

from analyzer.report.text import drawable

DOT_MEMORY_BYTES = 2 * 1024 ** 3  # address-space cap of the dot process
GRAPHVIZ_MISSING = ("Graphviz 'dot' not found: install graphviz (apt-get install graphviz) "
                    "to get SVG graphs; everything else was written")


class GraphvizError(RuntimeError):
    """`dot` could not draw the graph; the message says why."""


class GraphvizUnavailable(GraphvizError):
    """The `dot` executable is not on PATH."""

    def __init__(self, message: str = GRAPHVIZ_MISSING) -> None:
        super().__init__(message)


class GraphvizTimeout(GraphvizError):
    """`dot` ran longer than its timeout and was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"Graphviz 'dot' did not finish within {seconds:g} s")
        self.seconds = seconds


def dot_executable() -> str | None:
    """The `dot` found on PATH now, or None."""
    return shutil.which("dot")


def render_svg(dot_source: str, timeout: float | None = None) -> str:
    """Lay out `dot_source` with `dot` and return the SVG document (deterministic for one version).

    Raises GraphvizUnavailable without `dot`, GraphvizTimeout after `timeout` seconds, and
    GraphvizError when `dot` exits non-zero (for example when it hits the memory cap).
    """
    exe = dot_executable()
    if exe is None:
        raise GraphvizUnavailable()
    try:
        proc = subprocess.Popen(  # noqa: S603 - a fixed argv, the source on stdin
            [exe, "-Kdot", "-Tsvg"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, start_new_session=True,
            preexec_fn=_limit_memory if resource is not None else None)
    except (OSError, subprocess.SubprocessError) as err:
        raise GraphvizError(f"Graphviz 'dot' could not be started: {err}") from err
    with proc:
        try:
            out, err_out = proc.communicate(dot_source.encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired as err:
            _kill_group(proc)
            raise GraphvizTimeout(timeout or 0) from err
    if proc.returncode != 0:
        raise GraphvizError(f"Graphviz 'dot' failed ({_why(proc.returncode, err_out)})")
    return out.decode("utf-8", "replace")


def inline_svg(svg: str) -> str:
    """The `<svg>` element alone, without XML prolog, doctype or comments, for embedding in HTML."""
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    return re.sub(r"<!--.*?-->\n?", "", body, flags=re.S).strip()


def _limit_memory() -> None:  # runs in the child between fork and exec
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = DOT_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(hard, DOT_MEMORY_BYTES)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill `dot` and anything it started (its own session), then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):  # gone, or no killpg
        proc.kill()
    proc.communicate()


def _why(returncode: int, stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    code = f"killed by signal {-returncode}" if returncode < 0 else f"exit {returncode}"
    return f"{code}: {drawable(lines[-1], 160)}" if lines else code
