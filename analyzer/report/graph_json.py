"""The service graph as JSON in networkx node-link form (`edges="edges"`, networkx >= 3.4).

The document is always a directed multigraph: one entry per model Edge, keyed by its kind,
so an http call and a depends-on between the same pair are two entries and
`networkx.node_link_graph(doc, edges="edges")` rebuilds a `MultiDiGraph` losslessly.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from analyzer.model import SCHEMA_VERSION, SystemModel
from analyzer.report.graphview import GraphView, Node


def render_graph_json(view: GraphView, model: SystemModel) -> str:
    """Deterministic node-link JSON of `view`; graph attributes name the system."""
    doc = {
        "directed": True,
        "multigraph": True,
        "graph": {"name": system_name(model.roots), "roots": sorted(model.roots),
                  "schema_version": SCHEMA_VERSION},
        "nodes": [_node(n) for n in view.nodes],
        "edges": [
            {"source": e.source.id, "target": e.target.id, "key": e.kind, "kind": e.kind,
             "cyclic": e.cyclic,
             "evidence": [ev.model_dump(mode="json") for ev in e.evidence]}
            for e in view.edges
        ],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def system_name(roots: list[str]) -> str:
    """A readable name for the system: the folder names of its roots."""
    names = [PurePath(r).name or r for r in sorted(roots)]
    return ", ".join(n for n in names if n) or "system"


def _node(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {"id": node.id, "kind": node.kind}
    for field in ("category", "technology", "image", "namespace", "source_dir"):
        value = getattr(node, field)
        if value is not None:
            data[field] = value
    return data
