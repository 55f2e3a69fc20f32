"""The service graph as SVG, always: Graphviz when it can, archgov's own layout otherwise.

Graphviz `dot` draws the graph while it is small enough (`GraphLimits`, the `graph:` block
of archgov.yml) and finishes within its timeout; past the limits, without `dot`, or when
`dot` times out or fails, the built-in layout draws it and the `Drawing` says why. A
failure is remembered for the same graph and the same `dot`, so report.html and graph.svg
do not each wait for the same timeout.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from analyzer.report.dot import render_dot
from analyzer.report.graphview import GraphView
from analyzer.report.svg import (GraphvizError, GraphvizTimeout, GraphvizUnavailable,
                                 dot_executable, render_svg)
from analyzer.report.svg_builtin import render_builtin_svg

BUILTIN = "archgov's built-in layout drew the graph"
MISSING_NOTE = (f"Graphviz 'dot' not found: {BUILTIN}; install Graphviz for its layout "
                "(apt-get install graphviz)")
_FAILED: dict[tuple[str, str, float], str] = {}  # (dot, graph digest, timeout) -> note
_REMEMBERED = 32


class GraphLimits(BaseModel):
    """When Graphviz lays the graph out (archgov.yml `graph:`); above them the built-in layout does."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_dot_nodes: int = Field(default=300, ge=0)
    max_dot_edges: int = Field(default=250, ge=0)
    timeout_seconds: float = Field(default=60.0, gt=0)


@dataclass(frozen=True)
class Drawing:
    """An SVG document and, when Graphviz did not draw it, why (`note`).

    `warn` marks notes about a problem to print (no `dot`, a timeout, a failure), as opposed
    to a graph that is simply above the configured limits.
    """

    svg: str
    note: str | None = None
    warn: bool = False


def draw(view: GraphView, *, links: bool = False, limits: GraphLimits | None = None) -> Drawing:
    """`view` as SVG; `links` points nodes at their section of report.html."""
    limits = limits or GraphLimits()
    nodes, edges = len(view.nodes), len(view.edges)
    if nodes > limits.max_dot_nodes or edges > limits.max_dot_edges:
        note = (f"The graph has {nodes} nodes and {edges} edges, more than Graphviz is asked to "
                f"lay out (graph: max_dot_nodes {limits.max_dot_nodes}, max_dot_edges "
                f"{limits.max_dot_edges} in archgov.yml): {BUILTIN}")
        return _builtin(view, links, note, warn=False)
    exe = dot_executable()
    if exe is None:
        return _builtin(view, links, MISSING_NOTE, warn=True)
    key = (exe, hashlib.sha256(render_dot(view).encode()).hexdigest(), limits.timeout_seconds)
    if key in _FAILED:
        return _builtin(view, links, _FAILED[key], warn=True)
    try:
        return Drawing(svg=render_svg(render_dot(view, links=links), timeout=limits.timeout_seconds))
    except GraphvizTimeout as err:
        note = (f"{err} (graph: timeout_seconds in archgov.yml): its drawing was skipped and "
                f"{BUILTIN}")
    except GraphvizUnavailable:  # removed between the look-up and the run
        return _builtin(view, links, MISSING_NOTE, warn=True)
    except GraphvizError as err:
        note = f"{err}: {BUILTIN}"
    if len(_FAILED) >= _REMEMBERED:
        _FAILED.clear()
    _FAILED[key] = note
    return _builtin(view, links, note, warn=True)


def _builtin(view: GraphView, links: bool, note: str, *, warn: bool) -> Drawing:
    return Drawing(svg=render_builtin_svg(view, links=links, comment=note), note=note, warn=warn)
