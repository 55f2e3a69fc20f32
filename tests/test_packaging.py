"""The README's first command, run verbatim in a temporary clone, installs archgov and audits
the sample shop; and `.ci/run` never passes on a run that collected no test."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / ".ci" / "test-requirements.lock"


def readme_first_command() -> str:
    """The first ```sh block of README.md: the set-up command a new user copies."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, flags=re.S)
    assert block, "README.md has no ```sh block"
    return block.group(1).strip()


def temporary_clone(dest: Path) -> Path:
    """The tracked files of the working tree, copied as a fresh clone would lay them out."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, timeout=60)
    if listing.returncode != 0:
        pytest.skip("not a git checkout: no tracked files to clone")
    for rel in filter(None, listing.stdout.decode().split("\0")):
        source = REPO / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    return dest


def test_readme_first_command_runs_verbatim_and_draws_the_graph(tmp_path):
    command = readme_first_command()
    assert "pip install ." in command and "archgov audit fixtures/shop" in command
    clone = temporary_clone(tmp_path / "clone")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env["PIP_CONSTRAINT"] = str(LOCK)  # the command stays verbatim; its installs stay locked
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    proc = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True,
                          text=True, timeout=1200)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]

    site = subprocess.run([str(clone / ".venv/bin/python"), "-c",
                           "import analyzer, pathlib; print(pathlib.Path(analyzer.__file__).parent)"],
                          capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()
    assert "site-packages" in site, "the README installs a wheel, not an editable tree"
    assert (Path(site) / "_builtin" / "rules" / "smells" / "no-service-cycles.yaml").exists()

    out = clone / "out" / "shop"
    html = (out / "report.html").read_text(encoding="utf-8")
    start = html.index("<svg", html.index('id="graph-view"'))  # the drawing, not a chart
    graph = html[start:html.index("</svg>", start)]
    services = yaml.safe_load((REPO / "fixtures/shop/expected.yaml").read_text())["services"]
    missing = [s for s in services if f">{s}<" not in graph]
    assert not missing, f"services not drawn in report.html: {missing}"
    assert (out / "graph.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    assert "digraph" in (out / "graph.dot").read_text()
    listing = subprocess.run([str(clone / ".venv/bin/archgov"), "rules", "list"],
                             capture_output=True, text=True, cwd=tmp_path)
    assert "shared-datastore" in listing.stdout


@pytest.mark.parametrize(("pytest_exit", "ci_exit"), [(0, 0), (1, 1), (5, 1)])
def test_ci_run_fails_when_no_test_was_collected(tmp_path, pytest_exit, ci_exit):
    ci = tmp_path / ".ci"
    ci.mkdir()
    shutil.copy2(REPO / ".ci" / "run", ci / "run")
    # a stand-in for the README's test command, ending as pytest would (failure injection)
    (ci / "test.sh").write_text(f"echo '== {pytest_exit} pytest exit =='\nexit {pytest_exit}\n")
    proc = subprocess.run(["bash", str(ci / "run")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == ci_exit
    assert f"{pytest_exit} pytest exit" in proc.stdout
    if pytest_exit == 5:
        assert "collected no test" in proc.stderr
