"""Make work trees of the accuracy corpus from fetched bare mirrors, at the pinned commits.

Each system of `manifest.yaml` is extracted blob by blob (`git ls-tree` + `git cat-file --batch`)
into `TARGET/<system id>/` (read-only git, nothing executed), then the paths listed under
`prune` (deployment variants other than the reference one, docs) are removed, so that the
scan sees exactly the reference deployment. Trees live outside every repository (for
example /work/corpus) and are never committed.

    python benchmarks/accuracy/materialize.py /work/corpus [--mirrors /work/.mirror] [--only ID]

A mirror is looked up as `MIRRORS/<owner>+<name>/repo` (the layout `fetch` creates) or
`MIRRORS/<owner>+<name>`; a system whose mirror or commit is missing is skipped and listed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def load_manifest(path: Path = HERE / "manifest.yaml") -> list[dict]:
    """The systems of the manifest, in file order."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["systems"])


def mirror_of(mirrors: Path, repo: str) -> Path | None:
    """The bare git directory of `owner/name` under `mirrors`, or None."""
    base = mirrors / repo.replace("/", "+")
    for cand in (base / "repo", base):
        if (cand / "HEAD").is_file():
            return cand
    return None


def _tree(git_dir: Path, commit: str, sub: str) -> list[tuple[str, str]]:
    """(blob sha, path) of the regular files of COMMIT under `sub` (symlinks and submodules left out)."""
    cmd = ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", commit]
    if sub != ".":
        cmd += ["--", sub]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8", "surrogateescape")
    rows = []
    for entry in filter(None, out.split("\0")):
        meta, path = entry.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):
            rows.append((sha, path))
    return rows


def _write_blobs(git_dir: Path, rows: list[tuple[str, str]], dest: Path, sub: str) -> int:
    """Write every blob through one `git cat-file --batch`; return how many were missing.

    Mirrors may lack their largest files (absent blobs are reported `missing` and skipped),
    which is why this does not use `git archive` (it stops at the first absent blob).
    """
    proc = subprocess.Popen(["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    missing = 0
    prefix = "" if sub == "." else sub.rstrip("/") + "/"
    for sha, path in rows:
        proc.stdin.write(f"{sha}\n".encode())
        proc.stdin.flush()
        header = proc.stdout.readline().decode().split()
        if len(header) < 3 or header[1] != "blob":
            missing += 1
            continue
        data = proc.stdout.read(int(header[2]))
        proc.stdout.read(1)
        rel = path[len(prefix):] if path.startswith(prefix) else path
        target = dest / rel
        if ".." in Path(rel).parts:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    proc.stdin.close()
    proc.wait()
    return missing


def materialize(system: dict, mirrors: Path, target: Path) -> str:
    """Extract one system; return '' on success or the reason it was skipped."""
    git_dir = mirror_of(mirrors, system["repo"])
    if git_dir is None:
        return f"no mirror of {system['repo']} under {mirrors}"
    sub = system.get("subfolder", ".").strip("/") or "."
    try:
        rows = _tree(git_dir, system["commit"], sub)
    except subprocess.CalledProcessError as exc:
        return (exc.stderr or b"").decode("utf-8", "replace").strip() or "git ls-tree failed"
    if not rows:
        return f"no files under {sub} at {system['commit']}"
    dest = target / system["id"]
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    missing = _write_blobs(git_dir, rows, dest, sub)
    if missing:
        print(f"{system['id']}: {missing} file(s) absent from the mirror, left out", file=sys.stderr)
    for rel in system.get("prune", []):
        victim = dest / rel
        if victim.is_dir():
            shutil.rmtree(victim)
        elif victim.exists():
            victim.unlink()
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args(argv)
    args.target.mkdir(parents=True, exist_ok=True)
    skipped = []
    for system in load_manifest():
        if args.only and system["id"] not in args.only:
            continue
        reason = materialize(system, args.mirrors, args.target)
        if reason:
            skipped.append(f"{system['id']}: {reason}")
        else:
            print(f"materialized {system['id']} -> {args.target / system['id']}")
    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
