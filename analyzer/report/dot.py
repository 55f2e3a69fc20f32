"""Graphviz DOT source of the service graph, built with `graphviz.Digraph`.

Shapes say what a node is (service box, datastore cylinder coloured by category, other
kinds a distinct shape); edge styles say how it is used; edges inside a strongly connected
component of services are red; edges no manifest or config declares are amber and their
label says where they were seen ("http (code)"). Every label and tooltip goes through
`graphviz.escape`, so ids from a scanned repository cannot inject DOT, HTML-like labels or
escape sequences.
"""

from __future__ import annotations

import graphviz

from analyzer.report.graphview import (
    DATASTORE, EXTERNAL, SERVICE, TOPIC, UNDECLARED_NOTE, GraphView, Node, ViewEdge, anchor,
)

CYCLE_COLOUR = "#d1242f"
UNDECLARED_COLOUR = "#bf8700"

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
        edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": "#57606a",
                   "fontcolor": "#57606a", "arrowsize": "0.7"},
    )
    for node in view.nodes:
        graph.node(node.key, label=graphviz.escape(node.id), **_node_attrs(node, links))
    for edge in view.edges:
        graph.edge(edge.source.key, edge.target.key, **_edge_attrs(edge))
    return graph.source


def _node_attrs(node: Node, links: bool) -> dict[str, str]:
    attrs = dict(_NODE_STYLE.get(node.kind, _NODE_STYLE[EXTERNAL]))
    if node.kind == DATASTORE:
        fill, border = _DATASTORE_COLOURS.get(node.category or "", ("#f6f8fa", "#57606a"))
        attrs.update(fillcolor=fill, color=border)
    details = [node.kind]
    if node.technology:
        details.append(node.technology)
    attrs["tooltip"] = graphviz.escape(f"{node.id} ({', '.join(details)})")
    attrs["id"] = node.key
    if links and node.kind != EXTERNAL:  # undeclared nodes have no section to link to
        attrs["href"] = "#" + anchor(node.id)
    return attrs


def _edge_attrs(edge: ViewEdge) -> dict[str, str]:
    attrs = dict(_EDGE_STYLE.get(edge.kind, {"style": "solid"}))
    count = len(edge.evidence)
    noun = "item" if count == 1 else "items"
    tooltip = f"{edge.source.id} -> {edge.target.id} [{edge.kind}]: {count} evidence {noun}"
    label = edge.kind
    if edge.undeclared:
        label = f"{edge.kind} ({edge.undeclared})"
        tooltip = f"{tooltip}; {edge.undeclared} only, {UNDECLARED_NOTE}"
        attrs.update(color=UNDECLARED_COLOUR, fontcolor=UNDECLARED_COLOUR)
    attrs["label"] = graphviz.escape(label)
    attrs["tooltip"] = graphviz.escape(tooltip)
    attrs["id"] = f"e_{edge.source.key}_{edge.target.key}_{edge.kind.replace('-', '_')}"
    if edge.cyclic:
        attrs.update(color=CYCLE_COLOUR, fontcolor=CYCLE_COLOUR, penwidth="2")
    return attrs
