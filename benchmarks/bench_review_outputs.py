"""Benchmark the review outputs on a large synthetic audit: SARIF, JUnit, Markdown, the PR diff
comment, and recording / reading audit history.

Builds an AuditResult of --services services (default 2,000) with --edges edges (default
20,000) and one finding per service plus one per 10 edges, a head with 5% of the edges
changed, and prints the time (best of --repeat) and output size of each step. Not a test.
    python benchmarks/bench_review_outputs.py [--services N] [--edges M] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from analyzer.analysis.diff import diff_results
from analyzer.audit_history import read_trend, record_run
from analyzer.model import (AuditResult, Edge, EdgeKind, Evidence, Finding, GraphMetrics, Location,
                            Origin, Service, ServiceMetrics, Severity, SystemModel)
from analyzer.report.diff_markdown import render_diff_markdown
from analyzer.report.junit import render_junit
from analyzer.report.markdown import render_markdown
from analyzer.report.sarif import render_sarif


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=2_000)
    parser.add_argument("--edges", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = synthetic(args.services, args.edges, seed=1, changed=0.0)
    head = synthetic(args.services, args.edges, seed=1, changed=0.05)
    change = diff_results(base, head)
    with tempfile.TemporaryDirectory() as folder:
        history = Path(folder) / "h.sqlite"
        steps = {
            "sarif": lambda: render_sarif(head),
            "junit": lambda: render_junit(head),
            "markdown": lambda: render_markdown(head),
            "diff + json": lambda: diff_results(base, head).to_json(),
            "diff comment": lambda: render_diff_markdown(change),
            "history record": lambda: str(record_run(history, head, [])),
            "history read": lambda: str(len(read_trend(history))),
        }
        print(f"{args.services} services, {args.edges} edges, {len(head.findings)} findings; "
              f"diff: {len(change.added_edges)} added, {len(change.removed_edges)} removed edges")
        for name, step in steps.items():
            best, size = min(_timed(step) for _ in range(args.repeat))
            print(f"  {name:15s} {best * 1000:9.1f} ms  {size:>12,} chars")


def synthetic(services: int, edges: int, seed: int, changed: float) -> AuditResult:
    rng = random.Random(seed)
    ids = [f"svc-{i:05d}" for i in range(services)]
    pairs = set()
    while len(pairs) < edges:
        a, b = rng.sample(ids, 2)
        pairs.add((a, b))
    pairs = sorted(pairs)
    drop = set(random.Random(seed + 1).sample(range(len(pairs)), int(len(pairs) * changed)))
    kept = [p for i, p in enumerate(pairs) if i not in drop]
    kept += [(f"svc-{i % services:05d}", f"svc-{(i * 7 + 3) % services:05d}")
             for i in range(len(drop))]
    model = SystemModel(services=[Service(id=s) for s in ids], edges=[
        Edge(source=a, target=b, kind=EdgeKind.HTTP,
             evidence=[Evidence(origin=Origin.CODE, file=f"services/{a}/client.py", line=i % 500 + 1)])
        for i, (a, b) in enumerate(kept) if a != b])
    findings = [Finding(rule_id="max-fan-out", severity=Severity.WARNING, subject=s, subject_kind="service",
                        message=f"{s} depends on many", location=Location(file=f"services/{s}/app.py", line=1),
                        fingerprint=Finding.make_fingerprint("max-fan-out", s)) for s in ids]
    findings += [Finding(rule_id="sync-edge", severity=Severity.ERROR, subject=f"{e.source} -> {e.target}",
                         subject_kind="edge", message="synchronous", evidence=e.evidence,
                         location=Location(file=e.evidence[0].file, line=e.evidence[0].line),
                         fingerprint=Finding.make_fingerprint("sync-edge", f"{e.source} -> {e.target}"))
                 for e in model.edges[::10]]
    metrics = GraphMetrics(services=[ServiceMetrics(service=s, fan_in=1, fan_out=1, instability=0.5,
                                                    sync_depth=1, blast_radius=1) for s in ids])
    return AuditResult(model=model.normalized(), metrics=metrics, findings=findings,
                       rules_evaluated=["max-fan-out", "sync-edge"])


def _timed(step) -> tuple[float, int]:
    start = time.perf_counter()
    out = step()
    return time.perf_counter() - start, len(out)


if __name__ == "__main__":
    main()
