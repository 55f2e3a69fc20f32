"""Property tests over the whole audit: a generated repository gives reports or a user error,
never an internal error, and every JSON output is valid UTF-8 JSON.

The repositories mix compose, Kubernetes, Dockerfiles, config, build and source files (code
extraction runs, in-process: `jobs=1`, no cache). Known crash inputs are left out here
(`hazards=False`); see `test_known_hazards.py`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from analyzer.cli import main
from analyzer.config import load_config
from analyzer.errors import UserError
from analyzer.pipeline import DEFAULT_FORMATS, run_audit, scan_options, write_reports
from strategies import repositories, write_tree

PIPELINE = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))
JSON_OUTPUTS = ("facts.json", "findings.json", "graph.json")


def strict_json(data: bytes) -> object:
    """Parse `data` as UTF-8 JSON, refusing NaN and Infinity (not JSON, whatever Python allows)."""
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(data.decode("utf-8"), parse_constant=refuse)


def assert_json_outputs(out: Path) -> None:
    for name in JSON_OUTPUTS:
        path = out / name
        if path.exists():
            strict_json(path.read_bytes())


@PIPELINE
@given(tree=repositories())
def test_audit_of_generated_repository_writes_valid_reports(tree):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp) / "repo", tree)
        settings_ = load_config(None, root)
        try:
            result = run_audit([root], settings_, scan_options(settings_, jobs=1, cache_dir=""))
        except UserError as err:  # e.g. no services: a one-line user error is a valid answer
            assert "\n" not in err.render()
            return
        outcome = write_reports(result, Path(tmp) / "out", DEFAULT_FORMATS)
        assert outcome.written
        assert_json_outputs(Path(tmp) / "out")


@PIPELINE
@given(tree=repositories(max_services=2))
def test_cli_audit_exits_0_1_or_2(tree):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp) / "repo", tree)
        out = Path(tmp) / "out"
        result = CliRunner().invoke(main, ["audit", str(root), "--out", str(out), "--no-cache",
                                           "--jobs", "1", "-f", "json,facts,findings,dot,html"])
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        assert_json_outputs(out)
