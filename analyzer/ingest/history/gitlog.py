"""Run git safely and parse its `log --numstat --summary` stream one commit at a time.

git runs through GitPython with every repository-controlled command switched off: no hooks,
no pager, no textconv or external diff drivers, no signature checks (gpg), no fsmonitor.
Only `rev-parse` and `log` are run, never anything that writes. The log is read line by
line from the process, so memory stays bounded by one commit, not by the whole history.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Options that keep a hostile repository's config from running anything.
SAFE_CONFIG = ("core.hooksPath=/dev/null", "core.fsmonitor=false", "core.quotePath=false",
               "log.showSignature=false", "diff.renames=false", "gc.auto=0")
LOG_FORMAT = "%x01%H%x00%at%x00%aN%x00%aE%x00%s"


class GitUnavailable(Exception):
    """git (or GitPython) cannot be run on this machine."""


class GitFailed(Exception):
    """A git command exited non-zero; the message is git's first line of stderr."""


@dataclass
class Commit:
    """One commit as the stream gives it: id, author time, author, subject and file changes."""

    sha: str
    time: int
    author: str
    email: str
    subject: str
    # (added, deleted, path); added/deleted are None for binary files
    changes: list[tuple[int | None, int | None, str]] = field(default_factory=list)
    created: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


class Git:
    """A read-only git runner bound to one repository's git dir."""

    def __init__(self, repo_dir: Path) -> None:
        try:
            import git  # GitPython raises ImportError when no git executable is found
        except ImportError as err:
            raise GitUnavailable(f"GitPython cannot run git: {str(err).splitlines()[0]}") from err
        self._git = git
        self._cmd = git.cmd.Git(str(repo_dir))
        self._git_dir = str(repo_dir / ".git")

    def run(self, *args: str) -> str:
        """The output of one short git command (rev-parse, log -1), stripped."""
        try:
            return str(self._cmd.execute(self._argv(args), with_extended_output=False,
                                         stdout_as_string=True)).strip()
        except self._git.exc.GitCommandNotFound as err:
            raise GitUnavailable("git is not installed or not on PATH") from err
        except self._git.exc.GitCommandError as err:
            raise GitFailed(_first_line(err.stderr)) from err

    def log(self, *args: str) -> Iterator[Commit]:
        """Stream `git log <args>` with the numstat/summary format, one Commit at a time."""
        argv = self._argv(("log", f"--format={LOG_FORMAT}", "--numstat", "--summary",
                           "--no-renames", "--no-merges", "--no-textconv", "--no-ext-diff",
                           "--no-color", *args))
        try:
            proc = self._cmd.execute(argv, as_process=True)
        except self._git.exc.GitCommandNotFound as err:
            raise GitUnavailable("git is not installed or not on PATH") from err
        try:
            yield from parse_log(proc.proc.stdout)
        finally:
            proc.proc.stdout.close()
            stderr = proc.proc.stderr.read() if proc.proc.stderr else b""
            code = proc.proc.wait()
        if code != 0:
            raise GitFailed(_first_line(stderr))

    def _argv(self, args: tuple[str, ...]) -> list[str]:
        executable = self._git.cmd.Git.GIT_PYTHON_GIT_EXECUTABLE or "git"
        argv = [executable, "--no-pager", f"--git-dir={self._git_dir}"]
        for option in SAFE_CONFIG:
            argv += ["-c", option]
        return argv + list(args)


def parse_log(lines) -> Iterator[Commit]:
    """Commits from the byte lines of `git log --format=LOG_FORMAT --numstat --summary`."""
    current: Commit | None = None
    for raw in lines:
        first = raw[:1]
        if first == b"\x01":
            if current is not None:
                yield current
            current = _header(raw[1:].rstrip(b"\n"))
        elif current is None or first in (b"\n", b""):
            continue
        elif first == b" ":
            _summary(raw.rstrip(b"\n").decode("utf-8", "surrogateescape"), current)
        else:
            parts = raw.rstrip(b"\n").split(b"\t", 2)
            if len(parts) == 3:
                added, deleted, path = parts
                text = path.decode("utf-8", "surrogateescape")
                current.changes.append((int(added) if added.isdigit() else None,
                                        int(deleted) if deleted.isdigit() else None,
                                        unquote(text) if text[:1] == '"' else text))
    if current is not None:
        yield current


def unquote(path: str) -> str:
    """A path as git prints it, without C-style quoting ("a\\tb" -> a<TAB>b)."""
    if not (len(path) >= 2 and path[0] == '"' and path[-1] == '"'):
        return path
    body, out, i = path[1:-1], bytearray(), 0
    escapes = {"n": 10, "t": 9, "r": 13, '"': 34, "\\": 92, "a": 7, "b": 8, "f": 12, "v": 11}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in escapes:
                out.append(escapes[nxt])
                i += 2
                continue
            if body[i + 1:i + 4].isdigit() and len(body[i + 1:i + 4]) == 3:
                out.append(int(body[i + 1:i + 4], 8) & 0xFF)
                i += 4
                continue
        out += ch.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")


# -- private --------------------------------------------------------------------------------


def _header(data: bytes) -> Commit:
    parts = data.decode("utf-8", "replace").split("\x00")
    parts += [""] * (5 - len(parts))
    sha, time, author, email, subject = parts[:5]
    return Commit(sha=sha, time=int(time) if time.isdigit() else 0, author=author,
                  email=email, subject=subject)


def _summary(line: str, commit: Commit) -> None:
    words = line.strip().split(" ", 3)
    if len(words) == 4 and words[1] == "mode":
        if words[0] == "create":
            commit.created.add(unquote(words[3]))
        elif words[0] == "delete":
            commit.removed.add(unquote(words[3]))


def _first_line(stderr: object) -> str:
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    text = str(stderr or "").strip().strip("'").strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("stderr:"):
            return line
        if line.startswith("stderr:"):
            rest = line[len("stderr:"):].strip().strip("'").strip()
            if rest:
                return rest
    return "git failed"
