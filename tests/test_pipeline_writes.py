"""Outputs are written whole or not at all, data first, and a folder in the way is one clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import pipeline
from analyzer.cli import main
from analyzer.config import load_config
from analyzer.errors import UserError
from analyzer.report import REPORTERS, Reporter

SHOP = Path(__file__).resolve().parents[1] / "fixtures" / "shop"


@pytest.fixture(scope="module")
def shop_result():
    settings = load_config(None, SHOP)
    options = pipeline.scan_options(settings, code=False, cache_dir="")
    return pipeline.run_audit([SHOP], settings, options)


def test_a_folder_named_like_an_output_is_exit_2_in_one_line(tmp_path):
    (tmp_path / "report.html").mkdir()
    result = CliRunner().invoke(main, ["audit", str(SHOP), "--no-code", "--no-cache",
                                       "--out", str(tmp_path), "--fail-on", "never"])
    assert result.exit_code == 2
    assert "report.html" in result.output and "folder of that name is in the way" in result.output
    assert "Traceback" not in result.output


def test_facts_and_findings_are_written_before_a_failing_reporter(tmp_path, monkeypatch, shop_result):
    def broken(_result):
        raise RuntimeError("renderer bug")  # failure injection: a reporter that dies mid-run

    monkeypatch.setitem(REPORTERS, "html", Reporter("html", "report.html", "broken", broken))
    (tmp_path / "report.html").write_text("previous report", encoding="utf-8")
    with pytest.raises(RuntimeError):
        pipeline.write_reports(shop_result, tmp_path, ("html", "dot", "facts", "findings"))
    assert json.loads((tmp_path / "facts.json").read_text())["schema_version"]
    assert "findings" in json.loads((tmp_path / "findings.json").read_text())
    assert (tmp_path / "report.html").read_text() == "previous report"  # never half-written
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file is left behind"


def test_atomic_write_replaces_whole_and_escapes_lone_surrogates(tmp_path):
    target = tmp_path / "graph.dot"
    target.write_text("old", encoding="utf-8")
    pipeline.write_atomically(target, "name bad\udcff.yml é")
    text = target.read_bytes().decode("utf-8")  # valid UTF-8 whatever the text held
    assert text == "name bad\\udcff.yml é"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.dot"]


def test_an_unwritable_folder_is_a_user_error(tmp_path):
    missing = tmp_path / "gone"
    with pytest.raises(UserError) as err:
        pipeline.write_atomically(missing / "report.html", "x")
    assert "cannot write" in str(err.value)
