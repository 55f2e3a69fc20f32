"""The time window of runtime facts: `7d`-style durations and bounded range-query steps.

Every query covers the window ending at one evaluation time. Range queries use a step chosen
from the window so a series never has more than `MAX_POINTS` points, whatever the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_POINTS = 120  # per series of a range query
MIN_STEP_SECONDS = 60
MIN_RATE_SECONDS = 300  # rate() in a range query needs at least a few scrapes
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
_DURATION = re.compile(r"([0-9]{1,6})([smhdwy])")
MAX_WINDOW_SECONDS = 2 * 31536000


class BadWindow(ValueError):
    """A window that is not a duration like 30m, 6h, 7d or 2w."""


@dataclass(frozen=True)
class Window:
    """The range ending at `end`: its PromQL spelling, length, and range-query step."""

    text: str
    seconds: int
    end: datetime

    @property
    def start_epoch(self) -> float:
        return self.end.timestamp() - self.seconds

    @property
    def end_epoch(self) -> float:
        return self.end.timestamp()

    @property
    def step(self) -> int:
        """Seconds between points of a range query: at most MAX_POINTS points per series."""
        return max(MIN_STEP_SECONDS, -(-self.seconds // MAX_POINTS))

    @property
    def rate_range(self) -> str:
        """The rate() range of a range query: a few steps wide, so no point falls between scrapes."""
        return f"{max(4 * self.step, MIN_RATE_SECONDS)}s"


def parse_duration(text: str) -> int:
    """Seconds in a Prometheus-style duration (`90m`, `7d`, `1d12h`); BadWindow otherwise."""
    clean = text.strip()
    if not clean or len(clean) > 40 or _DURATION.sub("", clean):
        raise BadWindow(f"'{clean[:40]}' is not a duration like 30m, 6h, 7d or 2w")
    seconds = sum(int(n) * _UNITS[unit] for n, unit in _DURATION.findall(clean))
    if not 60 <= seconds <= MAX_WINDOW_SECONDS:
        raise BadWindow(f"'{clean}' must be between 1m and 2y")
    return seconds


def window_ending(text: str, end: datetime | None = None) -> Window:
    """The window `text` ending at `end` (default: now, whole seconds, UTC)."""
    seconds = parse_duration(text)
    moment = (end or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return Window(text=text.strip(), seconds=seconds, end=moment)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
