"""YAML reading: lines kept, merge keys, parse errors per document, alias bombs rejected."""

from __future__ import annotations

import time

import pytest
import yaml

from analyzer.ingest import yamlsafe
from analyzer.ingest.yamlsafe import MAX_DEPTH, LineDict, LineList, load_yaml, line_of


def test_documents_keep_start_lines_and_key_lines():
    docs, problems = load_yaml("a: 1\nb:\n  - x\n  - y\n---\nkind: Service\n", "f.yaml")
    assert problems == []
    assert [d.line for d in docs] == [1, 6]
    first = docs[0].data
    assert isinstance(first, LineDict) and isinstance(first["b"], LineList)
    assert first.key_lines == {"a": 1, "b": 2}
    assert first["b"].lines == [3, 4]
    assert line_of(first["b"], 1) == 4


def test_merge_keys_fill_missing_keys_only():
    docs, _ = load_yaml("base: &b {x: 1, y: 2}\nsvc:\n  <<: *b\n  y: 3\n", "f.yaml")
    assert docs[0].data["svc"] == {"x": 1, "y": 3}


def test_parse_error_reports_line_and_keeps_other_documents():
    text = "kind: A\n---\nkind: B\nbad: [unclosed\n---\nkind: C\n"
    docs, problems = load_yaml(text, "m.yaml")
    assert [d.data["kind"] for d in docs] == ["A", "C"]
    assert [p.code for p in problems] == ["yaml-parse-error"]
    assert problems[0].file == "m.yaml"
    assert problems[0].line in (4, 5)
    assert "malformed YAML" in problems[0].message


def test_bad_indentation_is_a_diagnostic_with_the_line():
    docs, problems = load_yaml("a: 1\n b: 2\nc: [\n", "x.yml")
    assert docs == []
    assert problems[0].code == "yaml-parse-error" and problems[0].line is not None


def billion_laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghijk"[:levels - 1]:
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def test_alias_bomb_is_rejected_fast():
    started = time.perf_counter()
    docs, problems = load_yaml(billion_laughs() + "---\nkind: Fine\n", "bomb.yaml")
    assert time.perf_counter() - started < 1.0
    assert [p.code for p in problems] == ["yaml-alias-bomb"]
    assert [d.data for d in docs] == [{"kind": "Fine"}]


def test_recursive_alias_is_rejected():
    docs, problems = load_yaml("a: &a [*a]\n", "r.yaml")
    assert docs == [] and problems[0].code == "yaml-alias-bomb"


def test_modest_aliases_are_fine():
    docs, problems = load_yaml("x: &x [1, 2]\ny: [*x, *x]\n", "ok.yaml")
    assert problems == [] and docs[0].data["y"] == [[1, 2], [1, 2]]


def test_unknown_tags_and_python_tags_stay_strings():
    docs, problems = load_yaml("a: !Ref thing\nb: !!python/object:os.system ls\n", "t.yaml")
    assert docs[0].data == {"a": "thing", "b": "ls"}
    assert problems == []


def test_deep_nesting_is_rejected_without_crashing():
    started = time.perf_counter()
    docs, problems = load_yaml("a: " + "[" * 200_000 + "]" * 200_000 + "\n", "deep.yaml")
    assert docs == [] and [p.code for p in problems] == ["yaml-too-deep"]
    docs, problems = load_yaml("- " * 5000 + "x\n", "dashes.yaml")
    assert docs == [] and [p.code for p in problems] == ["yaml-too-deep"]
    assert time.perf_counter() - started < 2.0


def test_undefined_alias_is_a_parse_error_for_that_document_only():
    docs, problems = load_yaml("a: *nope\n---\nb: 1\n", "u.yaml")
    assert [d.data for d in docs] == [{"b": 1}]
    assert [(p.code, p.line) for p in problems] == [("yaml-parse-error", 1)]


def _block_nesting(levels: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(levels)) + " " * levels + "v: 1\n"


def test_flow_nesting_over_archgovs_limit_is_refused_before_parsing():
    docs, problems = load_yaml("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "f.yaml")
    assert docs == [] and [p.code for p in problems] == ["yaml-too-deep"]
    assert f"more than {MAX_DEPTH}" in problems[0].message


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)],
                         ids=["pure-python", "libyaml"])
def test_block_nesting_over_archgovs_limit_is_too_deep_with_either_loader(monkeypatch, loader):
    monkeypatch.setattr(yamlsafe, "_Loader", loader)
    docs, problems = load_yaml("kind: Before\n---\n" + _block_nesting(MAX_DEPTH + 10)
                               + "---\nkind: After\n", "b.yaml")
    assert [d.data for d in docs] == [{"kind": "Before"}, {"kind": "After"}]
    assert [p.code for p in problems] == ["yaml-too-deep"]
    assert problems[0].line == 3


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="libyaml not available")
def test_libyamls_own_nesting_limit_is_too_deep_and_keeps_other_documents(monkeypatch):
    monkeypatch.setattr(yamlsafe, "MAX_DEPTH", 5000)  # let libyaml's limit (1000) trip first
    monkeypatch.setattr(yamlsafe, "_Loader", yaml.CSafeLoader)
    text = "kind: Before\n---\n" + _block_nesting(1200) + "---\nkind: After\n"
    docs, problems = load_yaml(text, "lib.yaml")
    assert [d.data for d in docs] == [{"kind": "Before"}, {"kind": "After"}]
    assert [p.code for p in problems] == ["yaml-too-deep"]
    assert "libyaml" in problems[0].message and problems[0].line is not None


def test_pure_python_loader_deep_input_is_bounded(monkeypatch):
    monkeypatch.setattr(yamlsafe, "_Loader", yaml.SafeLoader)
    started = time.perf_counter()
    docs, problems = load_yaml("- " * 5000 + "x\n", "dashes.yaml")
    assert docs == [] and [p.code for p in problems] == ["yaml-too-deep"]
    assert time.perf_counter() - started < 5.0


def test_binary_and_timestamp_scalars_stay_text():
    docs, problems = load_yaml("a: !!binary /w==\nb: 2001-12-14\nc: 3\nd: 1.5\ne: null\n", "b.yaml")
    assert problems == []
    assert docs[0].data == {"a": "/w==", "b": "2001-12-14", "c": 3, "d": 1.5, "e": None}
