"""SVG of the service graph, laid out by the real Graphviz `dot` binary."""

from __future__ import annotations

import re

import graphviz

GRAPHVIZ_MISSING = ("Graphviz 'dot' not found: install graphviz (apt-get install graphviz) "
                    "to get SVG graphs; everything else was written")


class GraphvizUnavailable(RuntimeError):
    """The `dot` executable is not on PATH; only the SVG outputs are lost."""

    def __init__(self, message: str = GRAPHVIZ_MISSING) -> None:
        super().__init__(message)


def render_svg(dot_source: str) -> str:
    """Lay out `dot_source` with `dot` and return the SVG document (deterministic for one version)."""
    try:
        return graphviz.Source(dot_source).pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound as err:
        raise GraphvizUnavailable() from err


def inline_svg(svg: str) -> str:
    """The `<svg>` element alone, without XML prolog, doctype or comments, for embedding in HTML."""
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    return re.sub(r"<!--.*?-->\n?", "", body, flags=re.S).strip()
