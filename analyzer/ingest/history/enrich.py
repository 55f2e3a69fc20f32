"""The history enricher: find the git repositories of the scan, read each once, add the facts.

A repository is a scanned root, or a service source folder (or a folder between it and its
root), that holds a `.git` entry: a monorepo root, or one repository per service in a
polyrepo scan. Repositories above a scanned root are never read (that would read outside
what was asked). All repositories share one range: `ScanOptions.since` or, by default, 12
months before the newest commit of any of them. Skipped with `ScanOptions.code` off (like
code, history is not a manifest or config file) or `ScanOptions.history` off. Registered in
`analyzer.ingest.enrichers.ENRICHERS` when `analyzer.ingest.history` is imported.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from analyzer.ingest.files import Inventory, root_labels
from analyzer.ingest.history.gitlog import Git, GitFailed, GitUnavailable
from analyzer.ingest.history.owners import ServiceDirs
from analyzer.ingest.history.reader import (
    BOT_PATTERNS,
    MAX_COUPLING_FILES,
    YEAR_SECONDS,
    Layout,
    RepoHistory,
    newest_commit_time,
    read_history,
)
from analyzer.model import Diagnostic, Severity, SystemModel


def enrich(model: SystemModel, inventory: Inventory, options: object) -> SystemModel:
    """Add `history_repos`, `file_history` and `change_sets` (and diagnostics) to `model`."""
    if not (getattr(options, "history", True) and getattr(options, "code", True)):
        return model  # --no-code promises manifests and config only
    dirs = ServiceDirs(model)
    repos, diagnostics = find_repositories(inventory, dirs)
    opened: list[tuple[Git, str, int]] = []
    for folder, label in repos:
        where = label or None
        try:
            git = Git(folder)
            newest = newest_commit_time(git)
        except GitUnavailable as err:
            diagnostics.append(Diagnostic(severity=Severity.WARNING, code="history-git-missing",
                                          message=f"change history skipped: {err} (install git)"))
            break
        except GitFailed as err:
            diagnostics.append(_unreadable(where, err))
            continue
        if newest is None:
            diagnostics.append(Diagnostic(severity=Severity.INFO, code="history-empty", file=where,
                                          message="git repository without commits: no history"))
            continue
        opened.append((git, label, newest))
    since_option = getattr(options, "since", None)
    until = max((newest for _g, _l, newest in opened), default=0)
    since = since_epoch(since_option) if since_option else until - YEAR_SECONDS
    files = set(f.rel for f in inventory.files)
    read: list[RepoHistory] = []
    for git, label, newest in opened:
        layout = Layout(label=label, owner_of=dirs.owner, exists=files.__contains__,
                        bots=tuple(getattr(options, "bot_patterns", None) or BOT_PATTERNS),
                        max_files=int(getattr(options, "max_commit_files", MAX_COUPLING_FILES)))
        try:
            history = read_history(git, layout, since, newest)
        except GitFailed as err:
            diagnostics.append(_unreadable(label or None, err))
            continue
        except GitUnavailable as err:
            diagnostics.append(Diagnostic(severity=Severity.WARNING, code="history-git-missing",
                                          message=f"change history skipped: {err} (install git)"))
            break
        if history.repo.shallow:
            diagnostics.append(Diagnostic(
                severity=Severity.WARNING, code="history-shallow", file=label or None,
                message="shallow clone: change history is partial (run `git fetch "
                        "--unshallow` before the audit)"))
        read.append(history)
    return model.model_copy(update={
        "history_repos": [*model.history_repos, *(h.repo for h in read)],
        "file_history": [*model.file_history, *(f for h in read for f in h.files)],
        "change_sets": [*model.change_sets, *(c for h in read for c in h.changes)],
        "diagnostics": [*model.diagnostics, *diagnostics],
    })


def find_repositories(inventory: Inventory, dirs: ServiceDirs
                      ) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """(folder, label) of every git repository at or inside a scanned root that holds a
    service, and an INFO diagnostic for each root without one."""
    found: dict[Path, str] = {}
    diagnostics: list[Diagnostic] = []
    labels = root_labels(inventory.roots)
    for root in inventory.roots:
        if not root.is_dir():
            continue
        prefix = labels[root]
        before = len(found)
        for folder in _candidates(root, prefix, dirs):
            git_entry = folder / ".git"
            if git_entry.exists() and not git_entry.is_symlink():
                rel = folder.relative_to(root).as_posix()
                rel = "" if rel == "." else rel
                found.setdefault(folder, "/".join(p for p in (prefix, rel) if p))
        if len(found) == before:
            diagnostics.append(Diagnostic(
                severity=Severity.INFO, code="history-not-git", file=prefix or None,
                message="not a git repository: change history skipped (scan a clone to "
                        "measure churn, change coupling and hotspots)"))
    return sorted(found.items(), key=lambda item: item[1]), diagnostics


def since_epoch(text: str) -> int:
    """Epoch seconds of an ISO date or date-time (UTC when no zone is given); ValueError if bad."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


# -- private --------------------------------------------------------------------------------


def _candidates(root: Path, prefix: str, dirs: ServiceDirs) -> list[Path]:
    """The root, and every service folder under it with the folders between them."""
    result = {root}
    for label in dirs.folders():
        if prefix and not (label == prefix or label.startswith(prefix + "/")):
            continue
        inner = label[len(prefix):].strip("/") if prefix else label
        folder = root
        for part in [p for p in inner.split("/") if p and p != ".."]:
            folder = folder / part
            result.add(folder)
    return sorted(result)


def _unreadable(where: str | None, err: Exception) -> Diagnostic:
    return Diagnostic(severity=Severity.WARNING, code="history-unreadable", file=where,
                      message=f"cannot read git history: {err}")
