"""Benchmark the code-health pass (complexity, maintainability, dead code) against radon and
vulture run one after the other over the same large real Python tree.

Downloads the Django 5.1 sdist from PyPI (or takes a folder given as an argument), and over
its `django/` package prints:

  - peers:   `radon cc -s`, `radon mi` and `vulture`, one after the other (each its own
             process, as a team would run them);
  - cold:    archgov's pass (`measure_all` over every file, each parsed once and measured by
             radon's and vulture's visitors on every core, then dead code per service) with an
             empty content-hash cache;
  - warm:    the same pass again with the cache filled (nothing changed);
  - ratios:  cold / peers (target <= 0.3x) and warm / peers (target <= 0.05x);

and how many unused names both found (vulture at its default confidence, archgov with its
framework-aware defaults). Not a test.
    python benchmarks/bench_health.py [FOLDER]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from analyzer.ingest.health.dead_code import dead_code
from analyzer.ingest.health.run import measure_all

DJANGO = "django>=5.1,<5.2"


def fetch_django(scratch: Path) -> Path:
    """The `django/` package folder of the Django 5.1 sdist, downloaded from PyPI."""
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary",
                    ":all:", "-d", str(scratch), DJANGO], check=True)
    sdist = next(scratch.glob("[Dd]jango-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        archive.extractall(scratch, filter="data")
    return next(p for p in scratch.glob("[Dd]jango-*/django") if p.is_dir())


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - started, proc.stdout


def archgov_pass(folder: Path, cache: Path) -> tuple[float, int, int]:
    """(seconds, files measured, unused names) of the health pass over `folder`."""
    started = time.perf_counter()
    files = sorted(folder.rglob("*.py"))
    items = [("python", p.relative_to(folder).as_posix(), p.read_bytes()) for p in files]
    outcomes = measure_all(items, str(cache))
    dead = dead_code((rel, "django", fields["dead"]) for (_l, rel, _d), (fields, _p, _n)
                     in zip(items, outcomes) if fields is not None)
    return time.perf_counter() - started, len(items), len(dead)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", help="a Python tree (default: Django 5.1's django/)")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="archgov-bench-health-") as tmp:
        scratch = Path(tmp)
        folder = Path(args.folder).resolve() if args.folder else fetch_django(scratch)
        peers = []
        for command in ([str(bin_dir / "radon"), "cc", "-s", str(folder)],
                        [str(bin_dir / "radon"), "mi", str(folder)],
                        [str(bin_dir / "vulture"), str(folder)]):
            seconds, out = timed(command)
            peers.append((" ".join([Path(command[0]).name, *command[1:-1]]), seconds, out))
        peer_total = sum(seconds for _n, seconds, _o in peers)
        vulture_found = sum(1 for line in peers[2][2].splitlines() if "unused" in line
                            or "unreachable" in line)
        cold, files, found = archgov_pass(folder, scratch / "cache")
        warm, _, found_warm = archgov_pass(folder, scratch / "cache")
        assert found == found_warm, "the cache changed the result"
        print(f"tree: {folder} ({files} Python files)")
        for name, seconds, _out in peers:
            print(f"  {name:<12} {seconds:7.2f} s")
        print(f"  peers total  {peer_total:7.2f} s (one after the other)")
        print(f"  archgov cold {cold:7.2f} s  ratio {cold / peer_total:.3f}x (target <= 0.3x)")
        print(f"  archgov warm {warm:7.2f} s  ratio {warm / peer_total:.3f}x (target <= 0.05x)")
        print(f"unused names: vulture {vulture_found}, archgov {found} "
              "(archgov keeps framework entry points and model fields)")


if __name__ == "__main__":
    main()
