"""Accuracy of archgov's service graph on the corpus of real systems, and its speed.

    python benchmarks/accuracy/evaluate.py /work/corpus [--only ID] [--no-speed] [--json OUT]

For each system of manifest.yaml present under CORPUS/<id>/ (see materialize.py), runs
`archgov scan` on its scan paths with an empty cache (cold) and again (warm), scores the
edges against truth/<id>.yaml (scoring.py) and prints precision, recall, F1 and edge-kind
accuracy per system and micro-averaged, every miss and false edge (with archgov's evidence),
the wrong kinds, and the systems skipped. Speed: cold and warm scan time over the corpus as
a ratio to the bare parse floor of the same files (speed.py), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from materialize import load_manifest  # noqa: E402
from causes import archgov_nodes, false_cause, grouped, miss_cause  # noqa: E402
from scoring import Score, Truth, micro, score  # noqa: E402


def _archgov() -> list[str]:
    exe = Path(sys.executable).with_name("archgov")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "analyzer.cli"]


def run_scan(paths: list[Path], cache: Path, out: Path) -> tuple[float, str]:
    """Run `archgov scan` once; (wall seconds, stderr tail)."""
    cmd = _archgov() + ["scan", *map(str, paths), "--cache-dir", str(cache), "-o", str(out)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=False)
    elapsed = time.perf_counter() - start
    return elapsed, "" if proc.returncode == 0 else proc.stderr.strip()[-400:]


def _fmt(pair: tuple[str, str]) -> str:
    return f"{pair[0]} -> {pair[1]}"


def report(s: Score, truth: Truth, nodes: set[str], out=sys.stdout) -> None:
    """Print the misses, false edges and wrong kinds of one system."""
    for pair in s.fn:
        e = truth.edges[pair]
        print(f"  MISS  {_fmt(pair):<48} {e['kind']:<6} {e.get('evidence', '')}", file=out)
        print(f"          cause: {miss_cause(pair, truth, nodes)}", file=out)
    for pair in s.fp:
        why = truth.non_edges.get(pair)
        kinds = ",".join(sorted(s.predicted.kinds[pair]))
        label = f"(trap: {why})" if why else ""
        print(f"  FALSE {_fmt(pair):<48} {kinds:<6} {label}", file=out)
        print(f"          cause: {false_cause(pair, s, truth)}", file=out)
        for ev in sorted(set(s.predicted.evidence[pair]))[:3]:
            print(f"          {ev[:150]}", file=out)
    for pair, want, got in s.kind_wrong:
        print(f"  KIND  {_fmt(pair):<48} truth {want}, archgov {','.join(got)}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--no-speed", action="store_true", help="skip the warm rerun and the parse floor")
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON here")
    args = parser.parse_args(argv)
    scores: list[Score] = []
    for_causes = []
    skipped: list[str] = []
    cold = warm = 0.0
    roots: list[Path] = []
    rows = []
    with tempfile.TemporaryDirectory(prefix="archgov-accuracy-") as tmp:
        for system in load_manifest():
            sid = system["id"]
            if args.only and sid not in args.only:
                continue
            base = args.corpus / sid
            truth_file = HERE / "truth" / f"{sid}.yaml"
            if not base.is_dir():
                skipped.append(f"{sid}: not present under {args.corpus}")
                continue
            if not truth_file.is_file():
                skipped.append(f"{sid}: no truth file")
                continue
            paths = [base / p for p in system.get("scan", ["."])]
            out = Path(tmp) / f"{sid}.json"
            cache = Path(tmp) / f"cache-{sid}"
            t_cold, err = run_scan(paths, cache, out)
            if err:
                skipped.append(f"{sid}: archgov scan failed: {err}")
                continue
            t_warm = run_scan(paths, cache, out)[0] if not args.no_speed else 0.0
            cold, warm = cold + t_cold, warm + t_warm
            roots += paths
            doc = yaml.safe_load(truth_file.read_text(encoding="utf-8"))
            truth = Truth.from_dict(doc)
            facts = json.loads(out.read_text(encoding="utf-8"))
            s = score(facts, truth)
            scores.append(s)
            nodes = archgov_nodes(facts, truth)
            for_causes.append((s, truth, nodes))
            kinds = s.kind_right / len(s.tp) if s.tp else 1.0
            rows.append({"system": sid, "tp": len(s.tp), "fp": len(s.fp), "fn": len(s.fn),
                         "precision": round(s.precision, 3), "recall": round(s.recall, 3),
                         "f1": round(s.f1, 3), "kind_accuracy": round(kinds, 3),
                         "cold_s": round(t_cold, 2), "warm_s": round(t_warm, 2),
                         "misses": [_fmt(p) for p in s.fn], "false": [_fmt(p) for p in s.fp]})
            print(f"== {sid}: P {s.precision:.2f}  R {s.recall:.2f}  F1 {s.f1:.2f}  "
                  f"kinds {kinds:.2f}  (tp {len(s.tp)}, fp {len(s.fp)}, fn {len(s.fn)}; "
                  f"cold {t_cold:.1f}s warm {t_warm:.1f}s)")
            report(s, truth, nodes)
    print()
    print(f"{'system':<20}{'P':>6}{'R':>6}{'F1':>6}{'kinds':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for r in rows:
        print(f"{r['system']:<20}{r['precision']:>6.2f}{r['recall']:>6.2f}{r['f1']:>6.2f}"
              f"{r['kind_accuracy']:>7.2f}{r['tp']:>5}{r['fp']:>5}{r['fn']:>5}")
    p, r, f1, k = micro(scores)
    print(f"{'micro':<20}{p:>6.2f}{r:>6.2f}{f1:>6.2f}{k:>7.2f}")
    misses, falses = grouped(for_causes)
    print("\nmisses by cause:")
    for cause, n in misses.most_common():
        print(f"  {n:>4}  {cause}")
    print("false edges by cause:")
    for cause, n in falses.most_common():
        print(f"  {n:>4}  {cause}")
    summary = {"systems": rows, "miss_causes": dict(misses), "false_causes": dict(falses), "micro": {"precision": round(p, 3), "recall": round(r, 3),
                                          "f1": round(f1, 3), "kind_accuracy": round(k, 3)},
               "skipped": skipped}
    if not args.no_speed and roots:
        floor, nfiles, nlines = _floor(roots)
        with tempfile.TemporaryDirectory(prefix="archgov-empty-") as empty:
            start_s = run_scan([Path(empty)], Path(empty) / ".cache", Path(empty) / "o.json")[0]
        fixed = start_s * len(rows)
        net_cold, net_warm = max(cold - fixed, 1e-9), max(warm - fixed, 0.0)
        print(f"\nspeed over {len(rows)} systems ({nfiles} code files, {nlines} lines): "
              f"parse floor {floor:.2f}s; cold scan {cold:.2f}s = {cold / floor:.1f}x floor; "
              f"warm {warm:.2f}s = {warm / cold:.2f}x cold (targets: cold <= 3x, warm <= 0.1x)")
        print(f"  without the fixed cost of one process per system ({start_s:.2f}s, an empty "
              f"folder's scan): cold {net_cold:.2f}s = {net_cold / floor:.1f}x floor, "
              f"warm {net_warm:.2f}s = {net_warm / net_cold:.2f}x cold")
        summary["speed"] = {"floor_s": round(floor, 3), "cold_s": round(cold, 2),
                            "warm_s": round(warm, 2), "cold_over_floor": round(cold / floor, 1),
                            "warm_over_cold": round(warm / cold, 2),
                            "process_fixed_s": round(start_s, 2),
                            "net_cold_over_floor": round(net_cold / floor, 1),
                            "net_warm_over_cold": round(net_warm / net_cold, 2)}
    for line in skipped:
        print(f"skipped {line}")
    version = subprocess.run(_archgov() + ["--version"], capture_output=True, text=True, check=False)
    summary["archgov"] = version.stdout.strip()
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


def _floor(roots: list[Path]) -> tuple[float, int, int]:
    from speed import parse_floor

    return parse_floor(roots)


if __name__ == "__main__":
    sys.exit(main())
