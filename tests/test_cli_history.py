"""`archgov audit --since DATE`: the history range from the command line; a bad date is exit 2."""

from __future__ import annotations

import json

from click.testing import CliRunner

from analyzer.cli import main


def test_since_sets_the_history_range(ledger_repo, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", str(ledger_repo), "--out", str(out),
                                       "--since", "2026-01-01", "-f", "facts", "-f", "csv",
                                       "--no-cache", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    [repo] = json.loads((out / "facts.json").read_text(encoding="utf-8"))["history_repos"]
    assert repo["since"] == "2026-01-01T00:00:00Z" and 0 < repo["commits"] < 52
    assert (out / "metrics.csv").read_text(encoding="utf-8").startswith("table,")


def test_a_bad_since_is_one_usage_error_line(ledger_repo, tmp_path):
    result = CliRunner().invoke(main, ["scan", str(ledger_repo), "--since", "last tuesday"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "archgov: error: --since: must be a date like 2025-01-31 (got 'last tuesday'): "
        "pass an ISO date or date-time"]
