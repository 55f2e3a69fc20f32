"""Merge resolved code dependencies into the model built from manifests.

One edge per (source, target, kind): evidence from code and config is appended to a
manifest edge with the same key, or starts a new edge whose origins then say it was seen
only in code. Self edges are never added. Topics, routes, external endpoints (each distinct
key and evidence, so a finding cites the code and the config that name a host) and
diagnostics are added alongside; the result is normalized (sorted, deduplicated). A literal
address of an internal node in code becomes a `CodeLiteralAddress` only when its edge has
no manifest or config evidence: then nothing outside the code can repoint it.
"""

from __future__ import annotations

from analyzer.ingest.code.resolution.resolve import Resolution
from analyzer.model import Edge, Origin, SystemModel, Topic

_DECLARED = {Origin.MANIFEST, Origin.CONFIG}


def merge(model: SystemModel, resolution: Resolution) -> SystemModel:
    """The model plus everything resolved from code; manifest facts are kept as they are."""
    edges: dict[tuple[str, str, str], Edge] = {e.key: e for e in model.edges}
    for link in resolution.links:
        if link.source == link.target:
            continue
        key = (link.source, link.target, link.kind.value)
        edge = edges.get(key) or Edge(source=link.source, target=link.target, kind=link.kind)
        edges[key] = edge.model_copy(update={"evidence": [*edge.evidence, link.evidence]})
    topics: dict[str, Topic] = {t.id: t for t in model.topics}
    for topic_id, topic in resolution.topics.items():
        known = topics.get(topic_id)
        topics[topic_id] = topic if known is None else known.model_copy(
            update={"declared_in": [*known.declared_in, *topic.declared_in]})
    # every (service, host, key, evidence) is kept: the rule groups them per service and host
    externals = dict.fromkeys([*model.external_endpoints, *resolution.externals])
    literals = [fact for link, fact in resolution.literals
                if (edge := edges.get((link.source, link.target, link.kind.value))) is not None
                and not edge.origins & _DECLARED]
    return model.model_copy(update={
        "edges": list(edges.values()),
        "topics": list(topics.values()),
        "routes": [*model.routes, *resolution.routes],
        "external_endpoints": list(externals),
        "diagnostics": [*model.diagnostics, *resolution.diagnostics],
        "literal_addresses": [*model.literal_addresses, *literals],
    }).normalized()
