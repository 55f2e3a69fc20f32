"""What changed between two audits (a base and a head revision): the data of a PR comment.

`analysis.diff.diff_results` computes it; `report.diff_markdown` renders it; `archgov diff
--format json` prints it as is. Findings are matched by fingerprint, so a finding that only
moved lines is unchanged; edges by (source, target, kind).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from analyzer.model.facts import Edge, Severity
from analyzer.model.findings import Finding

DIFF_SCHEMA_VERSION = "1.0"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScoreChange(_Frozen):
    """The readiness score (share of passed checks, 0..1) of one service before and after."""

    service: str
    before: float | None = None
    after: float | None = None


class ResultDiff(_Frozen):
    """The change from `base` to `head`: findings, cycles, edges, services and scores."""

    schema_version: str = DIFF_SCHEMA_VERSION
    base: str
    head: str
    new_findings: list[Finding] = Field(default_factory=list)
    fixed_findings: list[Finding] = Field(default_factory=list)
    unchanged_findings: list[Finding] = Field(default_factory=list)
    new_cycles: list[list[str]] = Field(default_factory=list)
    fixed_cycles: list[list[str]] = Field(default_factory=list)
    added_edges: list[Edge] = Field(default_factory=list)
    removed_edges: list[Edge] = Field(default_factory=list)
    context_edges: list[Edge] = Field(default_factory=list)  # unchanged head edges among changed nodes
    added_services: list[str] = Field(default_factory=list)
    removed_services: list[str] = Field(default_factory=list)
    touched_services: list[str] = Field(default_factory=list)
    score_changes: list[ScoreChange] = Field(default_factory=list)

    def gate_failed(self, fail_on: Severity | None) -> bool:
        """True when a new finding is at or above `fail_on` (None: never)."""
        if fail_on is None:
            return False
        return any(f.severity.rank >= fail_on.rank for f in self.new_findings)

    @property
    def changed(self) -> bool:
        return bool(self.new_findings or self.fixed_findings or self.new_cycles or
                    self.fixed_cycles or self.added_edges or self.removed_edges or
                    self.added_services or self.removed_services or
                    any(s.before != s.after for s in self.score_changes))

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"
