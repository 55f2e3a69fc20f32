"""Same input, byte-identical outputs."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_two_audits_are_byte_identical(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-m", "analyzer", "audit", "fixtures/shop", "--out",
                        str(tmp_path / name), "--fail-on", "never", "--no-cache"],
                       cwd=REPO, check=True, capture_output=True, timeout=300)
    for file in ("facts.json", "findings.json", "graph.dot", "graph.json", "report.html", "graph.svg"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file
