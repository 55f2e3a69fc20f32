"""The built-in layout: layers left to right, no overlaps, cycles fine, deterministic, near-linear."""

import random
import time

from analyzer.model import Edge, EdgeKind, Evidence, Origin, Service, SystemModel
from analyzer.report.graphview import build_view
from analyzer.report.layout import NODE_GAP, layout

EVIDENCE = [Evidence(origin=Origin.MANIFEST, file="docker-compose.yml", line=1, detail="env")]


def _model(n: int, pairs) -> SystemModel:
    return SystemModel(
        services=[Service(id=f"s{i:04d}") for i in range(n)],
        edges=[Edge(source=f"s{a:04d}", target=f"s{b:04d}", kind=EdgeKind.HTTP, evidence=EVIDENCE)
               for a, b in sorted(set(pairs))])


def _random(n: int, m: int, seed: int = 1) -> SystemModel:
    rnd = random.Random(seed)
    pairs = set()
    while len(pairs) < m:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a != b:
            pairs.add((a, b))
    return _model(n, pairs)


def _no_overlap(drawn) -> None:
    by_layer = {}
    for box in drawn.boxes:
        by_layer.setdefault(box.layer, []).append(box)
        assert 0 <= box.x - box.width / 2 and box.x + box.width / 2 <= drawn.width
        assert 0 <= box.y - box.height / 2 and box.y + box.height / 2 <= drawn.height
    for boxes in by_layer.values():
        boxes.sort(key=lambda b: b.y)
        for upper, lower in zip(boxes, boxes[1:]):
            assert lower.y - upper.y >= upper.height / 2 + lower.height / 2 + NODE_GAP - 1e-6


def test_a_chain_runs_left_to_right_in_one_row(result):
    drawn = layout(build_view(_model(4, [(0, 1), (1, 2), (2, 3)])))
    assert [b.layer for b in drawn.boxes] == [0, 1, 2, 3]
    assert [b.x for b in drawn.boxes] == sorted(b.x for b in drawn.boxes)
    assert len({round(b.y, 6) for b in drawn.boxes}) == 1  # straight, as dot draws it
    _no_overlap(drawn)


def test_every_edge_of_a_dag_points_right_and_sources_sit_next_to_their_target():
    # 0 -> 1 -> 2 -> 3, and 4 -> 3 only: 4 belongs in the layer before 3, not in layer 0
    drawn = layout(build_view(_model(5, [(0, 1), (1, 2), (2, 3), (4, 3)])))
    layer = {b.node.id: b.layer for b in drawn.boxes}
    assert layer["s0004"] == layer["s0003"] - 1
    for route in drawn.routes:
        assert route.curve[0][0] < route.tip[0]


def test_cycles_are_spread_over_layers_and_arc_back_over_the_top():
    drawn = layout(build_view(_model(3, [(0, 1), (1, 2), (2, 0)])))
    assert sorted(b.layer for b in drawn.boxes) == [0, 1, 2]
    back = [r for r in drawn.routes if r.edge.source.id == "s0002"]
    assert back and back[0].curve[1][1] < min(b.y - b.height / 2 for b in drawn.boxes)
    _no_overlap(drawn)


def test_self_loops_parallel_edges_and_empty_views_are_drawn():
    model = _model(2, [(0, 1)])
    loop = Edge(source="s0000", target="s0000", kind=EdgeKind.HTTP, evidence=EVIDENCE)
    grpc = Edge(source="s0000", target="s0001", kind=EdgeKind.GRPC, evidence=EVIDENCE)
    drawn = layout(build_view(model.model_copy(update={"edges": [*model.edges, loop, grpc]})))
    assert len(drawn.routes) == 3
    parallel = [r for r in drawn.routes if r.edge.target.id == "s0001"]
    assert parallel[0].curve[0] != parallel[1].curve[0]  # fanned out, not on top of each other
    empty = layout(build_view(SystemModel()))
    assert empty.boxes == () and empty.width > 0


def test_layout_is_deterministic_and_without_overlaps_on_a_random_system():
    first = layout(build_view(_random(300, 900)))
    assert first == layout(build_view(_random(300, 900)))
    _no_overlap(first)


def test_2000_services_and_6000_edges_lay_out_quickly():
    view = build_view(_random(2000, 6000))
    started = time.perf_counter()
    drawn = layout(view)
    assert time.perf_counter() - started < 30  # a bound that proves no blow-up (~0.2 s here)
    assert len(drawn.boxes) == 2000 and len(drawn.routes) == 6000
