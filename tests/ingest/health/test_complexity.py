"""Complexity through radon (Python) and lizard (other languages): per function and per file,
files the tools cannot read become diagnostics, huge and minified files are skipped fast."""

from __future__ import annotations

import time
from pathlib import Path

from analyzer.ingest import scan
from analyzer.ingest.health.other_lizard import measure_lizard
from analyzer.ingest.health.python_radon import measure_python
from analyzer.ingest.options import ScanOptions

OPTIONS = ScanOptions(jobs=1, cache_dir="", history=False)
COMPOSE = "services:\n  api:\n    build: ./api\n"
PYTHON = '''"""Pricing."""


def price(x, vip):
    if vip:
        return x * 0.9
    elif x > 100:
        return x - 5
    return x


class Cart:
    def total(self, items):
        return sum(i for i in items if i > 0)
'''
JAVA = """class A {
    int f(int x) {
        if (x > 1 && x < 9) { return 1; }
        for (int i = 0; i < x; i++) { x--; }
        return 0;
    }
    void g() {}
}
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_python_per_function_and_file():
    result = measure_python(PYTHON)
    assert [(f.name, f.line, f.cyclomatic) for f in result["functions"]] == [
        ("price", 4, 3), ("Cart.total", 13, 3)]
    assert result["cyclomatic"] == 6 and result["max_cyclomatic"] == 3
    assert 0 < result["maintainability"] <= 100 and result["nloc"] == 9


def test_lizard_languages():
    java = measure_lizard(JAVA, "A.java")
    assert [(f.name, f.cyclomatic) for f in java["functions"]] == [("A::f", 4), ("A::g", 1)]
    go = measure_lizard("package m\nfunc F(x int) int {\n\tif x > 1 {\n\t\treturn 1\n\t}\n"
                        "\treturn 0\n}\n", "m.go")
    assert [(f.name, f.cyclomatic) for f in go["functions"]] == [("F", 2)]
    for path, text in (("a.ts", "function f(a: number) { return a > 1 ? 1 : 0 }\n"),
                       ("a.kt", "fun f(a: Int): Int { if (a > 1) { return 1 }; return 0 }\n"),
                       ("a.rb", "def f(a)\n  if a > 1\n    1\n  end\nend\n"),
                       ("a.cs", "class C { int F(int a) { if (a > 1) return 1; return 0; } }\n"),
                       ("a.lua", "function f(a)\n  if a > 1 then return 1 end\n  return 0\nend\n"),
                       ("a.swift", "func f(a: Int) -> Int { if a > 1 { return 1 }; return 0 }\n"),
                       ("a.cpp", "int f(int a) { if (a > 1) return 1; return 0; }\n")):
        assert measure_lizard(text, path)["max_cyclomatic"] == 2, path


def test_scan_measures_service_files_and_reports_unreadable_ones(tmp_path):
    root = _write(tmp_path / "r", {
        "docker-compose.yml": COMPOSE, "api/app/pricing.py": PYTHON, "api/src/A.java": JAVA,
        "api/broken.py": "def f(:\n    pass\n", "api/tests/test_pricing.py": PYTHON,
        "api/static/app.min.js": "x", "api/static/bundle.js": "var a=1;" * 1000})
    model = scan([root], OPTIONS)
    measured = {c.file: (c.service, c.tool, c.cyclomatic) for c in model.complexity}
    assert measured == {"api/app/pricing.py": ("api", "radon", 6),
                        "api/src/A.java": ("api", "lizard", 5)}
    problems = {(d.file, d.code, d.line) for d in model.diagnostics
                if d.code == "complexity-unreadable"}
    assert problems == {("api/broken.py", "complexity-unreadable", 1),
                        ("api/static/bundle.js", "complexity-unreadable", None)}


def test_no_code_skips_complexity(tmp_path):
    root = _write(tmp_path / "r", {"docker-compose.yml": COMPOSE, "api/app.py": PYTHON})
    assert scan([root], ScanOptions(code=False)).complexity == []


def test_a_minified_megabyte_does_not_hang():
    text = ("function a(b){return b?1:0}" * 36000)[:1_000_000]
    started = time.monotonic()
    try:
        measure_lizard(text, "big.js")
    except Exception as err:  # noqa: BLE001 - Unparsable is the expected outcome
        assert "minified" in str(err)
    assert time.monotonic() - started < 5


def test_deeply_nested_python_is_a_problem_not_a_crash():
    text = "x = " + "(" * 5000 + ")" * 5000 + "\n"
    try:
        measure_python(text)
    except Exception as err:  # noqa: BLE001
        assert type(err).__name__ == "Unparsable"
    else:
        raise AssertionError("expected Unparsable")


def test_cache_serves_unchanged_files_and_a_pool_gives_the_same_result(tmp_path, monkeypatch):
    files = {"docker-compose.yml": COMPOSE}
    files.update({f"api/app/m{i:02d}.py": PYTHON.replace("price", f"price{i}") for i in range(20)})
    root = _write(tmp_path / "r", files)
    cache = tmp_path / "cache"
    serial = scan([root], ScanOptions(jobs=1, cache_dir="", history=False)).complexity
    pooled = scan([root], ScanOptions(jobs=2, cache_dir=str(cache), history=False)).complexity
    assert pooled == serial and len(serial) == 20
    assert len(list((cache / "health").rglob("*.json"))) == 20
    from analyzer.ingest.health import run

    def broken(item):
        raise AssertionError("measured again despite the cache")

    monkeypatch.setattr(run, "measure_one", broken)
    warm = scan([root], ScanOptions(jobs=1, cache_dir=str(cache), history=False)).complexity
    assert warm == serial
