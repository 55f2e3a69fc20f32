"""Change history metrics: per file and per service, and change coupling between services.

Pure functions over the model's history facts, returning pandas DataFrames sorted for stable
output. Semantics follow code-maat: revisions are commits (bots excluded), churn is lines
added + deleted, the main author is the one with the largest churn share, the bus factor
is the fewest authors who together wrote more than half of the churn, and the coupling
degree of two services is shared changes / mean of their revisions, counted over code
changes only (dependency-only and large commits do not couple). In a polyrepo system a
change is a group of commits from different repositories by the same author within a time
window, or with the same ticket id.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from itertools import combinations

import pandas as pd
from networkx.utils import UnionFind

from analyzer.model import SystemModel
from analyzer.model.history import ChangeKind, ChangeSet

FILE_COLUMNS = ["file", "service", "revisions", "added", "deleted", "churn", "authors",
                "main_author", "main_author_share", "last_change", "age_days", "exists"]
SERVICE_COLUMNS = ["service", "revisions", "code_revisions", "churn", "authors", "main_author",
                   "main_author_share", "bus_factor", "last_change", "age_days"]
PAIR_COLUMNS = ["service_a", "service_b", "shared", "revisions_a", "revisions_b", "degree"]


def file_stats(model: SystemModel) -> pd.DataFrame:
    """One row per file with history in the range."""
    until = _until(model)
    rows = []
    for f in model.file_history:
        main, share = _main_author({a.author: a.churn for a in f.authors})
        rows.append({"file": f.file, "service": f.service, "revisions": f.revisions,
                     "added": f.added, "deleted": f.deleted, "churn": f.churn,
                     "authors": len(f.authors), "main_author": main, "main_author_share": share,
                     "last_change": f.last_change, "age_days": _age(f.last_change, until),
                     "exists": f.exists})
    return _frame(rows, FILE_COLUMNS, ["file"])


def service_stats(model: SystemModel) -> pd.DataFrame:
    """One row per service with history: revisions, churn, knowledge concentration, age."""
    until = _until(model)
    revisions: dict[str, int] = defaultdict(int)
    code: dict[str, int] = defaultdict(int)
    for change in model.change_sets:
        for service in change.services:
            revisions[service] += 1
            code[service] += change.kind is ChangeKind.CODE
    churn: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    last: dict[str, str] = {}
    for f in model.file_history:
        if f.service is None:
            continue
        for a in f.authors:
            churn[f.service][a.author] += a.churn
        if f.last_change and f.last_change > last.get(f.service, ""):
            last[f.service] = f.last_change
    rows = []
    for service in sorted(set(revisions) | set(churn)):
        by_author = churn.get(service, {})
        main, share = _main_author(by_author)
        rows.append({"service": service, "revisions": revisions.get(service, 0),
                     "code_revisions": code.get(service, 0), "churn": sum(by_author.values()),
                     "authors": len(by_author), "main_author": main, "main_author_share": share,
                     "bus_factor": bus_factor(by_author), "last_change": last.get(service),
                     "age_days": _age(last.get(service), until)})
    return _frame(rows, SERVICE_COLUMNS, ["service"])


def change_pairs(model: SystemModel, window_hours: float = 24.0,
                 group_by_ticket: bool = True) -> pd.DataFrame:
    """Every pair of services changed together at least once, with revisions and degree."""
    changes = logical_changes(model.change_sets, window_hours, group_by_ticket)
    revisions: dict[str, int] = defaultdict(int)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for services in changes:
        for service in services:
            revisions[service] += 1
        for pair in combinations(sorted(services), 2):
            shared[pair] += 1
    rows = []
    for (a, b), count in shared.items():
        mean = (revisions[a] + revisions[b]) / 2
        rows.append({"service_a": a, "service_b": b, "shared": count,
                     "revisions_a": revisions[a], "revisions_b": revisions[b],
                     "degree": round(count / mean, 4) if mean else 0.0})
    frame = _frame(rows, PAIR_COLUMNS, ["service_a", "service_b"])
    return frame.sort_values(["degree", "shared", "service_a", "service_b"],
                             ascending=[False, False, True, True], kind="stable",
                             ignore_index=True)


def coupled_pairs(model: SystemModel, min_revisions: int = 5, min_shared: int = 5,
                  min_degree: float = 0.30, window_hours: float = 24.0,
                  group_by_ticket: bool = True) -> pd.DataFrame:
    """The pairs above all three thresholds (code-maat's defaults)."""
    pairs = change_pairs(model, window_hours, group_by_ticket)
    keep = ((pairs["revisions_a"] >= min_revisions) & (pairs["revisions_b"] >= min_revisions)
            & (pairs["shared"] >= min_shared) & (pairs["degree"] >= min_degree))
    return pairs[keep].reset_index(drop=True)


def logical_changes(change_sets: list[ChangeSet], window_hours: float = 24.0,
                    group_by_ticket: bool = True) -> list[frozenset[str]]:
    """The services of each logical code change.

    In one repository every commit is a change. When the change sets come from several
    repositories, commits in different repositories join one change when they share a ticket
    id, or have the same author and lie at most `window_hours` apart.
    """
    code = [c for c in change_sets if c.kind is ChangeKind.CODE]
    if len({c.repo for c in code}) <= 1:
        return [frozenset(c.services) for c in code]
    joined = UnionFind(range(len(code)))
    times = [_epoch(c.date) for c in code]
    by_author: dict[str, list[int]] = defaultdict(list)
    by_ticket: dict[str, int] = {}
    for i in sorted(range(len(code)), key=lambda k: (times[k], code[k].repo, code[k].commit)):
        by_author[code[i].author].append(i)
        ticket = code[i].ticket
        if group_by_ticket and ticket:
            if ticket in by_ticket:
                joined.union(i, by_ticket[ticket])
            else:
                by_ticket[ticket] = i
    window = window_hours * 3600
    for indexes in by_author.values():
        for pos, i in enumerate(indexes):
            for j in indexes[pos + 1:]:
                if times[j] - times[i] > window:
                    break
                if code[i].repo != code[j].repo:
                    joined.union(i, j)
    groups: dict[int, set[str]] = {}  # by first member: insertion order is deterministic
    for i, change in enumerate(code):
        groups.setdefault(joined[i], set()).update(change.services)
    return [frozenset(s) for s in groups.values()]


def bus_factor(churn_by_author: dict[str, int]) -> int:
    """The fewest authors whose churn together is more than half of all churn (0: none)."""
    total = sum(churn_by_author.values())
    if total <= 0:
        return 0
    covered = 0
    for count, value in enumerate(sorted(churn_by_author.values(), reverse=True), start=1):
        covered += value
        if covered * 2 > total:
            return count
    return len(churn_by_author)


# -- private --------------------------------------------------------------------------------


def _main_author(churn_by_author: dict[str, int]) -> tuple[str | None, float]:
    if not churn_by_author:
        return None, 0.0
    author, value = min(churn_by_author.items(), key=lambda item: (-item[1], item[0]))
    total = sum(churn_by_author.values())
    return author, round(value / total, 4) if total else 0.0


def _until(model: SystemModel) -> str | None:
    return max((r.until for r in model.history_repos), default=None)


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _age(last: str | None, until: str | None) -> int | None:
    if not last or not until:
        return None
    return int((_epoch(until) - _epoch(last)) // 86400)


def _frame(rows: list[dict], columns: list[str], keys: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(keys, kind="stable", ignore_index=True) if rows else frame
