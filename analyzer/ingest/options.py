"""The one frozen settings object a scan is run with (CLI > config file > defaults)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScanOptions:
    """What to scan and how: skipped folders, declared sources and entry points, code passes."""

    exclude_dirs: frozenset[str] = frozenset()
    sources: tuple[tuple[str, str], ...] = ()  # (service id, path) from config
    entry_points: tuple[str, ...] = ()  # service ids the user declares as entry points
    code: bool = True  # run code enrichers
    jobs: int = 0
    cache_dir: str | None = None
    history: bool = True  # read git history (churn, authors, change coupling)
    since: str | None = None  # ISO date; None: 12 months before the newest commit
    bot_patterns: tuple[str, ...] | None = None  # None: the default bot author patterns
    max_commit_files: int = 50  # commits touching more files are left out of change coupling
    # called as progress(done, total) while source files are extracted (a UI hook, e.g. rich)
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)
