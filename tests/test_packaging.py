"""A non-editable `pip install .` into a fresh venv works and ships the rules and templates."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_install_runs_an_audit(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = venv / "bin" / "pip"
    proc = subprocess.run([str(pip), "install", "-q", "--disable-pip-version-check", str(REPO)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    archgov = venv / "bin" / "archgov"
    site = subprocess.run([str(venv / "bin" / "python"), "-c",
                           "import analyzer, pathlib; print(pathlib.Path(analyzer.__file__).parent)"],
                          capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()
    assert "site-packages" in site, "must import the installed copy, not the source tree"
    assert (Path(site) / "_builtin" / "rules" / "no-service-cycles.yaml").exists()
    assert any((Path(site) / "_builtin" / "reports").iterdir())
    version = subprocess.run([str(archgov), "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and "archgov" in version.stdout
    audit = subprocess.run([str(archgov), "audit", str(REPO / "fixtures" / "shop"), "--out",
                            str(tmp_path / "out"), "--fail-on", "never", "--no-code"],
                           capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert audit.returncode == 0, audit.stderr
    assert "<svg" in (tmp_path / "out" / "report.html").read_text() or "dot" in audit.stderr
    listing = subprocess.run([str(archgov), "rules", "list"], capture_output=True, text=True, cwd=tmp_path)
    assert "shared-datastore" in listing.stdout
