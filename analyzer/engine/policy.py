"""What a project decides about verdicts beyond the rules themselves: escalation by blast
radius, ignores with reasons and expiry dates, a baseline, layers and scorecard packs.

These are data (validated pydantic models) that the config layer fills and `assess` applies;
nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from analyzer.model import Severity

DEFAULT_SCORECARD_PACKS = ("readiness",)
MAX_REASON_CHARS = 500


class EscalationSpec(BaseModel):
    """`escalation:` in config: failing checks on a service at least `blast_radius` services
    depend on (transitively) are raised one level, up to `to`, for rules of `packs`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    blast_radius: int = Field(5, ge=1)
    to: Severity = Severity.ERROR
    packs: list[str] = Field(default_factory=lambda: list(DEFAULT_SCORECARD_PACKS))
    enabled: bool = True


class IgnoreSpec(BaseModel):
    """One `ignores:` entry: findings of `rule` (id or glob) on `subject` (glob) are kept out
    of the verdict for `reason` until `expires` (a date; past it the ignore is a finding)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(min_length=1, max_length=200)
    subject: str = Field("*", min_length=1, max_length=500)
    reason: str = Field(min_length=1, max_length=MAX_REASON_CHARS)
    expires: dt.date | None = None


class PackSpec(BaseModel):
    """`packs: {smells: {enabled: false}}`: switch a whole pack off (or on)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True


@dataclass(frozen=True)
class Policy:
    """Everything `assess` applies after the kinds have judged."""

    layers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    escalation: EscalationSpec | None = field(default_factory=EscalationSpec)
    scorecard_packs: tuple[str, ...] = DEFAULT_SCORECARD_PACKS
    ignores: tuple[IgnoreSpec, ...] = ()
    baseline: dict[str, str] | None = None  # fingerprint -> 'rule-id subject'; None: none given
    today: dt.date | None = None  # None: the current UTC date


def raised(severity: Severity, ceiling: Severity) -> Severity:
    """`severity` one level up, never above `ceiling` (and never lowered)."""
    order = sorted(Severity, key=lambda s: s.rank)
    up = order[min(severity.rank + 1, len(order) - 1)]
    return up if up.rank <= ceiling.rank else max(severity, ceiling, key=lambda s: s.rank)
