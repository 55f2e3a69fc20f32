"""Score one archgov facts document against one ground-truth file.

Pure functions over plain data (the truth YAML as a dict, the `archgov scan` JSON as a dict),
so the scoring itself is unit-tested on a tiny made-up system. The rules:

- archgov node ids are mapped to truth ids through the truth's ids and `aliases`
  (compared case-insensitively, `_` and `-` alike); an unmapped id stays as `?id`;
- a topic node (`topic:...`) is collapsed: producer -> topic and topic -> consumer become one
  `async` edge producer -> consumer; edges touching a topic with no other side are dropped;
- self edges after mapping are dropped (a service calling its own alias);
- an edge is the unordered-kind pair (source, target); its kind is right when the truth kind
  is among archgov's kinds for that pair;
- truth edges marked `optional` count neither as misses nor as false edges;
- an edge to or from a truth `infra` node is a false edge unless archgov itself marks that node
  as infrastructure (a node with `kind`, `category` or `role` `infra`), since infra must stay out of the
  dependency graph's metrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Pair = tuple[str, str]


def _norm(name: str) -> str:
    return name.strip().lower().replace("_", "-")


@dataclass(frozen=True)
class Truth:
    """The ground truth of one system, indexed for scoring."""

    system: str
    nodes: dict[str, str]          # normalized name or alias -> truth id
    infra: frozenset[str]
    edges: dict[Pair, dict]        # (source, target) -> {kind, evidence}
    optional: frozenset[Pair]
    non_edges: dict[Pair, str]     # known traps -> why

    @classmethod
    def from_dict(cls, doc: dict) -> Truth:
        nodes: dict[str, str] = {}
        infra: set[str] = set()
        for section in ("services", "datastores", "infra"):
            for tid, spec in sorted((doc.get(section) or {}).items()):
                nodes[_norm(tid)] = tid
                for alias in (spec or {}).get("aliases", []) or []:
                    nodes[_norm(str(alias))] = tid
                if section == "infra":
                    infra.add(tid)
        edges = {(e["source"], e["target"]): e for e in doc.get("edges") or []}
        optional = frozenset((e["source"], e["target"]) for e in doc.get("optional") or [])
        non_edges = {(e["source"], e["target"]): e.get("why", "") for e in doc.get("non_edges") or []}
        overlap = (set(edges) & optional) | (set(edges) & set(non_edges)) | (optional & set(non_edges))
        if overlap:
            raise ValueError(f"{doc.get('system')}: pairs listed twice: {sorted(overlap)}")
        for pair in list(edges) + list(optional) + list(non_edges):
            for end in pair:
                if _norm(end) not in nodes:
                    raise ValueError(f"{doc.get('system')}: edge end {end!r} is not a declared node")
        return cls(doc["system"], nodes, frozenset(infra), edges, optional, non_edges)

    def map(self, archgov_id: str) -> str:
        return self.nodes.get(_norm(archgov_id), f"?{archgov_id}")


@dataclass
class Predicted:
    """archgov's edges after id mapping and topic collapsing: pair -> kinds, and evidence."""

    kinds: dict[Pair, set[str]] = field(default_factory=dict)
    evidence: dict[Pair, list[str]] = field(default_factory=dict)
    infra_marked: set[str] = field(default_factory=set)

    def add(self, pair: Pair, kind: str, evidence: list[str]) -> None:
        if pair[0] == pair[1]:
            return
        self.kinds.setdefault(pair, set()).add(kind)
        self.evidence.setdefault(pair, []).extend(evidence)


def _evidence(edge: dict) -> list[str]:
    return [f"{ev.get('file')}:{ev.get('line')} {ev.get('detail', '')}".strip()
            for ev in edge.get("evidence") or []]


def predicted_edges(facts: dict, truth: Truth) -> Predicted:
    """archgov's edges in truth ids (topics collapsed)."""
    out = Predicted()
    for section in ("services", "datastores", "infra", "nodes"):
        for node in facts.get(section) or []:
            if "infra" in (str(node.get("kind", "")), str(node.get("category", "")),
                           str(node.get("role", ""))):
                out.infra_marked.add(truth.map(node["id"]))
    into: dict[str, list[dict]] = {}
    outof: dict[str, list[dict]] = {}
    for edge in facts.get("edges") or []:
        src, dst = edge["source"], edge["target"]
        if dst.startswith("topic:") and not src.startswith("topic:"):
            into.setdefault(dst, []).append(edge)
        elif src.startswith("topic:") and not dst.startswith("topic:"):
            outof.setdefault(src, []).append(edge)
        elif not src.startswith("topic:"):
            out.add((truth.map(src), truth.map(dst)), edge["kind"], _evidence(edge))
    for topic, producers in sorted(into.items()):
        for p in producers:
            for c in outof.get(topic, []):
                out.add((truth.map(p["source"]), truth.map(c["target"])), "async",
                        _evidence(p) + _evidence(c))
    return out


@dataclass
class Score:
    """The outcome for one system."""

    system: str
    tp: list[Pair]
    fp: list[Pair]
    fn: list[Pair]
    kind_right: int
    kind_wrong: list[tuple[Pair, str, list[str]]]
    predicted: Predicted

    @property
    def precision(self) -> float:
        return len(self.tp) / (len(self.tp) + len(self.fp)) if self.tp or self.fp else 1.0

    @property
    def recall(self) -> float:
        return len(self.tp) / (len(self.tp) + len(self.fn)) if self.tp or self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(facts: dict, truth: Truth) -> Score:
    """Compare archgov's facts with the truth of one system."""
    pred = predicted_edges(facts, truth)
    tp, fp = [], []
    for pair in sorted(pred.kinds):
        if pair in truth.edges:
            tp.append(pair)
        elif pair in truth.optional:
            continue
        elif any(end in truth.infra and end in pred.infra_marked for end in pair):
            continue
        else:
            fp.append(pair)
    fn = sorted(p for p in truth.edges if p not in pred.kinds)
    right, wrong = 0, []
    for pair in tp:
        want = truth.edges[pair]["kind"]
        if want in pred.kinds[pair]:
            right += 1
        else:
            wrong.append((pair, want, sorted(pred.kinds[pair])))
    return Score(truth.system, tp, fp, fn, right, wrong, pred)


def micro(scores: list[Score]) -> tuple[float, float, float, float]:
    """Micro-averaged precision, recall, F1 and kind accuracy over the systems."""
    tp = sum(len(s.tp) for s in scores)
    fp = sum(len(s.fp) for s in scores)
    fn = sum(len(s.fn) for s in scores)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    kinds = sum(s.kind_right for s in scores) / tp if tp else 1.0
    return p, r, f1, kinds
