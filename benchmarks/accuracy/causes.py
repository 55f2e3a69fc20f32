"""A first-cut cause for every miss and false edge, so the results can be grouped.

Heuristics over the truth (its evidence paths, `mechanism` notes, infra and trap lists) and
archgov's evidence;
a label is a hint for planning extractor work, not a verdict. The first rule that matches wins.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from scoring import Pair, Score, Truth

# suffixes archgov's code registry has no extractor for (.lua/.conf/.template go to nginx.py)
NO_EXTRACTOR = {".cpp": "C++", ".cc": "C++", ".h": "C++", ".hpp": "C++", ".rb": "Ruby",
                ".php": "PHP", ".rs": "Rust", ".ex": "Elixir", ".exs": "Elixir", ".scala": "Scala"}
CONFIG_NAMES = (".env", "config.json", "service-config.json", "application.yml",
                "application.yaml", "application.properties", "appsettings.json")


def archgov_nodes(facts: dict, truth: Truth) -> set[str]:
    """The truth ids of every node archgov declared (services and datastores)."""
    return {truth.map(n["id"]) for section in ("services", "datastores")
            for n in facts.get(section) or []}


def _suffixes(evidence: str) -> set[str]:
    out = set()
    for token in evidence.replace(";", " ").replace(",", " ").split():
        path = token.split(":", 1)[0]
        suffix = PurePosixPath(path).suffix
        if suffix:
            out.add(suffix)
    return out


def miss_cause(pair: Pair, truth: Truth, nodes: set[str]) -> str:
    edge = truth.edges[pair]
    langs = sorted({NO_EXTRACTOR[s] for s in _suffixes(str(edge.get("evidence", ""))) if s in NO_EXTRACTOR})
    if pair[0] not in nodes:
        return "source not recognised as a node (identity: versions, app ids, aliases)"
    if pair[1] not in nodes:
        return "target not recognised as a node (identity / datastore not declared)"
    if langs:
        return f"code in a language with no extractor ({', '.join(langs)})"
    if edge.get("mechanism"):
        return f"not resolved: {edge['mechanism']}"
    if edge["kind"] == "async":
        return "message flow not resolved (topic/queue/integration event)"
    return "call not resolved (client library, registry name, gateway route or config lookup)"


def false_cause(pair: Pair, s: Score, truth: Truth) -> str:
    evidence = s.predicted.evidence.get(pair, [])
    details = [e.split(" ", 1)[1] if " " in e else "" for e in evidence]
    files = {e.split(":", 1)[0] for e in evidence}
    if any(end in truth.infra for end in pair):
        return "infrastructure (registry, tracing, telemetry, flags) counted as a dependency"
    if details and all(d.startswith("depends_on") or d.startswith("links") for d in details):
        return "compose depends_on/links (start order) taken as a call"
    if any(end.startswith("?") for end in pair):
        return "node unknown to the truth (phantom or unaliased name)"
    if files and all(PurePosixPath(f).name in CONFIG_NAMES or PurePosixPath(f).name.startswith(".env")
                     or "/shared/" in f for f in files):
        return "address in shared configuration the service does not use"
    if pair in truth.non_edges:
        return "known trap (see truth non_edges)"
    return "other"


def grouped(scores: list[tuple[Score, Truth, set[str]]]) -> tuple[Counter, Counter]:
    """(miss causes, false-edge causes), counted over every system."""
    misses: Counter = Counter()
    falses: Counter = Counter()
    for s, truth, nodes in scores:
        for pair in s.fn:
            misses[miss_cause(pair, truth, nodes)] += 1
        for pair in s.fp:
            falses[false_cause(pair, s, truth)] += 1
    return misses, falses
