"""Facts from change history and code health: what git and the complexity tools report.

The history ingestor reads one `git log` stream per repository and records, per repository,
what it read (`HistoryRepo`), per file what changed (`FileHistory`), and per commit which
services it touched (`ChangeSet`), so the analyses (revisions, churn, knowledge, change
coupling, polyrepo grouping) are pure functions of the model. The health ingestor records
per-file and per-function complexity (`FileComplexity`). Dates are ISO-8601 UTC strings.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HistoryRepo(_Frozen):
    """One git repository that was read: its range and the totals of everything in it.

    `commits`, `lines_added` and `lines_deleted` count every non-merge commit in the range
    (bots included), so they equal `git log --no-merges --numstat --no-renames` over it; the
    other counts say how many of those commits were set apart and why.
    """

    path: str  # the repository's folder as a label ("" for a single scanned root)
    head: str
    since: str
    until: str
    shallow: bool = False
    commits: int = 0
    lines_added: int = 0
    lines_deleted: int = 0
    bot_commits: int = 0
    dependency_only_commits: int = 0
    large_commits: int = 0


class AuthorShare(_Frozen):
    """How much one author changed one file: commits and lines added + deleted."""

    author: str
    revisions: int
    churn: int


class FileHistory(_Frozen):
    """The changes to one file (its newest name) in the range, bots excluded."""

    file: str  # label as in evidence: root-relative POSIX path of the newest name
    service: str | None = None
    revisions: int = 0
    added: int = 0
    deleted: int = 0
    first_change: str | None = None
    last_change: str | None = None
    exists: bool = True  # still in the scanned tree
    authors: list[AuthorShare] = Field(default_factory=list)

    @property
    def churn(self) -> int:
        return self.added + self.deleted


class ChangeKind(StrEnum):
    """What a commit is for change coupling: code, only build/dependency files, or too large."""

    CODE = "code"
    DEPENDENCY_ONLY = "dependency-only"
    LARGE = "large"


class ChangeSet(_Frozen):
    """One non-bot commit that touched files of at least one service."""

    repo: str
    commit: str  # abbreviated id (12 hex digits)
    date: str
    author: str
    kind: ChangeKind = ChangeKind.CODE
    ticket: str | None = None  # the first ticket id in the message (ABC-123), if any
    services: list[str] = Field(default_factory=list)


class FunctionComplexity(_Frozen):
    """One function or method: where it starts, its cyclomatic complexity and code lines."""

    name: str
    line: int
    cyclomatic: int
    nloc: int = 0


class FileComplexity(_Frozen):
    """Complexity of one source file, measured by radon (Python) or lizard (other languages).

    `cyclomatic` is the sum over its functions and methods (as lizard counts it), `nloc`
    the lines of code without blanks and comments, `maintainability` radon's MI (0-100,
    Python only).
    """

    file: str
    service: str | None = None
    language: str
    tool: str
    loc: int = 0
    nloc: int = 0
    cyclomatic: int = 0
    max_cyclomatic: int = 0
    maintainability: float | None = None
    functions: list[FunctionComplexity] = Field(default_factory=list)


class DeadCode(_Frozen):
    """A name vulture would report: defined in a service's Python code, used by none of the
    service's files. kind: function, method, class, import, variable, attribute, property or
    unreachable_code; confidence: vulture's 60-100."""

    file: str
    service: str | None = None
    name: str
    kind: str
    line: int
    last_line: int
    confidence: int

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.kind, self.name)


def sorted_history(repos: list[HistoryRepo], files: list[FileHistory],
                   changes: list[ChangeSet], complexity: list[FileComplexity]
                   ) -> tuple[list[HistoryRepo], list[FileHistory], list[ChangeSet],
                              list[FileComplexity]]:
    """The history and health lists in their canonical order (used by `normalized()`):
    one entry per repository path, file, (repo, commit) and file, the last one winning."""
    return (
        sorted({r.path: r for r in repos}.values(), key=lambda r: r.path),
        sorted((f.model_copy(update={"authors": sorted(
            f.authors, key=lambda a: (-a.revisions, -a.churn, a.author))})
            for f in {f.file: f for f in files}.values()), key=lambda f: f.file),
        sorted((c.model_copy(update={"services": sorted(set(c.services))})
                for c in {(c.repo, c.commit): c for c in changes}.values()),
               key=lambda c: (c.date, c.repo, c.commit)),
        sorted((c.model_copy(update={"functions": sorted(
            c.functions, key=lambda f: (f.line, f.name, f.cyclomatic))})
            for c in {c.file: c for c in complexity}.values()), key=lambda c: c.file),
    )
