"""Fuzz the whole audit: thousands of generated small repositories through scan, analysis,
rules and every report, in worker processes with a time and memory limit each.

The repositories come from the hypothesis strategies in tests/fuzz (compose, Kubernetes,
Dockerfiles, .env, Spring/.NET config, build files and source files in every language, code
extraction included), with the known-hazard inputs mixed in. Each input is written to a temp
folder and audited in-process by a worker (config, `run_audit`, `write_reports` with the
default formats, JSON outputs checked as strict UTF-8 JSON). A worker that passes the time
limit is killed and the input counted as a hang; an exception other than a user error is a
crash. The first reproducers of each are saved under --save DIR (the tree, plus what happened).

    python benchmarks/fuzz_audit.py [--count 10000] [--seed 0] [--jobs 2] [--timeout 10]
                                    [--save DIR] [--no-hazards]

Prints: inputs tried, outcomes, crashes by kind, hangs, peak worker memory, throughput.
Not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import wait
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "fuzz"))
from strategies import write_tree  # noqa: E402 - the suite's strategies, found through the path above

MEMORY_LIMIT = 3 * 1024**3  # bytes of address space per worker: a memory bomb becomes MemoryError
JSON_OUTPUTS = ("facts.json", "findings.json", "graph.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs to try")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (same seed, same inputs)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per input before a hang")
    parser.add_argument("--save", type=Path, help="folder for the first reproducers")
    parser.add_argument("--keep", type=int, default=5, help="reproducers saved per kind")
    parser.add_argument("--no-hazards", action="store_true",
                        help="leave out the inputs of crashes known and being fixed elsewhere")
    args = parser.parse_args()
    fuzz = Fuzz(args)
    started = time.monotonic()
    try:
        fuzz.run()
    finally:
        fuzz.close()
    fuzz.report(time.monotonic() - started)
    return 1 if fuzz.crashes or fuzz.hangs else 0


class Fuzz:
    """Feeds generated trees to a pool of killable workers and tallies what comes back."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.context = multiprocessing.get_context("fork")
        self.workers = [self._spawn() for _ in range(max(1, args.jobs))]
        self.busy: dict[int, tuple[int, dict[str, str], float]] = {}  # worker index -> task
        self.tried = 0
        self.outcomes: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.saved: Counter[str] = Counter()
        self.crashes = 0
        self.hangs = 0
        self.peak_kib = 0
        self.files = 0

    def run(self) -> None:
        from hypothesis import HealthCheck, Phase, given, seed, settings

        from strategies import repositories

        @seed(self.args.seed)
        @settings(max_examples=self.args.count, deadline=None, database=None,
                  phases=(Phase.generate,), suppress_health_check=list(HealthCheck))
        @given(repositories(hazards=not self.args.no_hazards))
        def feed(tree: dict[str, str]) -> None:
            if self.tried >= self.args.count:
                return
            self.tried += 1
            self.files += len(tree)
            self._submit(tree)
            if self.tried % 500 == 0:
                print(f"... {self.tried} inputs, {self.crashes} crashes, {self.hangs} hangs",
                      file=sys.stderr, flush=True)

        feed()
        while self.busy:
            self._collect()

    def _submit(self, tree: dict[str, str]) -> None:
        while len(self.busy) == len(self.workers):
            self._collect()
        index = next(i for i in range(len(self.workers)) if i not in self.busy)
        self.workers[index][1].send((self.tried, tree))
        self.busy[index] = (self.tried, tree, time.monotonic())

    def _collect(self) -> None:
        now = time.monotonic()
        deadline = min(started + self.args.timeout for _n, _t, started in self.busy.values())
        ready = wait([self.workers[i][1] for i in self.busy], timeout=max(0.0, deadline - now))
        for index in list(self.busy):
            process, conn = self.workers[index]
            number, tree, started = self.busy[index]
            if conn in ready:
                try:
                    status, kind, detail, kib = conn.recv()
                except EOFError:  # the worker died (segfault, OOM killer)
                    status, kind, detail, kib = "crash", "worker died", f"exit {process.exitcode}", 0
                    self._replace(index)
            elif time.monotonic() - started >= self.args.timeout:
                status, kind, detail, kib = "hang", "hang", f"over {self.args.timeout:g} s", 0
                self._replace(index)
            else:
                continue
            del self.busy[index]
            self._tally(number, tree, status, kind, detail, kib)

    def _tally(self, number: int, tree: dict[str, str], status: str, kind: str, detail: str,
               kib: int) -> None:
        self.outcomes[status] += 1
        self.peak_kib = max(self.peak_kib, kib)
        if status in ("crash", "hang"):
            self.crashes += status == "crash"
            self.hangs += status == "hang"
            self.kinds[kind] += 1
            if self.args.save and self.saved[kind] < self.args.keep:
                self.saved[kind] += 1
                _save(self.args.save / f"{status}-{number:05d}", tree, kind, detail)

    def _spawn(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child,), daemon=True)
        process.start()
        child.close()
        return process, parent

    def _replace(self, index: int) -> None:
        process, conn = self.workers[index]
        process.kill()  # our own worker, by its handle
        process.join()
        conn.close()
        self.workers[index] = self._spawn()

    def close(self) -> None:
        for process, conn in self.workers:
            try:
                conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self.peak_kib = max(self.peak_kib, children)

    def report(self, elapsed: float) -> None:
        print(f"inputs tried:   {self.tried} ({self.files} files)")
        print("outcomes:       " + ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())))
        print(f"crashes:        {self.crashes}")
        print(f"hangs:          {self.hangs} (over {self.args.timeout:g} s)")
        for kind, count in self.kinds.most_common():
            print(f"  {count:6d}  {kind}")
        print(f"peak memory:    {self.peak_kib / 1024:.0f} MiB (largest worker ru_maxrss)")
        print(f"time:           {elapsed:.0f} s, {self.tried / max(elapsed, 1e-9):.1f} inputs/s "
              f"with {len(self.workers)} workers")
        if self.args.save and self.saved:
            print(f"reproducers:    {sum(self.saved.values())} saved under {self.args.save}")


def _worker(conn) -> None:
    """Audit each tree it is sent; reply (status, kind, detail, peak KiB)."""
    _die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    quiet = os.open(os.devnull, os.O_WRONLY)  # dot's complaints on hostile names: not ours to print
    os.dup2(quiet, 2)
    scratch = Path(tempfile.mkdtemp(prefix="archgov-fuzz-"))
    try:
        while True:
            task = conn.recv()
            if task is None:
                return
            _number, tree = task
            status, kind, detail = _audit(tree, scratch)
            conn.send((status, kind, detail, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the fuzzing process dies (no orphaned workers)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _audit(tree: dict[str, str], scratch: Path) -> tuple[str, str, str]:
    from analyzer.config import load_config
    from analyzer.errors import UserError
    from analyzer.pipeline import DEFAULT_FORMATS, run_audit, scan_options, write_reports

    work = Path(tempfile.mkdtemp(dir=scratch))
    try:
        root = write_tree(work / "repo", tree)
        try:
            settings = load_config(None, root)
            result = run_audit([root], settings, scan_options(settings, jobs=1, cache_dir=""))
            write_reports(result, work / "out", DEFAULT_FORMATS)
            for name in JSON_OUTPUTS:
                path = work / "out" / name
                if path.exists():
                    json.loads(path.read_bytes().decode("utf-8"), parse_constant=_not_json)
        except UserError as err:
            return "user-error", "", err.render()[:200]
        except BaseException as err:  # noqa: BLE001 - every other failure is what we count
            return "crash", _kind(err), "".join(traceback.format_exception(err))[-6000:]
        return "ok", "", ""
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} in a JSON output")


def _kind(err: BaseException) -> str:
    """`ExceptionType at analyzer/module.py:function` of the innermost analyzer frame."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if "/analyzer/" in f.filename]
    where = ""
    if frames:
        frame = frames[-1]
        where = f" at {frame.filename.split('/analyzer/', 1)[1]}:{frame.name}"
    return f"{type(err).__name__}{where}"


def _save(folder: Path, tree: dict[str, str], kind: str, detail: str) -> None:
    """The tree as files (plus tree.json with exact names) and what happened, for a reproducer."""
    shutil.rmtree(folder, ignore_errors=True)
    write_tree(folder / "tree", tree)
    (folder / "tree.json").write_text(json.dumps(tree, indent=1), encoding="utf-8")
    (folder / "what.txt").write_text(f"{kind}\n\n{detail}\n", encoding="utf-8", errors="replace")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
