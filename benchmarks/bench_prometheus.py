"""Benchmark `archgov audit --prometheus URL` on a generated large system in a real Prometheus.

Generates --services services (default 2,000) as one docker-compose file, each declaring
calls to the next --fanout services (default 10), and their Istio and Kubernetes metrics as
OpenMetrics: every declared call observed except one in 50, plus one undeclared call from
every other service (>= 20,000 observed edges by default), a few samples over the last hour.
Backfills them with promtool, serves them with the `prometheus` binary on a free port, runs
the audit as a subprocess and prints:

  - wall time and peak memory (max RSS) of the audit, and the number of Prometheus queries
    (from --verbose);
  - the time until the resulting report.html has loaded in Chromium (Playwright with
    /usr/bin/chromium), and its size.

Not a test.   python benchmarks/bench_prometheus.py [--services N] [--fanout K] [--keep DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "fixtures" / "shop" / "runtime" / "server.py"
BUCKETS = (10, 50, 250, 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--fanout", type=int, default=10)
    parser.add_argument("--keep", help="folder to keep the generated files and reports in")
    args = parser.parse_args()
    server = _load(SERVER)
    if not server.available():
        sys.exit("prometheus/promtool not installed: apt-get install prometheus")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="archgov-bench-prom-"))
    work.mkdir(parents=True, exist_ok=True)
    now = time.time()
    names = [f"svc-{i:04d}" for i in range(args.services)]
    declared = [(a, names[j]) for i, a in enumerate(names)
                for j in range(i + 1, min(i + 1 + args.fanout, len(names)))]
    observed = [pair for n, pair in enumerate(declared) if n % 50]
    observed += [(a, names[i + args.fanout + 1]) for i, a in enumerate(names)
                 if i % 2 == 0 and i + args.fanout + 1 < len(names)]
    system = work / "system"
    system.mkdir(exist_ok=True)
    _compose(system / "docker-compose.yml", names, declared)
    started = time.monotonic()
    metrics = _openmetrics(work / "metrics.om", names, observed, now)
    print(f"generated {len(names)} services, {len(declared)} declared and {len(observed)} "
          f"observed edges ({metrics.stat().st_size / 1e6:.0f} MB OpenMetrics) in "
          f"{time.monotonic() - started:.1f}s")
    started = time.monotonic()
    server.backfill(metrics, work / "data", timeout=3600)
    print(f"promtool backfill: {time.monotonic() - started:.1f}s")
    with server.serve(work / "data", work, ready_timeout=600) as url:
        out = work / "report"
        wall, rss, output = _audit(system, url, out)
    queries = re.search(r"prometheus: (\d+) queries", output)
    summary = re.search(r"^\d+ services, .*$", output, re.M)
    print(f"audit: {wall:.1f}s wall, {rss / 1024:.0f} MB peak RSS, "
          f"{queries.group(1) if queries else '?'} Prometheus queries")
    print(f"audit summary: {summary.group(0) if summary else output[-500:]}")
    html = out / "report.html"
    print(f"report.html: {html.stat().st_size / 1e6:.1f} MB, opened in Chromium in "
          f"{_open_in_chromium(html):.1f}s")
    print(f"files in {work}")


def _compose(path: Path, names: list[str], declared: list[tuple[str, str]]) -> None:
    calls: dict[str, list[str]] = {n: [] for n in names}
    for a, b in declared:
        calls[a].append(b)
    lines = ["services:"]
    for n, name in enumerate(names):
        lines += [f"  {name}:", f"    image: bench/{name}:1.0"]
        if n == 0:
            lines += ["    ports:", '      - "8080:8080"']
        if calls[name]:
            lines.append("    environment:")
            lines += [f"      {t.upper().replace('-', '_')}_URL: http://{t}:8080" for t in calls[name]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _openmetrics(path: Path, names: list[str], observed: list[tuple[str, str]],
                 now: float) -> Path:
    times = [now - 3000 + i * 900 for i in range(4)]  # 50, 35, 20 and 5 minutes ago
    ns = "bench"
    with path.open("w", encoding="utf-8") as out:
        out.write("# TYPE istio_requests counter\n")
        for n, (a, b) in enumerate(observed):
            labels = (f'destination_workload="{b}",destination_workload_namespace="{ns}",'
                      f'reporter="destination",request_protocol="http",response_code="200",'
                      f'source_workload="{a}",source_workload_namespace="{ns}"')
            rate = 1 + n % 7
            for t in times:
                out.write(f"istio_requests_total{{{labels}}} {rate * (t - times[0]):.1f} {t:.3f}\n")
        out.write("# TYPE istio_request_duration_milliseconds histogram\n")
        for n, (a, b) in enumerate(observed):
            base = (f'destination_workload="{b}",destination_workload_namespace="{ns}",'
                    f'reporter="destination",request_protocol="http",'
                    f'source_workload="{a}",source_workload_namespace="{ns}"')
            rate, median = 1 + n % 7, 20 + n % 300
            for le in (*BUCKETS, "+Inf"):
                share = 1.0 if le == "+Inf" else 1 - 2 ** (-le / median)
                for t in times:
                    out.write(f'istio_request_duration_milliseconds_bucket{{{base},le="{le}"}} '
                              f"{rate * share * (t - times[0]):.1f} {t:.3f}\n")
        for family, kind, suffix, value in (
                ("container_cpu_usage_seconds", "counter", "_total", lambda t: 0.2 * (t - times[0])),
                ("container_memory_working_set_bytes", "gauge", "", lambda t: 2e8)):
            out.write(f"# TYPE {family} {kind}\n")
            for name in names:
                for t in times:
                    out.write(f'{family}{suffix}{{container="{name}",namespace="{ns}",'
                              f'pod="{name}-0"}} {value(t):.1f} {t:.3f}\n')
        out.write("# TYPE kube_pod_container_resource_limits gauge\n")
        for name in names:
            for resource, limit in (("cpu", 0.5), ("memory", 5e8)):
                for t in times:
                    out.write(f'kube_pod_container_resource_limits{{container="{name}",'
                              f'namespace="{ns}",pod="{name}-0",resource="{resource}"}} '
                              f"{limit} {t:.3f}\n")
        out.write("# EOF\n")
    return path


def _audit(system: Path, url: str, out: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) and output of one `archgov audit` subprocess."""
    command = [sys.executable, "-m", "analyzer", "audit", str(system), "--out", str(out),
               "--prometheus", url, "--window", "1h", "--no-cache", "--no-code",
               "--fail-on", "never", "--verbose"]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak RSS
    wall = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"audit failed ({process.returncode}):\n{output[-3000:]}")
    return wall, usage.ru_maxrss, output


def _open_in_chromium(html: Path) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path="/usr/bin/chromium",
                                       args=["--no-sandbox"])
        page = browser.new_page()
        started = time.monotonic()
        page.goto(html.as_uri(), wait_until="load", timeout=600_000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(1)))")
        elapsed = time.monotonic() - started
        browser.close()
    return elapsed


def _load(path: Path):
    spec = importlib.util.spec_from_file_location("bench_prometheus_server", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main()
