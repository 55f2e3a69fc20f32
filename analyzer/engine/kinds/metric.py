"""The `metric` kind: a threshold on any derived metric of a service or a file.

Rules are data: "a service with fan-out above 6" or "a file whose churn is at least 500
lines" need no code, only a metric name, an operator and a value. The metric names are a
closed, typed table (`METRICS`); an unknown name is rejected when the rule file loads, with
the list of valid names.
"""

from __future__ import annotations

import operator
from fnmatch import fnmatchcase
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, field_validator

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope
from analyzer.model import Evidence, Origin


@dataclass(frozen=True)
class Metric:
    """One derived metric: what it is about and how to read it from the context."""

    subject: Literal["service", "file"]
    description: str
    read: Callable[[EvalContext], dict[str, tuple[float, str | None]]]  # -> (value, service)


def _service_metric(attr: str) -> Callable[[EvalContext], dict[str, tuple[float, str | None]]]:
    return lambda ctx: {m.service: (float(getattr(m, attr)), m.service)
                        for m in ctx.metrics.services}


def _churn(ctx: EvalContext) -> dict[str, tuple[float, str | None]]:
    return {h.file: (float(h.added + h.deleted), h.service) for h in ctx.model.file_history}


def _revisions(ctx: EvalContext) -> dict[str, tuple[float, str | None]]:
    return {h.file: (float(h.revisions), h.service) for h in ctx.model.file_history}


def _complexity(attr: str) -> Callable[[EvalContext], dict[str, tuple[float, str | None]]]:
    return lambda ctx: {c.file: (float(getattr(c, attr)), c.service) for c in ctx.model.complexity}


METRICS: dict[str, Metric] = {
    "fan_in": Metric("service", "services that depend on it", _service_metric("fan_in")),
    "fan_out": Metric("service", "distinct nodes it depends on", _service_metric("fan_out")),
    "instability": Metric("service", "fan_out / (fan_in + fan_out), 0..1",
                          _service_metric("instability")),
    "sync_depth": Metric("service", "longest synchronous call chain starting at it",
                         _service_metric("sync_depth")),
    "blast_radius": Metric("service", "services that depend on it transitively",
                           _service_metric("blast_radius")),
    "churn": Metric("file", "lines added plus deleted in the history window", _churn),
    "revisions": Metric("file", "commits that changed the file", _revisions),
    "complexity": Metric("file", "total cyclomatic complexity", _complexity("cyclomatic")),
    "max_complexity": Metric("file", "cyclomatic complexity of its most complex function",
                             _complexity("max_cyclomatic")),
    "loc": Metric("file", "lines of code", _complexity("loc")),
}

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
    "==": operator.eq, "!=": operator.ne,
}


class MetricParams(Params):
    metric: str = Field("fan_out", description="the metric compared: " + ", ".join(sorted(METRICS)))
    op: Literal[">", ">=", "<", "<=", "==", "!="] = Field(
        ">", description="a subject fails when `metric op value` holds")
    value: float = Field(6, description="the threshold")
    ignore: list[str] = Field(default_factory=list,
                              description="glob patterns of subjects never reported")

    @field_validator("metric")
    @classmethod
    def _known(cls, name: str) -> str:
        if name not in METRICS:
            raise ValueError(f"unknown metric '{name[:60]}' (valid: {', '.join(sorted(METRICS))})")
        return name


class MetricThreshold(RuleKind):
    """A service or file whose derived metric crosses a threshold (`metric op value`)."""

    name = "metric"
    description = "A service or file whose derived metric (fan_in, churn, ...) crosses a threshold."
    subject_kind = "service"
    fields = frozenset({"subject", "metric", "value", "op", "threshold", "service"})
    Params = MetricParams

    def check(self, ctx: EvalContext, params: MetricParams) -> Iterator[Hit]:
        compare = OPERATORS[params.op]
        for subject, (value, service) in self._values(ctx, params):
            if compare(value, params.value):
                yield Hit(subject=subject, service=service, salt=params.metric,
                          subject_kind=METRICS[params.metric].subject,
                          evidence=_evidence(ctx, params, subject),
                          fields={"subject": subject, "metric": params.metric,
                                  "value": _number(value), "op": params.op,
                                  "threshold": _number(params.value), "service": service or ""})

    def scope(self, ctx: EvalContext, params: MetricParams) -> Iterator[Scope]:
        for subject, (_, service) in self._values(ctx, params):
            yield Scope(service=service, subject=subject)

    def _values(self, ctx: EvalContext, params: MetricParams
                ) -> list[tuple[str, tuple[float, str | None]]]:
        values = METRICS[params.metric].read(ctx)
        return [(k, values[k]) for k in sorted(values)
                if not any(fnmatchcase(k, p) for p in params.ignore)]


def _evidence(ctx: EvalContext, params: MetricParams, subject: str) -> list[Evidence]:
    if METRICS[params.metric].subject == "file":
        return [Evidence(origin=Origin.CODE, file=subject, detail=params.metric)]
    service = next((s for s in ctx.model.services if s.id == subject), None)
    return list(service.declared_in) if service else []


def _number(value: float) -> Any:
    return int(value) if float(value).is_integer() else round(value, 3)
