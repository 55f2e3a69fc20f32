"""Issue 12.1: one hostile 200,000-character value must not hang `archgov audit`.

Before host scanning was made linear, one compose env value of 100,000 characters without
`://` took 45 s, and 200,000 characters over 2 minutes (a regex search for `scheme://` over
a long scheme-like run); `${...}` placeholders in Spring config took as long. Each shape below
is planted in compose `environment`, in a Spring `application.yml` and in an
`appsettings.json`, and the whole audit (scan, analysis, rules, every report) runs through
the CLI. The bound is generous (it proves "no hang", not speed); the value is reported as too
long to be an address and the rest of the system is still read.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.ingest.hosts import MAX_ADDRESS_CHARS

N = 200_000
SHAPES = {
    "no-scheme": "a" * N,
    "colons": "a:" * (N // 2),
    "ats": "a@" * (N // 2),
    "colons-and-ats": "a:b@" * (N // 4),
    "scheme-at-the-end": "a" * N + "://",
    "many-schemes": "a://" * (N // 4),
    "user-info": "http://" + "u:" * (N // 2),
    "placeholders": "${a" * (N // 3),
    "placeholder-defaults": "${a:-" * (N // 5),
    "variables": "$a" * (N // 2),
    "dots": "a." * (N // 2),
}
WHERE = ("compose", "application.yml", "appsettings.json")
# A compose file with more than 256 `{` is refused as too deep before any value is read
# (yamlsafe's bracket pre-check), so brace shapes are tried in the config files only.
CASES = [(shape, where) for shape in sorted(SHAPES) for where in WHERE
         if not (where == "compose" and "{" in SHAPES[shape])]


def _system(root: Path, value: str, where: str) -> None:
    service = root / "services" / "api"
    service.mkdir(parents=True)
    (service / "main.py").write_text("import requests\nrequests.get('http://web:80/x')\n")
    env = {"BIG_URL": value, "WEB_URL": "http://web:80"}
    compose = {"services": {"api": {"build": "services/api"}, "web": {"image": "nginx"}}}
    if where == "compose":
        compose["services"]["api"]["environment"] = env
    elif where == "application.yml":
        resources = service / "src" / "main" / "resources"
        resources.mkdir(parents=True)  # JSON is YAML, and keeps the value on one line
        (resources / "application.yml").write_text(json.dumps({"big": {"url": value}}))
    else:
        (service / "appsettings.json").write_text(json.dumps(
            {"ConnectionStrings": {"Big": value}, "Upstream": {"Url": value}}))
    (root / "docker-compose.yml").write_text(json.dumps(compose))


@pytest.mark.parametrize("shape, where", CASES)
def test_a_200000_character_value_does_not_hang_the_audit(tmp_path, shape, where):
    root = tmp_path / "system"
    _system(root, SHAPES[shape], where)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["audit", str(root), "--out", str(tmp_path / "out"),
                                       "--fail-on", "never", "--no-cache", "-j", "1"])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert elapsed < 5, f"{shape} in {where}: {elapsed:.1f} s"
    facts = json.loads((tmp_path / "out" / "facts.json").read_text())
    assert ("api", "web", "http") in {(e["source"], e["target"], e["kind"])
                                       for e in facts["edges"]}


def test_a_value_too_long_for_an_address_is_a_diagnostic_naming_file_and_limit(tmp_path):
    for where in ("compose", "application.yml"):
        root = tmp_path / where
        _system(root, "http://web:80/" + "x" * MAX_ADDRESS_CHARS, where)
        result = CliRunner().invoke(main, ["scan", str(root), "--no-cache"])
        assert result.exit_code == 0, result.output
        diagnostics = [d for d in json.loads(result.output)["diagnostics"]
                       if d["code"] == "value-too-long"]
        assert len(diagnostics) == 1, diagnostics
        expected = "docker-compose.yml" if where == "compose" else "application.yml"
        assert diagnostics[0]["file"].endswith(expected)
        assert f"limit {MAX_ADDRESS_CHARS}" in diagnostics[0]["message"]
