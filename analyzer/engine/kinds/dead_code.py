"""Kinds about what nobody uses: dead Python code, one-sided topics, stale services."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from analyzer.analysis.graph import SERVICE, TOPIC
from analyzer.analysis.history import service_stats
from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, join
from analyzer.model import Evidence, Origin


class DeadCodeParams(Params):
    min_confidence: int = Field(60, ge=60, le=100, description="vulture's confidence (60: "
                                "unused functions and classes, 90: imports, 100: unreachable "
                                "code and unused arguments) a name needs to be reported")
    max_listed: int = Field(5, ge=1, le=50, description="names listed in one finding")


class DeadCode(RuleKind):
    """One finding per Python file with names no file of its service uses (vulture's
    verdicts, framework entry points excluded: see `analyzer.ingest.health.python_dead`)."""

    name = "dead-code"
    description = "Python functions, classes, imports and code no file of the service uses."
    subject_kind = "file"
    fields = frozenset({"file", "service", "count", "names"})
    Params = DeadCodeParams

    def check(self, ctx: EvalContext, params: DeadCodeParams) -> Iterator[Hit]:
        by_file: dict[str, list] = {}
        for item in ctx.model.dead_code:
            if item.confidence >= params.min_confidence:
                by_file.setdefault(item.file, []).append(item)
        for file in sorted(by_file):
            items = by_file[file]
            shown = [f"{i.kind.replace('_', ' ')} '{i.name}' (line {i.line}, {i.confidence}%)"
                     for i in items[:params.max_listed]]
            more = len(items) - len(shown)
            yield Hit(subject=file, service=items[0].service,
                      evidence=[Evidence(origin=Origin.CODE, file=file, line=i.line,
                                         detail=f"unused {i.kind} {i.name}") for i in items],
                      salt=",".join(sorted(f"{i.kind}:{i.name}" for i in items)),
                      fields={"file": file, "service": items[0].service or "no service",
                              "count": len(items),
                              "names": join(shown) + (f" and {more} more" if more else "")})


class UnusedTopic(RuleKind):
    """A topic some service produces to and none consumes from, or the reverse."""

    name = "unused-topic"
    description = "A topic that is produced and never consumed, or consumed and never produced."
    subject_kind = "endpoint"
    fields = frozenset({"topic", "side", "services"})

    def check(self, ctx: EvalContext, params: Params) -> Iterator[Hit]:
        graph = ctx.graph
        for topic in sorted(n for n, kind in graph.nodes(data="kind") if kind == TOPIC):
            producers = sorted(p for p in graph.predecessors(topic)
                               if graph.nodes[p].get("kind") == SERVICE)
            consumers = sorted(c for c in graph.successors(topic)
                               if graph.nodes[c].get("kind") == SERVICE)
            if bool(producers) == bool(consumers):
                continue
            side, services = (("produced by", producers) if producers
                              else ("consumed by", consumers))
            pairs = [(s, topic) for s in producers] + [(topic, c) for c in consumers]
            evidence = [e for a, b in pairs for edge in graph.edges[a, b]["edges"]
                        for e in edge.evidence]
            yield Hit(subject=topic, evidence=evidence,
                      fields={"topic": topic.removeprefix("topic:"),
                              "side": f"{side} {join(services)} and "
                                      f"{'never consumed' if producers else 'never produced'}",
                              "services": join(services)})


class StaleCodeParams(Params):
    max_age_days: int = Field(365, ge=1, description="days since a service's last change "
                              "(to the newest commit read) that make it stale")


class StaleCode(RuleKind):
    """A service untouched for `max_age_days` while a service depending on it changed in
    that time: its dependents moved on, it did not (abandoned or frozen code)."""

    name = "stale-code"
    description = "A service untouched for long while the services depending on it changed."
    subject_kind = "service"
    fields = frozenset({"service", "age_days", "last_change", "dependents"})
    Params = StaleCodeParams

    def check(self, ctx: EvalContext, params: StaleCodeParams) -> Iterator[Hit]:
        stats = service_stats(ctx.model)
        age = {row.service: row.age_days for row in stats.itertuples(index=False)
               if row.age_days is not None and row.age_days == row.age_days}  # not NaN
        last = {row.service: row.last_change for row in stats.itertuples(index=False)}
        for service in sorted(age):
            if age[service] <= params.max_age_days or service not in ctx.services:
                continue
            moved = sorted(d for d in ctx.services.predecessors(service)
                           if d in age and age[d] <= params.max_age_days)
            if moved:
                yield Hit(subject=service, service=service,
                          fields={"service": service, "age_days": int(age[service]),
                                  "last_change": str(last[service])[:10],
                                  "dependents": join(moved)})
