"""archgov's own layered layout of the service graph, for when Graphviz cannot draw it.

A Sugiyama-style layout in the spirit of `dot -Grankdir=LR`, kept near-linear in nodes plus
edges so it stays fast on thousands of services:

1. layers: each strongly connected component is spread over as many layers as the
   breadth-first depth of its members from one entry member, and components follow the
   longest path of the condensation, so cycles are fine; nodes nothing points at move right,
   next to the first node they call;
2. order within a layer: a few barycentre sweeps (down, then up) reduce crossings; long
   edges get no dummy nodes, each sweep looks at every neighbour in an earlier (later) layer;
3. coordinates: layers are columns left to right, each node pulled towards the mean height of
   its neighbours and then packed so nothing overlaps (a forward and a backward pass,
   averaged);
4. routes: forward edges are horizontal-tangent cubic curves, edges back into the same or an
   earlier layer arc over the top, self-loops sit on the right; parallel edges fan out.

Everything is sorted by node key first, so the same view gives the same numbers.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from analyzer.report.graphview import DATASTORE, EXTERNAL, SERVICE, TOPIC, GraphView, Node, ViewEdge
from analyzer.report.text import drawable

NODE_HEIGHT = 36.0
NODE_GAP = 25.0  # dot's nodesep 0.35 in
MIN_LAYER_GAP = 50.0  # dot's ranksep 0.7 in
NODE_FONT, EDGE_FONT = 11.0, 9.0
ARROW = 7.0  # dot's arrowsize 0.7
MARGIN = 4.0
SWEEPS = 4

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """Where one node is drawn: its centre, size and layer."""

    node: Node
    x: float
    y: float
    width: float
    height: float
    layer: int


@dataclass(frozen=True)
class Route:
    """One edge as a cubic curve (start, two controls, end), its arrow tip and label position."""

    edge: ViewEdge
    curve: tuple[Point, Point, Point, Point]
    tip: Point
    label_at: Point


@dataclass(frozen=True)
class Layout:
    """Boxes in view order, routes in view order, and the size of the canvas."""

    boxes: tuple[Box, ...]
    routes: tuple[Route, ...]
    width: float
    height: float


def layout(view: GraphView) -> Layout:
    """Place every node and route every edge of `view` (see the module docstring)."""
    keys = [n.key for n in view.nodes]
    succ: dict[str, list[str]] = {k: [] for k in keys}
    pred: dict[str, list[str]] = {k: [] for k in keys}
    for a, b in sorted({(e.source.key, e.target.key) for e in view.edges if e.source != e.target}):
        succ[a].append(b)
        pred[b].append(a)
    layer = _layers(keys, succ, pred)
    columns = _order(keys, layer, succ, pred)
    sizes = {n.key: (node_width(n), NODE_HEIGHT) for n in view.nodes}
    xs, gaps = _column_x(columns, sizes, view.edges, layer)
    ys = _row_y(columns, succ, pred, layer)
    boxes = {n.key: Box(n, xs[n.key], ys[n.key], *sizes[n.key], layer[n.key]) for n in view.nodes}
    routes = _routes(view.edges, boxes, gaps)
    return _framed(view, boxes, routes)


def text_width(text: str, size: float) -> float:
    """An estimate of the width of `text` in Helvetica at `size` points."""
    total = 0.0
    for ch in text:
        if ch in "iljtf.,:;'|!()[] ":
            total += 0.3
        elif ch in "mwMW@%":
            total += 0.85
        elif ch.isupper():
            total += 0.68
        elif unicodedata.east_asian_width(ch) in "WF":
            total += 1.0
        else:
            total += 0.56
    return total * size


def node_width(node: Node) -> float:
    """Width of the shape that holds the node's label (dot's minimum is 0.75 in)."""
    pad = {SERVICE: 16.0, DATASTORE: 16.0, TOPIC: 30.0, EXTERNAL: 40.0}.get(node.kind, 40.0)
    return round(max(54.0, text_width(drawable(node.id), NODE_FONT) + pad), 2)


def edge_label_width(edge: ViewEdge) -> float:
    label = f"{edge.kind} ({edge.undeclared})" if edge.undeclared else edge.kind
    return text_width(label, EDGE_FONT)


def _layers(keys: list[str], succ: dict[str, list[str]], pred: dict[str, list[str]]) -> dict[str, int]:
    graph = nx.DiGraph()
    graph.add_nodes_from(keys)
    graph.add_edges_from((a, b) for a in keys for b in succ[a])
    comps = sorted((sorted(c) for c in nx.strongly_connected_components(graph)), key=lambda c: c[0])
    comp_of = {k: i for i, comp in enumerate(comps) for k in comp}
    depth = {}
    for comp in comps:  # breadth-first depth of each member from an entry member
        entries = [k for k in comp if any(comp_of[p] != comp_of[k] for p in pred[k])]
        root = (entries or comp)[0]
        depth[root] = 0
        frontier = [root]
        while frontier:
            nxt = []
            for k in frontier:
                for s in succ[k]:
                    if comp_of[s] == comp_of[k] and s not in depth:
                        depth[s] = depth[k] + 1
                        nxt.append(s)
            frontier = nxt
    start = [0] * len(comps)  # longest path over the condensation (Kahn, smallest first)
    indegree = [0] * len(comps)
    for a in keys:
        for b in succ[a]:
            if comp_of[a] != comp_of[b]:
                indegree[comp_of[b]] += 1
    ready = [i for i, d in enumerate(indegree) if d == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for a in comps[i]:
            for b in succ[a]:
                j = comp_of[b]
                if j == i:
                    continue
                start[j] = max(start[j], start[i] + depth[a] + 1 - depth[b])
                indegree[j] -= 1
                if indegree[j] == 0:
                    heapq.heappush(ready, j)
    layer = {k: start[comp_of[k]] + depth[k] for k in keys}
    for i in reversed(order):  # sources move right, next to what they call
        for k in comps[i]:
            if not pred[k] and succ[k]:
                layer[k] = max(layer[k], min(layer[s] for s in succ[k]) - 1)
    return layer


def _order(keys: list[str], layer: dict[str, int], succ: dict[str, list[str]],
           pred: dict[str, list[str]]) -> list[list[str]]:
    columns: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for k in keys:
        columns[layer[k]].append(k)
    pos = {k: i - (len(col) - 1) / 2 for col in columns for i, k in enumerate(col)}
    for sweep in range(2 * SWEEPS):
        down = sweep % 2 == 0
        for col in (columns if down else reversed(columns)):
            bary = {}
            for k in col:
                near = [pos[o] for o in (pred[k] if down else succ[k])
                        if (layer[o] < layer[k] if down else layer[o] > layer[k])]
                bary[k] = sum(near) / len(near) if near else pos[k]
            col.sort(key=lambda k: (bary[k], pos[k], k))
            for i, k in enumerate(col):
                pos[k] = i - (len(col) - 1) / 2
    return columns


def _column_x(columns: list[list[str]], sizes: dict[str, Point], edges: tuple[ViewEdge, ...],
              layer: dict[str, int]) -> tuple[dict[str, float], list[float]]:
    """Centre x of every node, and the centre x of the gap after each layer."""
    label: dict[int, float] = defaultdict(float)  # widest label drawn in each gap
    for e in edges:
        a, b = layer[e.source.key], layer[e.target.key]
        if b > a:
            label[_label_gap(a, b)] = max(label[_label_gap(a, b)], edge_label_width(e))
    xs, gaps, left = {}, [], 0.0
    for i, col in enumerate(columns):
        width = max((sizes[k][0] for k in col), default=0.0)
        for k in col:
            xs[k] = left + width / 2
        gap = max(MIN_LAYER_GAP, label[i] + 24.0)
        gaps.append(left + width + gap / 2)
        left += width + gap
    return xs, gaps


def _label_gap(source_layer: int, target_layer: int) -> int:
    """The gap (numbered by the layer before it) in the middle of a forward edge: its label's."""
    return (source_layer + target_layer - 1) // 2


def _row_y(columns: list[list[str]], succ: dict[str, list[str]],
           pred: dict[str, list[str]], layer: dict[str, int]) -> dict[str, float]:
    step = NODE_HEIGHT + NODE_GAP
    ys = {k: (i - (len(col) - 1) / 2) * step for col in columns for i, k in enumerate(col)}
    for down in (True, False, True):
        for col in (columns if down else reversed(columns)):
            want = []
            for k in col:
                near = [ys[o] for o in (pred[k] if down else succ[k])
                        if (layer[o] < layer[k] if down else layer[o] > layer[k])]
                want.append(sum(near) / len(near) if near else ys[k])
            for k, y in zip(col, _pack(want, step), strict=True):
                ys[k] = y
    return ys


def _pack(want: list[float], step: float) -> list[float]:
    """Positions as close to `want` as the order allows, at least `step` apart."""
    forward, backward = list(want), list(want)
    for i in range(1, len(want)):
        forward[i] = max(want[i], forward[i - 1] + step)
    for i in range(len(want) - 2, -1, -1):
        backward[i] = min(want[i], backward[i + 1] - step)
    return [(a + b) / 2 for a, b in zip(forward, backward, strict=True)]


def _routes(edges: tuple[ViewEdge, ...], boxes: dict[str, Box], gaps: list[float]) -> list[Route]:
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, e in enumerate(edges):
        pairs[(e.source.key, e.target.key)].append(i)
    routes = []
    for i, e in enumerate(edges):
        siblings = pairs[(e.source.key, e.target.key)]
        spread = siblings.index(i) - (len(siblings) - 1) / 2
        routes.append(_route(e, boxes[e.source.key], boxes[e.target.key], spread, gaps))
    return routes


def _route(edge: ViewEdge, s: Box, t: Box, spread: float, gaps: list[float]) -> Route:
    if s.node.key == t.node.key:  # a self-loop on the right side
        x, y = s.x + s.width / 2, s.y
        lift = 8.0 + 4.0 * spread
        tip = (x, y + lift)
        curve = ((x, y - lift), (x + 34.0, y - lift - 14.0), (x + 34.0, y + lift + 14.0), tip)
        return _with_arrow(edge, curve, (x + 30.0, y))
    if t.layer > s.layer:  # forward, left to right
        fan = max(-14.0, min(14.0, 12.0 * spread))
        start = (s.x + s.width / 2, s.y + fan)
        tip = (t.x - t.width / 2, t.y + fan)
        dx = (tip[0] - start[0]) / 2
        curve = (start, (start[0] + dx, start[1]), (tip[0] - dx, tip[1]), tip)
        label_x = gaps[_label_gap(s.layer, t.layer)]  # between columns: never on a node
        return _with_arrow(edge, curve, (label_x, _y_at(curve, label_x) - 3.0))
    start = (s.x, s.y - s.height / 2)  # back or sideways: an arc over the top
    tip = (t.x, t.y - t.height / 2)
    lift = 28.0 + 12.0 * spread + 0.12 * abs(tip[0] - start[0])
    top = min(start[1], tip[1]) - lift
    curve = (start, (start[0], top), (tip[0], top), tip)
    mid = _at(curve, 0.5)
    return _with_arrow(edge, curve, (mid[0], mid[1] - 3.0))


def _with_arrow(edge: ViewEdge, curve: tuple[Point, Point, Point, Point], label_at: Point) -> Route:
    """Stop the curve one arrow length before its tip, along its final direction."""
    (x0, y0), c1, (cx, cy), (tx, ty) = curve
    dx, dy = tx - cx, ty - cy
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    end = (tx - dx / length * ARROW, ty - dy / length * ARROW)
    c2 = (cx, cy) if (cx, cy) != (tx, ty) else end
    return Route(edge=edge, curve=((x0, y0), c1, c2, end), tip=(tx, ty), label_at=label_at)


def _at(curve: tuple[Point, Point, Point, Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def _y_at(curve: tuple[Point, Point, Point, Point], x: float) -> float:
    """The curve's height where it crosses `x` (its x grows with t on forward edges)."""
    lo, hi = 0.0, 1.0
    for _ in range(24):
        mid = (lo + hi) / 2
        if _at(curve, mid)[0] < x:
            lo = mid
        else:
            hi = mid
    return _at(curve, (lo + hi) / 2)[1]


def _framed(view: GraphView, boxes: dict[str, Box], routes: list[Route]) -> Layout:
    """Shift everything so the drawing starts at the margin; the canvas fits every part."""
    xs = [b.x - b.width / 2 for b in boxes.values()] + [b.x + b.width / 2 for b in boxes.values()]
    ys = [b.y - b.height / 2 for b in boxes.values()] + [b.y + b.height / 2 for b in boxes.values()]
    for r in routes:
        xs += [p[0] for p in r.curve] + [r.label_at[0] - edge_label_width(r.edge) / 2,
                                         r.label_at[0] + edge_label_width(r.edge) / 2]
        ys += [p[1] for p in r.curve] + [r.label_at[1] - EDGE_FONT]
    if not xs:
        return Layout(boxes=(), routes=(), width=2 * MARGIN, height=2 * MARGIN)
    ox, oy = MARGIN - min(xs), MARGIN - min(ys)

    def move(p: Point) -> Point:
        return p[0] + ox, p[1] + oy

    placed = tuple(Box(b.node, b.x + ox, b.y + oy, b.width, b.height, b.layer)
                   for b in (boxes[n.key] for n in view.nodes))
    moved = tuple(Route(r.edge, tuple(move(p) for p in r.curve), move(r.tip), move(r.label_at))
                  for r in routes)  # type: ignore[arg-type]
    return Layout(boxes=placed, routes=moved, width=max(xs) + ox + MARGIN,
                  height=max(ys) + oy + MARGIN)
