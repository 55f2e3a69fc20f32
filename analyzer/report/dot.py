"""Graphviz DOT source of the service graph, built with `graphviz.Digraph`.

Shapes say what a node is (service box, datastore cylinder coloured by category, other
kinds a distinct shape); edge styles say how it is used; edges inside a strongly connected
component of services are red; edges no manifest or config declares are amber and their
label says where they were seen ("http (code)"). Every label and tooltip is first made
`drawable` (no control characters or lone surrogates, at most 200 characters) and then goes
through `graphviz.escape`, so ids from a scanned repository cannot inject DOT, HTML-like
labels or escape sequences, nor make Graphviz fail.
"""

from __future__ import annotations

import graphviz

from analyzer.report.graphview import (
    DATASTORE, EXTERNAL, SERVICE, TOPIC, UNDECLARED_NOTE, GraphView, Node, ViewEdge, anchor,
)
from analyzer.report.text import drawable

CYCLE_COLOUR = "#d1242f"
UNDECLARED_COLOUR = "#bf8700"
EDGE_COLOUR = "#57606a"
RUNTIME_ONLY_COLOUR = "#8250df"
STATIC_ONLY_COLOUR = "#afb8c1"

_NODE_STYLE = {
    SERVICE: {"shape": "box", "style": "rounded,filled", "fillcolor": "#e8f0fe", "color": "#3b6fd4"},
    DATASTORE: {"shape": "cylinder", "style": "filled"},
    TOPIC: {"shape": "cds", "style": "filled", "fillcolor": "#fff4d6", "color": "#b7791f"},
    EXTERNAL: {"shape": "hexagon", "style": "dashed", "color": "#6e7781"},
}
_DATASTORE_COLOURS = {  # fill, border per category
    "db": ("#e6f4ea", "#2f855a"),
    "cache": ("#fdeaea", "#c05621"),
    "broker": ("#f3e8fd", "#6b46c1"),
    "search": ("#e6f7f8", "#0f766e"),
}
_EDGE_STYLE = {
    "http": {"style": "solid"},
    "grpc": {"style": "bold"},
    "thrift": {"style": "bold"},
    "async": {"style": "dashed"},
    "db": {"style": "dotted"},
    "cache": {"style": "dotted"},
    "depends-on": {"style": "solid", "color": "#8c959f", "fontcolor": "#8c959f"},
}


def render_dot(view: GraphView, *, links: bool = False) -> str:
    """Deterministic DOT source; `links` makes nodes point at their section of report.html."""
    graph = graphviz.Digraph(
        "archgov",
        graph_attr={"rankdir": "LR", "fontname": "Helvetica", "fontsize": "11",
                    "nodesep": "0.35", "ranksep": "0.7", "bgcolor": "transparent"},
        node_attr={"fontname": "Helvetica", "fontsize": "11", "penwidth": "1.2"},
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": EDGE_COLOUR,
                   "fontcolor": EDGE_COLOUR, "arrowsize": "0.7"},
    )
    for node in view.nodes:
        graph.node(node.key, **_escaped(node_attrs(node, links)))
    for edge in view.edges:
        graph.edge(edge.source.key, edge.target.key, **_escaped(edge_attrs(edge)))
    return graph.source


def node_attrs(node: Node, links: bool) -> dict[str, str]:
    """The Graphviz attributes of a node (label and tooltip drawable, not yet DOT-escaped)."""
    attrs = dict(_NODE_STYLE.get(node.kind, _NODE_STYLE[EXTERNAL]))
    if node.kind == DATASTORE:
        fill, border = _DATASTORE_COLOURS.get(node.category or "", ("#f6f8fa", "#57606a"))
        attrs.update(fillcolor=fill, color=border)
    attrs["label"] = drawable(node.id)
    attrs["tooltip"] = node_tooltip(node)
    attrs["id"] = node.key
    if links and node.kind != EXTERNAL:  # undeclared nodes have no section to link to
        attrs["href"] = "#" + anchor(node.id)
    return attrs


def edge_attrs(edge: ViewEdge) -> dict[str, str]:
    """The Graphviz attributes of an edge (label and tooltip drawable, not yet DOT-escaped)."""
    attrs = dict(_EDGE_STYLE.get(edge.kind, {"style": "solid"}))
    if edge.undeclared:
        attrs.update(color=UNDECLARED_COLOUR, fontcolor=UNDECLARED_COLOUR)
    attrs.update(_RUNTIME_STYLE.get(edge.runtime_class or "", {}))
    attrs["label"] = edge_label(edge)
    attrs["tooltip"] = edge_tooltip(edge)
    attrs["id"] = edge_id(edge)
    if edge.cyclic:
        attrs.update(color=CYCLE_COLOUR, fontcolor=CYCLE_COLOUR, penwidth="2")
    return attrs


def node_tooltip(node: Node) -> str:
    """ "orders-db (datastore, postgres)": the name, its kind and technology, drawable."""
    details = [node.kind]
    if node.technology:
        details.append(drawable(node.technology))
    return f"{drawable(node.id)} ({', '.join(details)})"


_RUNTIME_STYLE = {  # with runtime facts: how traffic and declarations agree
    "confirmed": {"penwidth": "1.8"},
    "runtime-only": {"style": "dashed", "color": RUNTIME_ONLY_COLOUR,
                     "fontcolor": RUNTIME_ONLY_COLOUR},
    "static-only": {"color": STATIC_ONLY_COLOUR, "fontcolor": STATIC_ONLY_COLOUR},
}


def edge_label(edge: ViewEdge) -> str:
    """The kind, for an undeclared edge where it was seen ("http (code)"), and for an
    observed edge its traffic ("http 12/s, p95 80 ms")."""
    label = f"{edge.kind} ({edge.undeclared})" if edge.undeclared else edge.kind
    return f"{label} {edge.traffic}" if edge.traffic and edge.traffic_label else label


def edge_tooltip(edge: ViewEdge) -> str:
    """Both ends, the kind and how much evidence; for an undeclared edge, that it is not declared."""
    count = len(edge.evidence)
    noun = "item" if count == 1 else "items"
    tooltip = (f"{drawable(edge.source.id)} -> {drawable(edge.target.id)} [{edge.kind}]: "
               f"{count} evidence {noun}")
    if edge.undeclared:
        tooltip = f"{tooltip}; {edge.undeclared} only, {UNDECLARED_NOTE}"
    if edge.runtime_class:
        tooltip = f"{tooltip}; {edge.runtime_class}" + (f" ({edge.traffic})" if edge.traffic else "")
    return tooltip


def edge_id(edge: ViewEdge) -> str:
    """The element id of an edge in every SVG drawing."""
    return f"e_{edge.source.key}_{edge.target.key}_{edge.kind.replace('-', '_')}"


def _escaped(attrs: dict[str, str]) -> dict[str, str]:
    """Label and tooltip as literal DOT text: `&` too, or Graphviz reads "&amp;" as an entity."""
    return {k: graphviz.escape(v.replace("&", "&amp;")) if k in ("label", "tooltip") else v
            for k, v in attrs.items()}
