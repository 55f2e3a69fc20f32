"""DOT output that the real Graphviz accepts whatever the scanned repositories call things."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from analyzer.model import (Datastore, DatastoreCategory, Edge, EdgeKind, Evidence, Origin,
                            Service, SystemModel)
from analyzer.report.dot import render_dot
from analyzer.report.mermaid import render_mermaid
from analyzer.report.graphview import build_view, safe_key
from analyzer.report.text import drawable

SVG_NS = "{http://www.w3.org/2000/svg}"
NASTY = ["nul\x00here", "ctl\x01\x02\x7f\x9b", "multi\nline", 'quote"d', '"', "back\\slash\\",
         "\\", "\\N\\G\\l", "<b>&amp;</b>", "R&D", "<html>", "x" * 20_000, "y" * 16_385 + "\\",
         "bad\udcffbyte", "\udcff", "node", "edge", "subgraph", "-1", ""]


def _nasty_model() -> SystemModel:
    return SystemModel(
        services=[Service(id=name) for name in NASTY if name],
        datastores=[Datastore(id="db\x00\n", technology='pg"\\\x01' + "t" * 300,
                              category=DatastoreCategory.DB)],
        edges=[Edge(source=a, target=b, kind=EdgeKind.HTTP,
                    evidence=[Evidence(origin=Origin.CODE, file="x.py", line=1)])
               for a, b in zip(NASTY[:-1], [*NASTY[1:-1], "db\x00\n"])])


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is absent (apt-get install graphviz)")
def test_real_dot_accepts_every_nasty_name():
    source = render_dot(build_view(_nasty_model()), links=True)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", source)
    proc = subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"Warning" not in proc.stderr and b"Error" not in proc.stderr
    root = ET.fromstring(proc.stdout)  # Graphviz's SVG is valid XML too
    texts = {t.text for t in root.iter(f"{SVG_NS}text")}
    assert {"nulhere", "multi line", 'quote"d', '"', "back\\slash\\", "\\", "\\N\\G\\l",
            "<b>&amp;</b>", "R&D", "<html>", "bad\ufffdbyte", "node", "-1"} <= texts
    assert "x" * 199 + "…" in texts


def test_labels_tooltips_and_names_are_bounded():
    source = render_dot(build_view(_nasty_model()))
    assert max(len(line) for line in source.splitlines()) < 1500
    assert len(safe_key("z" * 20_000)) < 130 and safe_key("z" * 20_000) != safe_key("z" * 20_001)
    assert safe_key("plain") == "n_plain"  # unchanged for ordinary ids


def test_drawable_keeps_what_a_reader_needs():
    assert drawable("a\x00b\x01c") == "abc"
    assert drawable("line\r\nbreak\ttab") == "line break tab"
    assert drawable("\udcff") == "\ufffd"
    assert drawable("é中文🚀") == "é中文🚀"
    assert drawable("x" * 201) == "x" * 199 + "…" and len(drawable("x" * 200)) == 200


def test_mermaid_labels_are_cleaned_like_dot():
    source = render_mermaid(build_view(_nasty_model()))
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", source)
    assert max(len(line) for line in source.splitlines()) < 1500
    assert '"nulhere"' in source and '"multi line"' in source and "bad\ufffdbyte" in source
    source.encode("utf-8")  # every character encodable
