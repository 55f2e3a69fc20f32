"""Git revisions for `archgov diff`: the base (and head) of a change, checked out read-only.

A revision is materialised with `git worktree add --detach` in a temporary folder, so the
user's working tree, index and branches are never touched, and removed again (worktree and
its administrative entry) however the audit ends. Hooks are disabled for the checkout
(`core.hooksPath` points at an empty folder): nothing from the scanned repository runs. Every
other git call only reads. A path that is not in a git repository or a ref git cannot resolve
is a UserError.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from analyzer.errors import UserError

GIT_TIMEOUT = 300  # seconds for one git command (a checkout of a very large repository)
MAX_REF_CHARS = 200


def repository_of(path: Path) -> Path:
    """The top folder of the git work tree holding `path`."""
    folder = path if path.is_dir() else path.parent
    done = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise UserError(f"{path}: not inside a git repository",
                        "run archgov diff in a git checkout, or pass --base-facts FILE")
    return Path(done.stdout.strip()).resolve()


def resolve(repo: Path, ref: str) -> str:
    """The commit id `ref` names in `repo`."""
    if not ref.strip() or len(ref) > MAX_REF_CHARS or ref.startswith("-"):
        raise UserError(f"invalid git ref {ref[:MAX_REF_CHARS]!r}", "pass a branch, tag or commit")
    done = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}",
                check=False)
    if done.returncode != 0:
        raise UserError(f"unknown git ref {ref!r} in {repo}",
                        "fetch it first (in CI: `git fetch origin <branch>` or a full-depth checkout)")
    return done.stdout.strip()


@contextlib.contextmanager
def checkout(repo: Path, commit: str) -> Iterator[Path]:
    """A temporary detached worktree of `commit`; removed on exit."""
    parent = Path(tempfile.mkdtemp(prefix="archgov-rev-"))
    target = parent / (repo.name or "tree")  # the same folder name: the same root labels
    hooks = parent / ".no-hooks"
    hooks.mkdir()
    try:
        done = _git(repo, "-c", f"core.hooksPath={hooks}", "worktree", "add", "--detach",
                    "--quiet", str(target), commit, check=False)
        if done.returncode != 0:
            first = (done.stderr.strip().splitlines() or ["git worktree add failed"])[-1]
            raise UserError(f"cannot check out {commit[:12]}: {first}",
                            "check that the repository is not locked and the disk has space")
        yield target
    finally:
        _git(repo, "worktree", "remove", "--force", str(target), check=False)
        shutil.rmtree(parent, ignore_errors=True)
        _git(repo, "worktree", "prune", check=False)


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True,
                              errors="replace", timeout=GIT_TIMEOUT, env=env, check=check)
    except FileNotFoundError as err:
        raise UserError("git is not installed", "install git, or pass --base-facts FILE") from err
    except subprocess.TimeoutExpired as err:
        raise UserError(f"git {args[0]} took longer than {GIT_TIMEOUT}s",
                        "pass --base-facts FILE saved by an earlier run") from err


def audit_revision(ref: str, roots: list[Path], settings, options):
    """Audit the roots as they are at `ref`. Each root is read from a checkout of its own
    repository (a deploy repo and one repo per service each give `ref` its own commit); a root
    that did not exist at `ref` is left out, and a revision with none of them is an empty system."""
    from analyzer import pipeline
    from analyzer.ingest import scan
    from analyzer.model import SystemModel

    with contextlib.ExitStack() as stack:
        trees: dict[Path, Path] = {}
        mapped = []
        for root in roots:
            repo = repository_of(root)
            if repo not in trees:
                trees[repo] = stack.enter_context(checkout(repo, resolve(repo, ref)))
            path = trees[repo] / root.resolve().relative_to(repo)
            if path.exists():
                mapped.append(path)
        model = scan(mapped, options) if mapped else SystemModel()
        return pipeline.analyze(model, settings)
