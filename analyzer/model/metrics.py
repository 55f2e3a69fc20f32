"""Derived metrics and the audit result that reporters render."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from analyzer.model.facts import Severity, SystemModel
from analyzer.model.findings import Finding
from analyzer.model.ruleinfo import RuleInfo
from analyzer.model.runtime import RuntimeSummary
from analyzer.model.trend import TrendPoint


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ServiceMetrics(_Frozen):
    """Coupling metrics of one service in the service graph."""

    service: str
    fan_in: int
    fan_out: int
    instability: float
    sync_depth: int
    blast_radius: int


class GraphMetrics(_Frozen):
    """Graph-wide metrics: strongly connected components and a bounded list of example cycles."""

    services: list[ServiceMetrics] = Field(default_factory=list)
    components: list[list[str]] = Field(default_factory=list)
    cycles: list[list[str]] = Field(default_factory=list)
    cycles_truncated: bool = False

    def for_service(self, service_id: str) -> ServiceMetrics | None:
        return next((m for m in self.services if m.service == service_id), None)


CheckStatus = Literal["pass", "fail", "n/a"]


class ServiceCheck(_Frozen):
    """One scorecard rule's verdict on one service: pass, fail, or not applicable."""

    rule_id: str
    service: str
    status: CheckStatus


class Suppressed(_Frozen):
    """A finding that an ignore, a baseline entry or an inline suppression kept out of the
    verdict; kept so reports can count it."""

    by: Literal["ignore", "baseline", "inline"]
    reason: str = ""
    finding: Finding


class AuditResult(_Frozen):
    """Everything an audit produced: the facts, the metrics, the sorted findings, and the
    scorecard (`checks`, sorted by service then rule) of the rules that report passes, and the
    texts of the evaluated rules (`rules`) for the reports that describe them."""

    model: SystemModel
    metrics: GraphMetrics
    findings: list[Finding] = Field(default_factory=list)
    rules_evaluated: list[str] = Field(default_factory=list)
    checks: list[ServiceCheck] = Field(default_factory=list)
    runtime: RuntimeSummary | None = None  # only when runtime facts were read
    rules: list[RuleInfo] = Field(default_factory=list)  # the evaluated rules' texts, by id
    suppressed: list[Suppressed] = Field(default_factory=list)
    stale_baseline: list[str] = Field(default_factory=list)  # fingerprints that matched nothing
    trend: list[TrendPoint] = Field(default_factory=list)  # earlier runs and this one (--history)

    def rule(self, rule_id: str) -> RuleInfo | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def score(self, service: str | None = None) -> float | None:
        """Share of passed checks (0..1) of one service, or of all; None when none applied."""
        chosen = [c for c in self.checks if c.status != "n/a"
                  and (service is None or c.service == service)]
        if not chosen:
            return None
        return sum(c.status == "pass" for c in chosen) / len(chosen)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def gate_failed(self, fail_on: Severity | None) -> bool:
        """True when a finding is at or above `fail_on` (None: the gate never fails)."""
        if fail_on is None:
            return False
        return any(f.severity.rank >= fail_on.rank for f in self.findings)
