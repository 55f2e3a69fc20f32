"""Saved facts read back: a model, or one UserError line for anything that is not one."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.errors import UserError
from analyzer.ingest.facts_file import read_facts, read_facts_files
from analyzer.model import Edge, EdgeKind, Service, SystemModel


def _model(*ids: str) -> SystemModel:
    return SystemModel(roots=["r"], services=[Service(id=i) for i in ids],
                       edges=[Edge(source=ids[0], target=ids[-1], kind=EdgeKind.HTTP)])


def test_round_trip_and_merge(tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    one.write_text(_model("a", "b").to_json(), encoding="utf-8")
    two.write_text(_model("b", "c").to_json(), encoding="utf-8")
    assert read_facts(one) == _model("a", "b").normalized()
    merged = read_facts_files([one, two])
    assert [s.id for s in merged.services] == ["a", "b", "c"] and len(merged.edges) == 2


@pytest.mark.parametrize("text, message", [
    ("{not json", "not an archgov facts document (invalid JSON: Expecting property name"),
    ("[" * 10_000, "not an archgov facts document (skipped: brackets nested more than"),
    ('{"services": []}', "not an archgov facts document (no schema_version)"),
    ('{"schema_version": "2.0"}', "facts schema_version '2.0' is not readable by this archgov"),
    ('{"schema_version": "1.0", "services": [{"idx": 1}]}', "not an archgov facts document (services.0.id"),
    ("\x00\x01binary", "skipped: binary file"),
])
def test_what_is_not_a_facts_document(tmp_path, text, message):
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_facts(path)
    assert message in err.value.render() and "\n" not in err.value.render()


@pytest.mark.parametrize("text", ["{corrupt", json.dumps({"schema_version": "9.1", "x": 1})])
def test_analyze_refuses_bad_facts_with_one_line(tmp_path, text):
    bad = tmp_path / "facts.json"
    bad.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"archgov: error: {bad}: ")


def test_analyze_merges_several_facts_files_into_one_report(tmp_path):
    for name, ids in (("one.json", ("a", "b")), ("two.json", ("b", "c"))):
        (tmp_path / name).write_text(_model(*ids).to_json(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "one.json"), str(tmp_path / "two.json"),
                                       "--out", str(out), "-f", "facts,sarif,junit,markdown",
                                       "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert [s["id"] for s in json.loads((out / "facts.json").read_text())["services"]] == ["a", "b", "c"]
    assert {p.name for p in out.iterdir()} == {"facts.json", "archgov.sarif", "junit.xml", "report.md"}
