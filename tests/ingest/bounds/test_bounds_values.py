"""Symbolic string evaluation stays linear and shallow on hostile code, and says when it gave up."""

from __future__ import annotations

import time

import pytest

from analyzer.ingest.code import limits
from analyzer.ingest.code.scanner import extract_text
from analyzer.ingest.code.treesitter.symbolic import Value, concat
from analyzer.ingest.code.urlvalue import Val
from analyzer.ingest.code.urlvalue import concat as url_concat

CHAIN = 38_000
DEEP = 10_000


def _codes(facts) -> list[str]:
    return [p.code for p in facts.problems]


def test_js_chain_of_38000_bindings_is_capped_and_the_audit_completes(system, audit):
    js = "let u0 = 'http://web';\n" + "".join(
        f"let u{i} = u{i - 1} + '/p';\n" for i in range(1, CHAIN)) + f"fetch(u{CHAIN - 1});\n"
    started = time.perf_counter()
    done = audit(system({"api/index.js": js}))
    assert time.perf_counter() - started < 60
    [diag] = done.diagnostics("code-value-capped")
    assert diag["file"] == "api/index.js" and str(limits.MAX_VALUE_CHARS) in diag["message"]


@pytest.mark.parametrize("name, head, line, tail", [
    ("a.py", "import requests\nu0 = 'http://web'\n", "u{i} = u{j} + '/p'\n", "requests.get(u{j})\n"),
    ("A.cs", "class A { void F() {\nvar u0 = \"http://web\";\n", "var u{i} = u{j} + \"/p\";\n",
     "client.GetAsync(u{j});\n}}\n"),
    ("a.go", "package main\nimport \"net/http\"\nfunc main() {\nu0 := \"http://web\"\n",
     "u{i} := u{j} + \"/p\"\n", "http.Get(u{j})\n}}\n"),
    ("A.java", "class A { void f() {\nString u0 = \"http://web\";\n",
     "String u{i} = u{j} + \"/p\";\n", "rest.getForObject(u{j}, String.class);\n}}\n"),
    ("a.kt", "fun f() {\nval u0 = \"http://web\"\n", "val u{i} = u{j} + \"/p\"\n",
     "restTemplate.getForObject(u{j}, String::class.java)\n}}\n"),
])
def test_every_language_caps_a_long_binding_chain(name, head, line, tail):
    text = head + "".join(line.format(i=i, j=i - 1) for i in range(1, 5000)) + \
        tail.format(j=4999)
    language = {"py": "python", "cs": "csharp", "go": "go", "java": "java", "kt": "kotlin"}[
        name.rsplit(".", 1)[1]]
    facts = extract_text(language, text, name)
    assert "code-value-capped" in _codes(facts)
    assert not any(p.message.startswith("extractor failed") for p in facts.problems)


@pytest.mark.parametrize("language, name, text", [
    ("javascript", "a.js", "let x = " + "(\n" * DEEP + "'http://web/x'" + ")\n" * DEEP + ";\nfetch(x);\n"),
    ("javascript", "b.js", "let x = " + "[\n" * DEEP + "1" + "]\n" * DEEP + ";\nfetch('http://web/x');\n"),
    ("javascript", "c.js", "fetch(" + "'http://web'\n + " * DEEP + "'/x');\n"),
    ("csharp", "A.cs", "class A { void F() {\nvar x = " + "(\n" * DEEP + "\"http://web\"" + ")\n" * DEEP
     + ";\nclient.GetAsync(x);\n}}\n"),
])
def test_deep_nesting_never_crashes_an_extractor(language, name, text):
    facts = extract_text(language, text, name)
    assert not any(p.message.startswith("extractor failed") for p in facts.problems)
    assert facts.calls or "code-value-capped" in _codes(facts) or "code-too-deep" in _codes(facts)


def test_python_too_deep_for_its_parser_is_a_diagnostic():
    facts = extract_text("python", "x = (" + "-\n" * 100_000 + "1)\n", "deep.py")
    assert _codes(facts) == ["code-too-deep"]


def test_values_past_the_length_cap_are_unknown():
    limits.reset()
    half = "x" * (limits.MAX_VALUE_CHARS // 2 + 1)
    assert concat([Value("lit", "http://web/" + half), Value("lit", half)]) is None
    assert url_concat([Val("url", "http://web/"), half, half]) is None
    assert [p.code for p in limits.problems()] == ["code-value-capped"]
    limits.reset()
    assert concat([Value("lit", "http://web"), Value("lit", "/x")]) == Value("lit", "http://web/x")
    assert limits.problems() == []
