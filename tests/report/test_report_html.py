"""report.html: self-contained, escaped, complete, and still useful without Graphviz."""

import re
from html.parser import HTMLParser

from report_sample import HOSTILE_DETAIL, HOSTILE_SERVICE, SERVICES

from analyzer import __version__
from analyzer.report import REPORTERS
from analyzer.report.graphview import anchor
from analyzer.report.drawing import MISSING_NOTE


class _Collector(HTMLParser):
    """Collects tags, ids and attribute values so tests read the page as a browser would."""

    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.attrs = [], set(), []
        self.scripts = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_script = tag == "script"
        for name, value in attrs:
            self.attrs.append((tag, name, value))
            if name == "id":
                self.ids.add(value)

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_hostile_names_and_details_are_escaped(result):
    html = REPORTERS["html"].render(result)
    page = _parse(html)
    assert HOSTILE_SERVICE not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert page.tags.count("script") == 2  # the inert graph data and the report's own script
    data, script = page.scripts
    assert "alert" not in script
    assert "<" not in data and "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in data
    assert not [a for a in page.attrs if a[1].startswith("on")]  # no event handler attributes


def test_page_is_self_contained(result):
    html = REPORTERS["html"].render(result)
    page = _parse(html)
    assert "<style>" in html
    for tag, name, value in page.attrs:
        if name in ("src", "href", "xlink:href"):
            assert value.startswith("#"), (tag, name, value)
        if name == "http-equiv":
            assert value == "Content-Security-Policy"
    assert not {"link", "img", "iframe"} & set(page.tags)
    assert not re.search(r"url\(\s*['\"]?https?:", html)


def test_page_has_every_section_and_fact(result):
    html = REPORTERS["html"].render(result)
    page = _parse(html)
    assert {"summary", "graph", "findings", "services", "datastores", "coverage"} <= page.ids
    assert {anchor(s) for s in SERVICES} | {anchor("orders-db"), anchor("cache")} <= page.ids
    assert f"archgov {__version__}" in html and "<h1>shop</h1>" in html
    assert html.count('<tr data-severity="') == 4
    assert "services/orders/pay.py:7" in html  # finding location and evidence file:line
    assert "http_requests_total 42/s" in html  # runtime evidence detail
    assert "k8s/broken.yaml:7" in html and "yaml-parse" in html  # diagnostics
    assert "no-sync-cycles" in html and "dead-service" in html  # rules evaluated
    for label in ("fan-in", "fan-out", "instability", "sync depth", "blast radius"):
        assert label in html
    assert "0.60" in html  # orders' instability, formatted


def test_graph_is_inline_svg_linking_to_sections(result):
    html = REPORTERS["html"].render(result)
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    assert html.count("<svg") == 2  # the graph and the findings chart
    assert html.count('class="findings-chart"') == 1
    assert 'xlink:href="#svc-orders"' in html


def test_without_graphviz_the_built_in_layout_draws_and_the_page_says_so(result, monkeypatch,
                                                                         tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    html = REPORTERS["html"].render(result)
    assert html.count("<svg") == 2 and "<?xml" not in html and "<!--" not in html
    assert MISSING_NOTE.replace("'", "&#39;") in html
    assert "apt-get install graphviz" in html
    assert 'xlink:href="#svc-orders"' in html
    assert html.count('<tr data-severity="') == 4
    page = _parse(html)
    targets = _targets(page)
    assert targets and targets <= page.ids  # the built-in drawing links land on sections too


def test_no_rules_evaluated_is_not_shown_as_a_pass(result):
    bare = result.model_copy(update={"findings": [], "rules_evaluated": []})
    html = REPORTERS["html"].render(bare)
    assert "No rule was evaluated" in html


def test_every_link_lands_on_a_section(result):
    page = _parse(REPORTERS["html"].render(result))
    targets = _targets(page)
    assert targets and targets <= page.ids
    assert {anchor("topic:order.created"), "topics"} <= page.ids
    assert anchor("legacy-erp") not in targets  # undeclared node: shown, not linked


def _targets(page: _Collector) -> set[str]:
    """The ids links point at; the chart's `#findings?rule=ID` lands on the findings section."""
    return {v[1:].split("?", 1)[0] for _, name, v in page.attrs if name in ("href", "xlink:href")}
