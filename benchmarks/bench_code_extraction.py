"""Benchmark code extraction: files/s and lines/s, cold and warm cache, vs a bare `ast.parse`.

Downloads a large real source tree from PyPI at run time (Django's sdist, via
`pip download --no-deps --no-binary :all:`), adds a generated polyglot tree, and prints:

  - floor: reading + `ast.parse` of the same Python files, in one process;
  - cold:  `scan_code` with an empty cache (`--jobs`, default every CPU);
  - warm:  the same scan again, nothing changed (all cache hits).

Targets: cold <= 3x floor, warm <= 0.1x cold. Not a test: run it by hand.
    python benchmarks/bench_code_extraction.py [--jobs N] [--package django==5.1.*]
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from analyzer.ingest.code import registry
from analyzer.ingest.code.cache import open_cache
from analyzer.ingest.code.scanner import scan_code, skip_reason
from analyzer.ingest.files import discover
from analyzer.model import Service, SystemModel

_POLYGLOT = {
    "go": ("main.go", 'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc call{i}() {{\n'
                      '\thttp.Get(os.Getenv("ORDERS_URL") + "/api/{i}")\n}}\n'),
    "java": ("Client{i}.java", "package shop;\n\nimport org.springframework.web.client.RestTemplate;\n\n"
                              "public class Client{i} {{\n  private final RestTemplate rest = new RestTemplate();\n"
                              '  public String get() {{ return rest.getForObject("http://orders:8080/api/{i}", String.class); }}\n}}\n'),
    "javascript": ("client{i}.js", "const axios = require('axios');\n"
                                  "module.exports = () => axios.get(process.env.CART_URL + '/api/{i}');\n"),
    "csharp": ("Client{i}.cs", "using System.Net.Http;\npublic class Client{i} {{\n"
                              '  public void Go(HttpClient c) {{ c.GetAsync("http://cart/api/{i}"); }}\n}}\n'),
    "python": ("client{i}.py", "import os\nimport requests\n\n\ndef go():\n"
                              '    return requests.get(os.environ["PRICING_URL"] + "/api/{i}")\n'),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--package", default="django==5.1.*")
    parser.add_argument("--polyglot-files", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archgov-bench-") as tmp:
        root = Path(tmp) / "tree"
        source = _download(args.package, Path(tmp) / "dl", root)
        _polyglot(root / "polyglot", args.polyglot_files)
        model = SystemModel(services=[Service(id="real", source_dir=source),
                                      Service(id="poly", source_dir="polyglot")])
        inventory = discover([root])
        files = [f for f in inventory.files if registry.language_of(f.rel) is not None]
        py = [f for f in files if registry.language_of(f.rel) == "python"
              and skip_reason(f.rel.split("/", 1)[1]) is None]
        floor, py_lines = _bare_parse(py)
        cache_dir = Path(tmp) / "cache"
        cold, cold_scan = _timed(lambda: scan_code(model, inventory, open_cache(cache_dir), args.jobs))
        warm, warm_scan = _timed(lambda: scan_code(model, inventory, open_cache(cache_dir), args.jobs))
        py_only = SystemModel(services=[Service(id="real", source_dir=source)])
        py_cold, _ = _timed(lambda: scan_code(py_only, inventory, open_cache(""), args.jobs))
        lines = sum(_lines(f.path) for f in files if skip_reason(f.rel.split("/", 1)[1]) is None)
        n = cold_scan.files_extracted
        print(f"tree: {source} + polyglot ({args.polyglot_files} files); jobs={args.jobs or 'all'}")
        print(f"python files (non-test): {len(py)}, lines {py_lines}; all extracted files: {n}, "
              f"lines {lines}; warm extracted: {warm_scan.files_extracted}")
        print()
        print(f"{'pass':<34}{'seconds':>9}{'files/s':>10}{'lines/s':>12}{'ratio':>9}")
        rows = [("floor: read + ast.parse (python)", floor, len(py), py_lines, 1.0),
                ("cold: python tree, no cache", py_cold, len(py), py_lines, py_cold / floor),
                ("cold: all files, empty cache", cold, n, lines, cold / floor),
                ("warm: all files, cached", warm, n, lines, warm / cold)]
        for name, seconds, count, nlines, ratio in rows:
            print(f"{name:<34}{seconds:>9.2f}{count / seconds:>10.0f}{nlines / seconds:>12.0f}"
                  f"{ratio:>8.2f}x")
        print()
        print(f"targets: cold python <= 3x floor: {'met' if py_cold <= 3 * floor else 'MISSED'}; "
              f"warm <= 0.1x cold: {'met' if warm <= 0.1 * cold else 'MISSED'} "
              f"(warm ratio is vs cold)")
    return 0


def _download(spec: str, into: Path, root: Path) -> str:
    into.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "--quiet", "-d", str(into), spec], check=True)
    archive = next(into.glob("*.tar.gz"))
    root.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="data")
    return next(p.name for p in root.iterdir() if p.is_dir())


def _polyglot(base: Path, count: int) -> None:
    languages = list(_POLYGLOT)
    for i in range(count):
        language = languages[i % len(languages)]
        name, template = _POLYGLOT[language]
        path = base / language / f"m{i}" / name.format(i=i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(i=i))


def _bare_parse(files) -> tuple[float, int]:
    start = time.perf_counter()
    lines = 0
    for f in files:
        text = f.path.read_bytes().decode("utf-8", errors="replace")
        lines += text.count("\n") + 1
        try:
            ast.parse(text)
        except SyntaxError:
            pass
    return time.perf_counter() - start, lines


def _timed(run):
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") + 1


if __name__ == "__main__":
    raise SystemExit(main())
