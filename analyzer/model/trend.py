"""One recorded audit run as a point of a trend: what `archgov history` lists and charts draw."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TrendPoint(BaseModel):
    """The headline numbers of one audit run in a history file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    run: int
    recorded_at: str  # ISO-8601 UTC
    commits: dict[str, str | None] = Field(default_factory=dict)  # root label -> commit id
    services: int = 0
    datastores: int = 0
    edges: int = 0
    cycles: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0
    score: float | None = None  # readiness: share of passed checks, when any ran
    rules: dict[str, int] = Field(default_factory=dict)  # findings per rule id

    @property
    def findings(self) -> int:
        return self.error + self.warning + self.info
