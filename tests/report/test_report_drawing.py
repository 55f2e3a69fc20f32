"""The graph is always drawn: Graphviz within its limits and timeout, the built-in layout otherwise.

Failure injection uses a fake `dot` script as the whole PATH (fake_dot.py); the reproducer
of issue 12.2 (150 services, 3 URLs each: `dot` never finished) runs the real CLI and the
real `dot`.
"""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fake_dot import fake_dot

from analyzer import pipeline
from analyzer.config import ConfigError, Settings, load_config
from analyzer.report import REPORTERS, GraphLimits
from analyzer.report.drawing import MISSING_NOTE, draw
from analyzer.report.graphview import build_view
from analyzer.report.svg_builtin import DRAWN_BY

REPO = Path(__file__).resolve().parents[2]
SHOP = REPO / "fixtures" / "shop"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _view(result):
    return build_view(result.model, components=result.metrics.components)


def _inline_svg_texts(html: str) -> set[str]:
    start = html.index("<svg", html.index('id="graph-view"'))  # the drawing, not a chart
    svg = html[start:html.index("</svg>", start) + len("</svg>")]
    return {t.text for t in ET.fromstring(svg.encode()).iter(f"{SVG_NS}text")}


def test_above_the_limits_dot_is_not_run(result, monkeypatch, tmp_path):
    marker = tmp_path / "ran"
    monkeypatch.setenv("PATH", str(fake_dot(tmp_path / "bin", f"/usr/bin/touch {marker}; exit 1")))
    drawing = draw(_view(result), limits=GraphLimits(max_dot_nodes=3))
    assert not marker.exists()
    assert drawing.note.startswith("The graph has 9 nodes and 11 edges")
    assert "max_dot_nodes 3" in drawing.note and not drawing.warn
    assert REPORTERS["svg"].output(result, GraphLimits(max_dot_edges=10)).warnings == ()
    ET.fromstring(drawing.svg.encode())


def test_a_hanging_dot_is_killed_after_the_timeout_and_run_once(result, monkeypatch, tmp_path):
    calls = tmp_path / "calls"
    # not `exec`: the shell's child must die with it (dot runs in a session of its own)
    monkeypatch.setenv("PATH", str(fake_dot(tmp_path / "bin", f"echo run >> {calls}\n/bin/sleep 60")))
    outcome = pipeline.write_reports(result, tmp_path / "out", ("html", "svg", "dot", "findings"),
                                     graph=GraphLimits(timeout_seconds=0.5))
    assert [p.name for p in outcome.written] == ["findings.json", "report.html", "graph.svg",
                                                "graph.dot"]  # the data first
    assert calls.read_text().splitlines() == ["run"]  # graph.svg did not wait again
    assert len(outcome.warnings) == 1
    assert outcome.warnings[0].startswith("Graphviz 'dot' did not finish within 0.5 s")
    html = (tmp_path / "out" / "report.html").read_text()
    assert "its drawing was skipped" in html
    assert set(s.id for s in result.model.services) <= _inline_svg_texts(html)
    assert DRAWN_BY.split()[0] not in (tmp_path / "out" / "graph.dot").read_text()


def test_a_failing_dot_is_reported_and_the_built_in_layout_draws(result, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(fake_dot(tmp_path / "bin", "echo 'Error: \x01boom' >&2; exit 3")))
    drawing = draw(_view(result), links=True)
    assert drawing.warn
    assert drawing.note.startswith("Graphviz 'dot' failed (exit 3: Error: boom)")
    assert 'xlink:href="#svc-orders"' in drawing.svg


def test_dot_runs_under_a_memory_cap(result, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(fake_dot(tmp_path / "bin", 'echo "cap $(ulimit -v)" >&2; exit 1')))
    assert "cap 2097152" in draw(_view(result)).note  # KiB: 2 GiB of address space


def test_without_dot_the_shop_report_draws_every_service(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = pipeline.run_audit([SHOP], Settings.default())
    outcome = pipeline.write_reports(result, tmp_path / "out", ("html", "svg"))
    assert outcome.warnings == [MISSING_NOTE]
    html = (tmp_path / "out" / "report.html").read_text()
    services = {s.id for s in result.model.services}
    assert len(services) >= 15 and services <= _inline_svg_texts(html)
    svg = (tmp_path / "out" / "graph.svg").read_text()
    assert services <= {t.text for t in ET.fromstring(svg.encode()).iter(f"{SVG_NS}text")}


def test_graph_limits_come_from_archgov_yml(tmp_path):
    (tmp_path / "archgov.yml").write_text(
        "graph: {max_dot_nodes: 40, max_dot_edges: 80, timeout_seconds: 5}\n")
    assert load_config(None, tmp_path).graph == GraphLimits(max_dot_nodes=40, max_dot_edges=80,
                                                            timeout_seconds=5)
    assert Settings.default().graph == GraphLimits()
    (tmp_path / "archgov.yml").write_text("graph: {max_dot_nodes: -1, timeout_seconds: 0, "
                                          "colour: red}\n")
    with pytest.raises(ConfigError) as err:
        load_config(None, tmp_path)
    text = str(err.value)
    assert "graph.max_dot_nodes" in text and "graph.timeout_seconds" in text
    assert "unknown key 'colour'" in text


def _compose(folder: Path, services: int) -> Path:
    """The issue's reproducer: every service has 3 URL env values naming other services."""
    lines = ["services:"]
    for i in range(services):
        lines += [f"  svc-{i:03d}:", f"    image: acme/svc-{i:03d}:1.0", "    environment:"]
        lines += [f"      DEP_{k}_URL: http://svc-{(i * 7 + k * 31 + 1) % services:03d}:8080"
                  for k in range(3)]
    folder.mkdir()
    (folder / "docker-compose.yml").write_text("\n".join(lines) + "\n")
    return folder


def _audit(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer", "audit", str(root), "--out", str(out),
                           "--fail-on", "never", "--no-cache", *extra],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def test_150_services_are_drawn_by_the_built_in_layout(tmp_path):
    root = _compose(tmp_path / "sys", 150)
    proc = _audit(root, tmp_path / "out")  # dot used to run for minutes here
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr
    svg = (tmp_path / "out" / "graph.svg").read_text()
    assert "<!-- The graph has 150 nodes and 450 edges" in svg
    assert len(ET.fromstring(svg.encode()).findall(f".//{SVG_NS}g[@class='node']")) == 150
    html = (tmp_path / "out" / "report.html").read_text()
    assert "150 nodes and 450 edges" in html and "svc-149" in _inline_svg_texts(html)
    dot = (tmp_path / "out" / "graph.dot").read_text()
    assert len(re.findall(r"^\tn_\w+ -> n_\w+ \[", dot, flags=re.M)) == 450  # written as before


def test_150_services_past_raised_limits_hit_the_real_dot_timeout(tmp_path):
    root = _compose(tmp_path / "sys", 150)
    (root / "archgov.yml").write_text(
        "graph: {max_dot_nodes: 1000, max_dot_edges: 1000, timeout_seconds: 1}\n")
    proc = _audit(root, tmp_path / "out", "--config", str(root / "archgov.yml"))
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "warning" in line]
    assert warnings == ["archgov: warning: Graphviz 'dot' did not finish within 1 s (graph: "
                        "timeout_seconds in archgov.yml): its drawing was skipped and archgov's "
                        "built-in layout drew the graph"]
    for name in ("report.html", "graph.svg", "graph.dot", "graph.json", "facts.json",
                 "findings.json"):
        assert (tmp_path / "out" / name).exists()


def test_archgov_graph_svg_without_dot_uses_the_built_in_layout(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "analyzer", "graph", str(SHOP), "--format", "svg",
                           "--no-cache"], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={"PATH": str(tmp_path), "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines() == [f"archgov: warning: {MISSING_NOTE}"]
    texts = {t.text for t in ET.fromstring(proc.stdout.encode()).iter(f"{SVG_NS}text")}
    assert {"gateway", "checkout", "catalog"} <= texts
