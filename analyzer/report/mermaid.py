"""Mermaid `flowchart LR` of the service graph, for Markdown files and PR comments.

Node ids are safe keys; labels are cleaned like the DOT and SVG text (`text.drawable`: no
control characters or lone surrogates, at most 200 characters) and quoted with Mermaid entity
codes for characters that would end the label or be read as HTML, so a hostile service name
stays text.
"""

from __future__ import annotations

from analyzer.report.dot import CYCLE_COLOUR, RUNTIME_ONLY_COLOUR, STATIC_ONLY_COLOUR
from analyzer.report.graphview import DATASTORE, EXTERNAL, SERVICE, TOPIC, GraphView
from analyzer.report.text import drawable

_SHAPES = {  # opening, closing bracket per node kind
    SERVICE: ("[", "]"),
    DATASTORE: ("[(", ")]"),
    TOPIC: (">", "]"),
    EXTERNAL: ("{{", "}}"),
}
_ARROWS = {"http": "-->", "grpc": "==>", "thrift": "==>", "async": "-.->", "db": "-.->",
           "cache": "-.->", "depends-on": "-->"}
_ENTITIES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;",
             "#": "#35;", "`": "#96;", "\n": " ", "\r": " "}


def render_mermaid(view: GraphView) -> str:
    """Deterministic Mermaid source, one line per node and per edge, cycle edges in red."""
    lines = ["flowchart LR"]
    for node in view.nodes:
        left, right = _SHAPES.get(node.kind, _SHAPES[EXTERNAL])
        lines.append(f'    {node.key}{left}"{_label(node.id)}"{right}')
    cyclic: list[int] = []
    for index, edge in enumerate(view.edges):
        arrow = _ARROWS.get(edge.kind, "-->")
        lines.append(f"    {edge.source.key} {arrow}|{_label(edge.kind)}| {edge.target.key}")
        if edge.cyclic:
            cyclic.append(index)
    kinds = sorted({n.kind for n in view.nodes})
    lines.extend(f"    classDef {kind} {_CLASS_STYLE[kind]}" for kind in kinds if kind in _CLASS_STYLE)
    for kind in kinds:
        members = ",".join(n.key for n in view.nodes if n.kind == kind)
        lines.append(f"    class {members} {kind}")
    for runtime_class, style in _RUNTIME_LINKS.items():  # only with runtime facts
        chosen = [i for i, e in enumerate(view.edges) if e.runtime_class == runtime_class
                  and not e.cyclic]
        if chosen:
            lines.append(f"    linkStyle {','.join(map(str, chosen))} {style}")
    if cyclic:
        lines.append(f"    linkStyle {','.join(map(str, cyclic))} stroke:{CYCLE_COLOUR},stroke-width:2px")
    return "\n".join(lines) + "\n"


_RUNTIME_LINKS = {
    "confirmed": "stroke-width:2px",
    "runtime-only": f"stroke:{RUNTIME_ONLY_COLOUR},stroke-dasharray:5 3",
    "static-only": f"stroke:{STATIC_ONLY_COLOUR}",
}
_CLASS_STYLE = {
    SERVICE: "fill:#e8f0fe,stroke:#3b6fd4",
    DATASTORE: "fill:#e6f4ea,stroke:#2f855a",
    TOPIC: "fill:#fff4d6,stroke:#b7791f",
    EXTERNAL: "fill:#ffffff,stroke:#6e7781,stroke-dasharray:4 3",
}


def _label(text: str) -> str:
    return "".join(_ENTITIES.get(ch, ch) for ch in drawable(text))
