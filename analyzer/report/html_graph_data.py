"""The graph data report.html's script reads: nodes, edges and groupings as embedded JSON.

The script never parses the SVG for facts: it reads this document (one
`<script type="application/json">` element) and finds each drawn element by its id
(`n_<key>` for nodes, the `edge_id` for edges, as both drawings write them). Nodes carry what
the page groups by (namespace, repository, a `part-of` label, name prefix) and whether they
have a panel; edges carry their kind, origins and whether they lie in a cycle. The JSON is
made safe to embed: `<`, `>` and `&` are written as `\\u003c`, `\\u003e`, `\\u0026` (and the
line separators U+2028/9 escaped), so `</script>` or `<!--` in a scanned name cannot end the
element or start a comment. Sorted keys, fixed separators: same view, same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from analyzer.model import SystemModel
from analyzer.report.dot import edge_id
from analyzer.report.graphview import EXTERNAL, SERVICE, GraphView, Node, anchor

PART_OF_LABELS = ("app.kubernetes.io/part-of", "part-of")
GROUPINGS = ("namespace", "repository", "label", "prefix")
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
            "\u2029": "\\u2029"}


def graph_data(view: GraphView, model: SystemModel, focus: str | None = None,
               depth: int = 1) -> dict[str, Any]:
    """Nodes, edges (by node index), the groupings that split the graph, and the focus."""
    labels = _part_of_labels(model)
    index = {n.key: i for i, n in enumerate(view.nodes)}
    nodes = [_node(n, labels.get(n.id)) for n in view.nodes]
    edges = [{"s": index[e.source.key], "t": index[e.target.key], "k": e.kind,
              "o": sorted({ev.origin.value for ev in e.evidence}), "c": int(e.cyclic),
              "u": e.undeclared, "id": edge_id(e)}
             for e in view.edges]
    for e in edges:
        if e["c"]:
            nodes[e["s"]]["c"] = nodes[e["t"]]["c"] = 1
    useful = [g for g in GROUPINGS if _splits(nodes, g)]
    return {"nodes": nodes, "edges": edges, "groupings": useful,
            "kinds": sorted({e["k"] for e in edges}),
            "origins": sorted({o for e in edges for o in e["o"]}),
            "focus": focus, "depth": depth}


def embed_json(data: Any) -> str:
    """`data` as JSON text that is inert inside a `<script type="application/json">` element."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "".join(_ESCAPES.get(ch, ch) for ch in text) if _needs_escape(text) else text


def _node(node: Node, label: str | None) -> dict[str, Any]:
    has_panel = node.kind != EXTERNAL
    groups = {"namespace": node.namespace, "repository": _repository(node.source_dir),
              "label": label, "prefix": _prefix(node.id) if node.kind == SERVICE else None}
    return {"k": node.key, "id": node.id, "kind": node.kind,
            "a": anchor(node.id) if has_panel else None, "c": 0,
            "g": {name: value for name, value in groups.items() if value}}


def _repository(source_dir: str | None) -> str | None:
    """The first folder of a service's source (one repository per service, or a monorepo's
    top folder): `payments/src` -> `payments`."""
    if not source_dir:
        return None
    first = source_dir.replace("\\", "/").strip("/").split("/")[0]
    return first or None


def _prefix(name: str) -> str | None:
    for sep in ("-", "_", "."):
        if sep in name.strip(sep):
            return name.strip(sep).split(sep)[0]
    return None


def _part_of_labels(model: SystemModel) -> dict[str, str]:
    """Service -> its `app.kubernetes.io/part-of` label, where a manifest recorded labels."""
    found: dict[str, str] = {}
    for res in model.resources:
        labels = res.facts.get("labels")
        if res.service is None or not isinstance(labels, dict):
            continue
        for key in PART_OF_LABELS:
            value = labels.get(key)
            if isinstance(value, str) and value and res.service not in found:
                found[res.service] = value
    return found


def _splits(nodes: list[dict[str, Any]], grouping: str) -> bool:
    """A grouping is offered when it puts services into at least two groups."""
    values = {n["g"].get(grouping) for n in nodes if n["kind"] == SERVICE}
    return len(values - {None}) >= 2


def _needs_escape(text: str) -> bool:
    return any(ch in text for ch in _ESCAPES)
