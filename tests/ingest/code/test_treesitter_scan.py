"""The shared extractor skeleton: run_extractor, FactSink and scope spans, on real Go code."""

from __future__ import annotations

from analyzer.ingest.code.facts import FileFacts, ParseProblem, TopicUse
from analyzer.ingest.code.golang.values import GoScan
from analyzer.ingest.code.treesitter.symbolic import Value
from analyzer.ingest.code.treesitter.scan import FILE_SPAN, FactSink, enclosing_span, \
    named_children, run_extractor
from analyzer.ingest.code.treesitter.util import parse, source_bytes, walk

SRC = '''package main

const orders = "http://orders:8080"

func fetch(base string) { http.Get(base + "/api") }

func main() {
	fetch(orders)
	fetch(os.Getenv("STOCK_URL"))
	fetch() // too few arguments: skipped
}
'''


def _scan(src: str = SRC) -> GoScan:
    tree, problems = parse("go", src)
    assert problems == []
    scan = GoScan(source_bytes(src))
    scan.collect(tree.root_node)
    return scan


def test_a_parameter_is_reported_at_each_same_file_caller():
    sink = FactSink(_scan(), "go")
    sink.emit(5, "http", Value("param", "fetch:0", suffix="/api"), "http.Get")
    assert [(c.line, c.target_kind, c.target, c.suffix, c.detail) for c in sink.facts([]).calls] == [
        (8, "url", "http://orders:8080/api", "", "http.Get via fetch http://orders:8080/api"),
        (9, "env", "STOCK_URL", "/api", "http.Get via fetch STOCK_URL + /api"),
    ]


def test_facts_are_sorted_and_deduplicated():
    sink = FactSink(_scan(), "go")
    for line in (9, 3, 9):
        sink.topic(line, "kafka", "produce", [Value("lit", "orders"), Value("unknown")], "send")
    sink.emit(4, "http", Value("lit", "/relative"), "http.Get")  # no host: not a call
    facts = sink.facts([ParseProblem(2, "partial")])
    assert [t.line for t in facts.topics] == [3, 9]
    assert facts.topics[0] == TopicUse(3, "kafka", "orders", "produce", "send orders", "literal")
    assert facts.calls == [] and facts.language == "go" and facts.problems[0].line == 2


def test_enclosing_span_is_the_function_or_the_whole_file():
    scan = _scan()
    root = parse("go", SRC)[0].root_node
    idents: dict = {}
    for node in walk(root):
        if node.type == "identifier":
            idents.setdefault(scan.text(node), node)  # first occurrence: the declaration
    function = next(n for n in walk(root) if n.type == "function_declaration")
    assert enclosing_span(idents["base"], ("function_declaration",)) == (
        function.start_byte, function.end_byte)
    assert enclosing_span(idents["orders"], ("function_declaration",)) == FILE_SPAN
    assert named_children(None) == []


def test_run_extractor_reports_bugs_and_missing_grammars_as_problems():
    def broken(scan: GoScan, problems: list[ParseProblem]) -> FileFacts:
        raise TypeError("boom")

    facts = run_extractor("go", SRC, GoScan, broken)
    assert facts.language == "go" and facts.calls == []
    assert [p.message for p in facts.problems] == ["go extractor internal error: TypeError('boom')"]
    missing = run_extractor("cobol", "IDENTIFICATION DIVISION.", GoScan, broken)
    assert missing.language == "cobol" and "no tree-sitter grammar" in missing.problems[0].message


def test_run_extractor_interprets_a_file_with_syntax_errors():
    seen = []

    def interpret(scan: GoScan, problems: list[ParseProblem]) -> FileFacts:
        seen.append(len(scan.calls))
        return FileFacts(language="go", problems=problems)

    facts = run_extractor("go", SRC + "\nfunc broken( {\n", GoScan, interpret)
    assert seen and seen[0] >= 3
    assert facts.problems and "syntax error" in facts.problems[0].message
