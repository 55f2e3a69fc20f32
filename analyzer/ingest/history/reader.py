"""Read one git repository's history into facts: one `git log` stream, folded as it arrives.

What the stream gives is classified the way code-maat and CodeScene do: merge commits are
not read (`--no-merges`), bot commits count in the totals only, commits touching only build
and dependency files are `dependency-only` and commits touching more than `max_files` files
are `large`, and neither of those two feeds change coupling. Line counts are those of
`--no-renames` (a rename is a delete plus an add, as git counts it), while a file's history
follows its renames: a file deleted and one created in the same commit with the same name
in another folder, or else with the same line count, is one file moved, and its older
changes are booked under its newest name.
"""

from __future__ import annotations

import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from analyzer.ingest.history.gitlog import Commit, Git, GitFailed
from analyzer.model.history import AuthorShare, ChangeKind, ChangeSet, FileHistory, HistoryRepo

BOT_PATTERNS = ("[bot]", "dependabot", "renovate", "github-actions", "greenkeeper",
                "snyk-bot", "mergify")
DEPENDENCY_FILES = frozenset({"pom.xml", "build.gradle", "build.gradle.kts", "package.json",
                              "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
                              "pnpm-lock.yaml", "go.mod", "go.sum", "poetry.lock",
                              "pipfile.lock", "gradle.lockfile", "directory.packages.props",
                              "packages.lock.json"})
MAX_COUPLING_FILES = 50
TICKET = re.compile(r"\b([A-Z][A-Z0-9]{1,9}-[0-9]+)\b")
YEAR_SECONDS = 365 * 24 * 3600


@dataclass(frozen=True)
class Layout:
    """Where a repository sits in the scan: its label, and how its paths map to services."""

    label: str
    owner_of: Callable[[str], str | None]  # file label -> service id
    exists: Callable[[str], bool]  # file label -> still in the scanned tree
    bots: tuple[str, ...] = BOT_PATTERNS
    max_files: int = MAX_COUPLING_FILES

    def file_label(self, path: str) -> str:
        return f"{self.label}/{path}" if self.label else path


@dataclass
class RepoHistory:
    """Everything read from one repository."""

    repo: HistoryRepo
    files: list[FileHistory] = field(default_factory=list)
    changes: list[ChangeSet] = field(default_factory=list)


def newest_commit_time(git: Git) -> int | None:
    """The committer time of HEAD, or None for a repository without commits (raises GitFailed
    when the folder's .git is not a readable repository)."""
    git.run("rev-parse", "--git-dir")
    try:
        git.run("rev-parse", "--verify", "-q", "HEAD^{commit}")
    except GitFailed:
        return None
    text = git.run("log", "-1", "--format=%ct", "HEAD")
    return int(text) if text.isdigit() else None


def read_history(git: Git, layout: Layout, since: int, until: int) -> RepoHistory:
    """Fold the repository's commits since `since` (epoch seconds) into facts."""
    shallow = git.run("rev-parse", "--is-shallow-repository") == "true"
    head = git.run("rev-parse", "HEAD")[:12]
    folder = _Folder(layout)
    for commit in git.log(f"--since=@{since}", "HEAD", "--"):
        folder.add(commit)
    repo = HistoryRepo(path=layout.label, head=head, since=iso(since), until=iso(until),
                       shallow=shallow, **folder.totals)
    return RepoHistory(repo=repo, files=folder.files(), changes=folder.changes)


def is_bot(author: str, email: str, patterns: tuple[str, ...] = BOT_PATTERNS) -> bool:
    """True when the author name or e-mail contains one of `patterns` (case-insensitive)."""
    text = f"{author}\n{email}".lower()
    return any(p.lower() in text for p in patterns)


def is_dependency_file(path: str) -> bool:
    """A build or dependency manifest: version bumps touch only these."""
    name = posixpath.basename(path).lower()
    return name in DEPENDENCY_FILES or name.endswith(".csproj") or (
        name.startswith("requirements") and name.endswith(".txt"))


def iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


# -- private --------------------------------------------------------------------------------


class _Folder:
    """Accumulates commits, newest first, into per-file and per-commit facts."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.alias: dict[str, str] = {}  # older path -> newest name
        self.stats: dict[str, list] = {}  # path -> [revisions, added, deleted, first, last, authors]
        self.changes: list[ChangeSet] = []
        self.owners: dict[str, str | None] = {}  # path -> service, memoised
        self.dependency: dict[str, bool] = {}  # path -> is a build/dependency file, memoised
        self.bots: dict[tuple[str, str], bool] = {}  # (author, e-mail) -> is a bot, memoised
        self.totals = {"commits": 0, "lines_added": 0, "lines_deleted": 0, "bot_commits": 0,
                       "dependency_only_commits": 0, "large_commits": 0}

    def add(self, commit: Commit) -> None:
        totals = self.totals
        totals["commits"] += 1
        touched: dict[str, list[int]] = {}
        resolve, alias = self._resolve, self.alias
        self._follow_renames(commit)
        dependency_only = bool(commit.changes)
        for added, deleted, path in commit.changes:
            added, deleted = added or 0, deleted or 0
            totals["lines_added"] += added
            totals["lines_deleted"] += deleted
            counts = touched.setdefault(resolve(path) if alias else path, [0, 0])
            counts[0] += added
            counts[1] += deleted
            if dependency_only and not self._is_dependency(path):
                dependency_only = False
        who = (commit.author, commit.email)
        if who not in self.bots:
            self.bots[who] = is_bot(commit.author, commit.email, self.layout.bots)
        if self.bots[who]:
            totals["bot_commits"] += 1
            return
        for path, (added, deleted) in touched.items():
            self._book(path, added, deleted, commit)
        if dependency_only:
            kind = ChangeKind.DEPENDENCY_ONLY
            totals["dependency_only_commits"] += 1
        elif len(commit.changes) > self.layout.max_files:
            kind = ChangeKind.LARGE
            totals["large_commits"] += 1
        else:
            kind = ChangeKind.CODE
        services = {self._owner(p) for p in touched} - {None}
        if services:
            ticket = TICKET.search(commit.subject)
            self.changes.append(ChangeSet.model_construct(
                repo=self.layout.label, commit=commit.sha[:12], date=iso(commit.time),
                author=commit.author, kind=kind, ticket=ticket.group(1) if ticket else None,
                services=sorted(services)))

    def files(self) -> list[FileHistory]:
        layout, result = self.layout, []
        for path, (revisions, added, deleted, first, last, authors) in self.stats.items():
            label = layout.file_label(path)
            result.append(FileHistory(
                file=label, service=layout.owner_of(label), revisions=revisions, added=added,
                deleted=deleted, first_change=iso(first), last_change=iso(last),
                exists=layout.exists(label),
                authors=[AuthorShare(author=a, revisions=r, churn=c)
                         for a, (r, c) in authors.items()]))
        return result

    def _owner(self, path: str) -> str | None:
        if path not in self.owners:
            self.owners[path] = self.layout.owner_of(self.layout.file_label(path))
        return self.owners[path]

    def _is_dependency(self, path: str) -> bool:
        if path not in self.dependency:
            self.dependency[path] = is_dependency_file(path)
        return self.dependency[path]

    def _book(self, path: str, added: int, deleted: int, commit: Commit) -> None:
        entry = self.stats.get(path)
        if entry is None:
            entry = self.stats[path] = [0, 0, 0, commit.time, commit.time, {}]
        entry[0] += 1
        entry[1] += added
        entry[2] += deleted
        entry[3] = min(entry[3], commit.time)
        entry[4] = max(entry[4], commit.time)
        share = entry[5].setdefault(commit.author, [0, 0])
        share[0] += 1
        share[1] += added + deleted

    def _resolve(self, path: str) -> str:
        for _ in range(64):  # alias chains are short; the bound guards against a cycle
            newer = self.alias.get(path)
            if newer is None or newer == path:
                return path
            path = newer
        return path

    def _follow_renames(self, commit: Commit) -> None:
        """Map each path deleted in `commit` to the path created there that it moved to."""
        if not commit.removed or not commit.created:
            return
        counts = {p: (a, d) for a, d, p in commit.changes}
        created = sorted(commit.created)
        for old in sorted(commit.removed):
            name = posixpath.basename(old)
            same_name = [c for c in created if posixpath.basename(c) == name]
            lines = counts.get(old, (None, None))[1]
            same_size = [c for c in created if lines and counts.get(c, (None, None))[0] == lines]
            match = same_name if len(same_name) == 1 else same_size
            if len(match) == 1:
                newest = self._resolve(match[0])
                if newest != old:
                    self.alias[old] = newest
                created.remove(match[0])
