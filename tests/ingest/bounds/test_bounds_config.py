"""Config and build files that would blow up a naive reader: alias bombs, deep nesting."""

from __future__ import annotations

import re
import time

from hypothesis import given
from hypothesis import strategies as st

from analyzer.ingest.code.config.files import parse_config, placeholders
from analyzer.ingest.manifests.dotenv import parse_env_file
from analyzer.ingest.jsonsafe import MAX_JSON_DEPTH, leaves, too_deep_at
from analyzer.ingest.yamlsafe import MAX_ALIAS_EXPANSION


def _billion_laughs() -> str:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        bomb += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return bomb


def test_billion_laughs_application_yml_is_rejected_fast(system, audit):
    root = system({"api/src/main/resources/application.yml": _billion_laughs()})
    started = time.perf_counter()
    done = audit(root)
    assert time.perf_counter() - started < 20
    [diag] = done.diagnostics("yaml-alias-bomb")
    assert diag["file"] == "api/src/main/resources/application.yml"
    assert str(MAX_ALIAS_EXPANSION) in diag["message"]


def test_application_yml_nested_3000_levels_is_too_deep(system, audit):
    deep = "".join(" " * i + f"k{i}:\n" for i in range(3000)) + " " * 3000 + "v: 1\n"
    done = audit(system({"api/application.yml": deep,
                         "api/bootstrap.yml": "- " * 3000 + "x\n"}))
    assert {d["file"] for d in done.diagnostics("yaml-too-deep")} == {
        "api/application.yml", "api/bootstrap.yml"}


def test_package_json_of_5000_brackets_is_too_deep(system, audit):
    done = audit(system({"api/package.json": "[" * 5000 + "]" * 5000,
                         "api/appsettings.json": '{"a":' * 3000 + "1" + "}" * 3000,
                         "api/pyproject.toml": "x = " + "[" * 3000 + "]" * 3000 + "\n"}))
    deep = {d["file"]: d["message"] for d in done.diagnostics("json-too-deep")}
    assert set(deep) == {"api/package.json", "api/appsettings.json"}
    assert all(str(MAX_JSON_DEPTH) in message for message in deep.values())
    [toml] = done.diagnostics("toml-too-deep")
    assert toml["file"] == "api/pyproject.toml"


def test_brackets_inside_strings_do_not_count():
    text = '{"a": "' + "[" * 1000 + '", "b": [1, {"c": 2}]}'
    assert too_deep_at(text) is None
    assert too_deep_at("{\n" + '"x": ' + "[" * 300 + "]" * 300 + "}") == 2


def test_nested_config_within_the_limit_is_flattened_in_order():
    deep = '{"a":' * 200 + '"http://orders:8080"' + "}" * 200
    values = parse_config(deep, "s/appsettings.json").values
    assert [(v.key, v.value) for v in values] == [(":".join(["a"] * 200), "http://orders:8080")]
    assert list(leaves({"b": [1, {"c": 2}], "a": None})) == [("b[0]", 1), ("b[1]:c", 2),
                                                              ("a", None)]
    yml = parse_config("a:\n  b: [x, {c: true}]\n  d:\n", "s/application.yml")
    assert [(v.key, v.value, v.line) for v in yml.values] == [
        ("a.b[0]", "x", 2), ("a.b[1].c", "true", 2), ("a.d", "", 3)]


_ORACLE = re.compile(r"\$\{([^}:]+)(?::([^}]*))?\}")


@given(st.text(alphabet="${}:ab ", max_size=40))
def test_placeholders_match_the_spring_pattern(text):
    expected = [(m.group(0), m.group(1).strip(), m.group(2)) for m in _ORACLE.finditer(text)]
    assert placeholders(text) == expected


def test_placeholders_and_env_lines_are_linear():
    started = time.perf_counter()
    assert placeholders("${a:" * 200_000) == []
    assert parse_env_file("A=x" + " " * 2_000_000 + "y # note\n") == [("A", "x" + " " * 2_000_000 + "y", 1)]
    assert time.perf_counter() - started < 5
