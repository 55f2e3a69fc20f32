"""The drawable graph: nodes and edges of a SystemModel, ready for every graph reporter.

Reporters compute nothing new; this module only reshapes the facts (one node per service,
datastore or other edge endpoint, one edge per model Edge), optionally cut down to the
neighbourhood of one node, and marks the service edges that lie inside a strongly
connected component, and the edges no manifest or config declares, so every format can draw
cycles and undeclared dependencies the same way.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from analyzer.analysis import service_graph
from analyzer.analysis.runtime import edge_class, has_runtime
from analyzer.model import Edge, Evidence, Origin, SystemModel

SERVICE, DATASTORE, TOPIC, EXTERNAL = "service", "datastore", "topic", "external"
DECLARING_ORIGINS = frozenset({Origin.MANIFEST, Origin.CONFIG})
UNDECLARED_NOTE = "not declared in any manifest or config"
MAX_KEY = 100
MAX_TRAFFIC_LABELS = 300  # edges; a larger drawing keeps rate and p95 in the tooltips only


class UnknownNode(ValueError):
    """The focus names no node of the graph."""


@dataclass(frozen=True)
class Node:
    """One drawable node; `key` is a safe identifier for DOT, Mermaid and HTML anchors."""

    id: str
    kind: str
    key: str
    category: str | None = None
    technology: str | None = None
    image: str | None = None
    namespace: str | None = None
    source_dir: str | None = None


@dataclass(frozen=True)
class ViewEdge:
    """One model edge between two nodes; `cyclic` when both ends share a service SCC."""

    source: Node
    target: Node
    kind: str
    evidence: tuple[Evidence, ...]
    cyclic: bool
    runtime_class: str | None = None  # confirmed | runtime-only | static-only, with runtime facts
    traffic: str | None = None  # "12/s, p95 80 ms" for an observed edge (tooltip)
    traffic_label: bool = False  # also in the label: only on graphs small enough to read

    @property
    def undeclared(self) -> str | None:
        """The origin ("code" or "runtime") of an edge no manifest or config declares, else None."""
        return undeclared_origin(self.evidence)


@dataclass(frozen=True)
class GraphView:
    """Sorted nodes and edges of (part of) a system."""

    nodes: tuple[Node, ...]
    edges: tuple[ViewEdge, ...]


def build_view(model: SystemModel, components: list[list[str]] | None = None,
               focus: str | None = None, depth: int | None = None) -> GraphView:
    """Reshape `model` into a GraphView.

    `components` are the service SCCs from the metrics; when None (a bare model, as in
    `archgov graph`) they are found with networkx on the service-to-service edges.
    With `focus`, only nodes at most `depth` hops downstream or upstream of it are kept
    (depth None: no limit), with every edge among them.
    """
    model = model.normalized()
    nodes = _nodes(model)
    if components is None:
        components = service_components(model)
    in_scc = {sid: i for i, comp in enumerate(components) if len(comp) > 1 for sid in comp}
    if focus is not None:
        keep = _neighbourhood(model, nodes, focus, depth)
        nodes = {k: v for k, v in nodes.items() if k in keep}
    runtime = has_runtime(model)
    traffic = traffic_labels(model) if runtime else {}
    labelled = len(model.edges) <= MAX_TRAFFIC_LABELS
    edges = tuple(
        ViewEdge(source=nodes[e.source], target=nodes[e.target], kind=e.kind.value,
                 evidence=tuple(e.evidence),
                 cyclic=_cyclic(e, nodes, in_scc),
                 runtime_class=edge_class(e.evidence) if runtime else None,
                 traffic=traffic.get((e.source, e.target)), traffic_label=labelled)
        for e in model.edges if e.source in nodes and e.target in nodes
    )
    return GraphView(nodes=tuple(nodes[k] for k in sorted(nodes)), edges=edges)


def service_components(model: SystemModel) -> list[list[str]]:
    """Strongly connected components (size > 1) of the analysis' service graph, sorted.

    The same graph `compute_metrics` uses, so `archgov graph` and the audit agree on cycles.
    """
    graph = service_graph(model)
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def traffic_labels(model: SystemModel) -> dict[tuple[str, str], str]:
    """ "12 req/s, p95 80 ms" per observed (source, target): rates summed over protocols and
    presets, the worst p95."""
    rates: dict[tuple[str, str], float] = {}
    p95s: dict[tuple[str, str], float] = {}
    for flow in model.runtime_edges:
        pair = (flow.source, flow.target)
        rates[pair] = rates.get(pair, 0.0) + flow.rate
        if flow.latency.p95 is not None:
            p95s[pair] = max(p95s.get(pair, 0.0), flow.latency.p95)
    return {pair: f"{rate:.3g}/s" + (f", p95 {p95s[pair]:.0f} ms" if pair in p95s else "")
            for pair, rate in sorted(rates.items())}


def undeclared_origin(evidence: Iterable[Evidence]) -> str | None:
    """Where an edge that no manifest or config declares was seen: "code" or "runtime".

    None when a manifest or config declares it, or when there is no evidence at all (nothing
    to claim). Code wins over runtime: a call written in code and confirmed by traffic is
    still code only as far as the deployment is concerned.
    """
    origins = {e.origin for e in evidence}
    if not origins or origins & DECLARING_ORIGINS:
        return None
    return Origin.CODE.value if Origin.CODE in origins else Origin.RUNTIME.value


def safe_key(raw: str, prefix: str = "n_") -> str:
    """An identifier made of [A-Za-z0-9_], at most ~110 characters; a short hash keeps
    rewritten or shortened ids distinct (Graphviz refuses names over 16,384 characters)."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", raw)
    if clean != raw or not raw or len(raw) > MAX_KEY:
        digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()
        clean = f"{clean[:MAX_KEY]}_{digest[:6] if len(raw) <= MAX_KEY else digest[:12]}"
    return prefix + clean


def anchor(raw: str) -> str:
    """An HTML id for a node's section in the report."""
    return safe_key(raw, prefix="svc-")


def _nodes(model: SystemModel) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for s in model.services:
        nodes[s.id] = Node(id=s.id, kind=SERVICE, key=safe_key(s.id), image=s.image,
                           namespace=s.namespace, source_dir=s.source_dir)
    for d in model.datastores:
        nodes.setdefault(d.id, Node(id=d.id, kind=DATASTORE, key=safe_key(d.id),
                                    category=d.category.value, technology=d.technology,
                                    image=d.image))
    for t in model.topics:
        nodes.setdefault(t.id, Node(id=t.id, kind=TOPIC, key=safe_key(t.id), technology=t.system))
    for e in model.edges:
        for end in (e.source, e.target):
            nodes.setdefault(end, Node(id=end, kind=EXTERNAL, key=safe_key(end)))
    return nodes


def _neighbourhood(model: SystemModel, nodes: dict[str, Node], focus: str,
                   depth: int | None) -> set[str]:
    if focus not in nodes:
        known = ", ".join(sorted(nodes))
        raise UnknownNode(f"no node named '{focus}' in the graph (known: {known})")
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(nodes))
    graph.add_edges_from(sorted((e.source, e.target) for e in model.edges))
    down = nx.single_source_shortest_path_length(graph, focus, cutoff=depth)
    up = nx.single_source_shortest_path_length(graph.reverse(copy=False), focus, cutoff=depth)
    return set(down) | set(up)


def _cyclic(edge: Edge, nodes: dict[str, Node], in_scc: dict[str, int]) -> bool:
    if nodes[edge.source].kind != SERVICE or nodes[edge.target].kind != SERVICE:
        return False
    a, b = in_scc.get(edge.source), in_scc.get(edge.target)
    return a is not None and a == b
