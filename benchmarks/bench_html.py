"""Benchmark report.html on a large system in Chromium: render, first paint, highlight.

Builds a synthetic system of --services services (default 2,000) in --namespaces namespaces
with --edges edges (default 20,000; random, seeded), renders report.html (the built-in layout
draws: far above the Graphviz limits) and opens it in Debian's headless Chromium through
Playwright (`/usr/bin/chromium`, never a downloaded browser). Two pages are measured:

  - grouped:  the services have namespaces, so the page opens on the clustered overview and
              keeps the detailed drawing in a <template> until a group is expanded;
  - flat:     no namespaces, so the page draws the whole detailed graph at once;

and for each it prints, best of --repeat runs:

  - python:     rendering the page (AuditResult -> HTML), and its size;
  - load:       navigation until the page's script has wired the graph and the next frame
                is painted (first render);
  - paint:      first contentful paint as Chromium reports it;
  - expand:     (grouped) clicking a group until the detailed drawing shows its members;
  - zoom:       one press of the zoom-in button until the frame is painted;
  - highlight:  clicking a node until its depth-1 neighbourhood is marked and painted;
  - depth 3:    the same at depth 3.

    python benchmarks/bench_html.py [--services N] [--edges M] [--repeat R] [--keep DIR]
Not a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from analyzer.model import (
    AuditResult, Edge, EdgeKind, Evidence, GraphMetrics, Origin, Service, SystemModel,
)
from analyzer.report.graphview import safe_key
from analyzer.report.html import render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
KINDS = (EdgeKind.HTTP, EdgeKind.GRPC, EdgeKind.ASYNC)
ORIGINS = tuple(Origin)
# a click, then two animation frames: the marks are applied and painted
CLICK = """async ([key]) => {
  const t0 = performance.now();
  document.getElementById(key).dispatchEvent(new MouseEvent("click", {bubbles: true}));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""
ZOOM = """async () => {
  const t0 = performance.now();
  document.getElementById("zoom-in").click();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""
FRAME = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
EXPAND = """async () => {
  const t0 = performance.now();
  document.querySelector("#graph-overview g.cluster").dispatchEvent(new MouseEvent("click"));
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--edges", type=int, default=20_000)
    parser.add_argument("--namespaces", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the pages into this folder")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-html-"))
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, namespaces in (("grouped", args.namespaces), ("flat", 0)):
            result = system(args.services, args.edges, namespaces)
            started = time.perf_counter()
            html = render_html(result)
            python = time.perf_counter() - started
            page_file = folder / f"report-{name}.html"
            page_file.write_text(html, encoding="utf-8")
            runs = [measure(browser, page_file, grouped=namespaces > 0) for _ in range(args.repeat)]
            best = {k: min(r[k] for r in runs) for k in runs[0]}
            print(f"{name}: {args.services} services, {args.edges} edges, "
                  f"page {len(html.encode()) / 1e6:.1f} MB, python {python:.2f} s")
            for key, value in best.items():
                print(f"  {key:<10} {value:8.0f} ms")
        browser.close()
    print(f"pages in {folder}", file=sys.stderr)


def system(services: int, edges: int, namespaces: int, seed: int = 7) -> AuditResult:
    """`services` services calling each other along `edges` random edges, reproducibly."""
    rnd = random.Random(seed)
    nodes = [Service(id=f"svc-{i:04d}", namespace=f"ns-{i % namespaces:02d}" if namespaces else None)
             for i in range(services)]
    seen: set[tuple[int, int, EdgeKind]] = set()
    found: list[Edge] = []
    while len(found) < edges:
        a, b, kind = rnd.randrange(services), rnd.randrange(services), rnd.choice(KINDS)
        if a == b or (a, b, kind) in seen:
            continue
        seen.add((a, b, kind))
        origin = rnd.choice(ORIGINS)
        found.append(Edge(source=nodes[a].id, target=nodes[b].id, kind=kind, evidence=[
            Evidence(origin=origin, file=f"svc-{a:04d}/main.py", line=b % 300 + 1, detail="call")]))
    model = SystemModel(roots=["/bench"], services=nodes, edges=found)
    return AuditResult(model=model, metrics=GraphMetrics())


def measure(browser, page_file: Path, grouped: bool) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(page_file.as_uri(), timeout=300_000)
    page.wait_for_selector("#graph-view[data-ready]", state="attached", timeout=300_000)
    page.evaluate(FRAME)  # the first frame after the script wired the graph is painted
    load = (time.perf_counter() - started) * 1000
    paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1")
    times = {"load": load, "paint": paint, "zoom": page.evaluate(ZOOM)} if not grouped else {
        "load": load, "paint": paint}
    if grouped:
        times["expand"] = page.evaluate(EXPAND)
        times["zoom"] = page.evaluate(ZOOM)
    page.select_option("#graph-depth", "1")
    times["highlight"] = page.evaluate(CLICK, [safe_key("svc-0042")])
    page.select_option("#graph-depth", "3")
    times["depth 3"] = page.evaluate(CLICK, [safe_key("svc-0043")])
    marked = page.locator("#graph svg g.node.hl").count()
    page.close()
    if errors or marked == 0:
        raise SystemExit(f"the page failed: {errors or 'nothing highlighted'}")
    return times


if __name__ == "__main__":
    main()
