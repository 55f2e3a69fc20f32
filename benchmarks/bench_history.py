"""Benchmark the history pass against a bare `git log --numstat` over the same repository.

Builds (with `git fast-import`, through the history fixture builder) a repository of
--commits commits (default 20,000) over --services services, or takes a real repository
given as an argument, and prints for the same range:

  - git:     `git log --no-merges --numstat --no-renames` with its output read whole;
  - archgov: the history pass (`read_history`: the one `git log` stream, parsed and folded);
  - ratio:   archgov / git (target <= 1.5x);

and checks that both give the same totals (commits, lines added, lines deleted). Each is
run --repeat times after one warm-up run, and the best time counts. Not a test.
    python benchmarks/bench_history.py [--commits N] [--since DATE] [REPO]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analyzer.ingest.history.enrich import since_epoch
from analyzer.ingest.history.gitlog import Git
from analyzer.ingest.history.reader import YEAR_SECONDS, Layout, newest_commit_time, read_history

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", help="a real git repository (default: generate one)")
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--services", type=int, default=12)
    parser.add_argument("--since", help="start of the range (default: 12 months before the "
                                        "newest commit, archgov's default)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archgov-bench-history-") as tmp:
        if args.repo:
            repo = Path(args.repo).resolve()
        else:
            repo = Path(tmp) / "generated"
            started = time.perf_counter()
            generate(repo, args.commits, args.services)
            print(f"generated {args.commits} commits in {time.perf_counter() - started:.1f} s")
        git = Git(repo)
        until = newest_commit_time(git)
        if until is None:
            sys.exit(f"{repo}: no commits")
        since = since_epoch(args.since) if args.since else until - YEAR_SECONDS
        layout = Layout(label="", owner_of=_owner, exists=lambda _label: True)
        bare_time, bare = _best(args.repeat, lambda: bare_log(repo, since))
        ours_time, history = _best(args.repeat, lambda: read_history(git, layout, since, until))
        ours = (history.repo.commits, history.repo.lines_added, history.repo.lines_deleted)
        print(f"repository: {repo}")
        print(f"range: since {history.repo.since} until {history.repo.until}")
        print(f"totals (commits, added, deleted): git {bare}  archgov {ours}")
        print(f"files with history: {len(history.files)}, change sets: {len(history.changes)}")
        print(f"git log --numstat: {bare_time:.3f} s")
        print(f"archgov history:   {ours_time:.3f} s")
        print(f"ratio: {ours_time / bare_time:.2f}x (target <= 1.5x)")
        if bare != ours:
            sys.exit("totals differ")


def generate(repo: Path, commits: int, services: int, seed: int = 7) -> None:
    """A repository of `commits` commits by a few authors (and a bot) over `services`
    folders, each commit changing one to four files, some of them build files."""
    builder = _builder()
    rng = random.Random(seed)
    authors = [("Ann", "ann@example.com"), ("Ben", "ben@example.com"),
               ("Cy", "cy@example.com"), ("Di", "di@example.com"),
               ("dependabot[bot]", "bot@example.com")]
    files = [f"services/s{s:02d}/src/m{m:03d}.py" for s in range(services) for m in range(40)]
    files += [f"services/s{s:02d}/requirements.txt" for s in range(services)]
    contents: dict[str, list[str]] = {}
    start = 1_700_000_000
    step = max(1, (YEAR_SECONDS * 9 // 10) // commits)  # every commit in the default range

    def change(n: int):
        name, email = rng.choice(authors)
        writes = {}
        for path in rng.sample(files, rng.randint(1, 4)):
            lines = contents.setdefault(path, [])
            if lines and rng.random() < 0.3:
                del lines[rng.randrange(len(lines))]
            lines.extend(f"line {n} {k}" for k in range(rng.randint(1, 6)))
            writes[path] = "\n".join(lines) + "\n"
        return builder.Change(name=name, email=email, time=start + n * step,
                              message=f"T-{n % 500} change {n}", writes=writes)

    builder.write_repository(repo, (change(n) for n in range(commits)))


def bare_log(repo: Path, since: int) -> tuple[int, int, int]:
    """Run the bare `git log --numstat`, read its output, and total it (the totalling is
    timed too, but is a small part)."""
    out = subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "log", "--no-merges",
                          "--numstat", "--no-renames", "--format=%x01", f"--since=@{since}",
                          "HEAD", "--"], cwd=repo, capture_output=True, check=True).stdout
    added = deleted = 0
    for line in out.split(b"\n"):
        parts = line.split(b"\t", 2)
        if len(parts) == 3:
            added += int(parts[0]) if parts[0].isdigit() else 0
            deleted += int(parts[1]) if parts[1].isdigit() else 0
    return out.count(b"\x01"), added, deleted


def _best(repeat: int, run):
    result = run()  # warm-up: page cache, imports
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def _owner(label: str) -> str | None:
    parts = label.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "services" else None


def _builder():
    path = ROOT / "fixtures" / "history" / "build.py"
    spec = importlib.util.spec_from_file_location("history_fixture_build", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main()
