"""report.html in a real Chromium (Debian's, driven by Playwright): the review document works
and nothing from the scanned input runs.

One browser per session; each test opens a fresh page that fails on any console error,
uncaught exception, dialog, or request that is not file: or data:.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from report_sample import HOSTILE_SERVICE, sample_result

from analyzer.model import (
    AuditResult, Edge, EdgeKind, Evidence, GraphMetrics, Origin, Resource, RouteFact, Service,
    SystemModel,
)
from analyzer.report import REPORTERS, GraphLimits
from analyzer.report.html import Focus, render_html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="/usr/bin/chromium is absent (apt-get install chromium)")
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_LABEL = "</script><script>alert(2)</script>"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page and everything it did that a self-contained, inert report must not do."""

    def __init__(self, browser, html: str, path: Path, fragment: str = ""):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", self._request)
        self.page.route("**/*", self._route)
        path.write_text(html, encoding="utf-8")
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_load_state("load")

    def _request(self, request):
        if not request.url.startswith(("file:", "data:")):
            self.outside.append(request.url)

    def _route(self, route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    def clean(self):
        assert self.errors == [] and self.dialogs == [] and self.outside == [], (
            self.errors, self.dialogs, self.outside)
        self.page.close()


@pytest.fixture
def open_report(browser, tmp_path):
    pages: list[Watched] = []

    def opener(result: AuditResult, focus: Focus | None = None, fragment: str = "",
               name: str = "report.html") -> Watched:
        watched = Watched(browser, render_html(result, focus=focus), tmp_path / name, fragment)
        pages.append(watched)
        return watched

    yield opener
    for watched in pages:
        watched.clean()


def _overlaid(page) -> set[str]:
    """The nodes copied onto the highlight overlay, by the key in their <title>."""
    return set(page.eval_on_selector_all(".graph-overlay g.node > title",
                                         "ts => ts.map(t => t.textContent)"))


def _visible_rows(page) -> int:
    return page.locator("#findings-table tbody tr:visible").count()


def test_report_renders_with_no_errors_and_no_outside_requests(open_report, result, tmp_path):
    page = open_report(result).page
    assert page.locator("#graph svg.graph-drawing g.node").count() == 9
    assert page.locator("#graph-tools").is_visible()
    assert page.locator("h1").inner_text() == "shop"
    assert page.locator("svg.findings-chart a.chart-rule").count() == 4
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000, f"screenshot: {shot}"


def test_filters_narrow_and_headers_sort_the_findings_table(open_report, result):
    page = open_report(result).page
    assert _visible_rows(page) == 4
    page.fill("#finding-filter", "orders")
    assert _visible_rows(page) == 2
    page.fill("#finding-filter", "")
    page.select_option("#severity-filter", "warning")
    assert _visible_rows(page) == 2
    page.select_option("#rule-filter", "fan-out-max")
    assert _visible_rows(page) == 1 and "1 of 4 shown" in page.inner_text("#finding-count")
    page.select_option("#severity-filter", "")
    page.select_option("#rule-filter", "")
    page.select_option("#service-filter", "payments")  # the edge finding orders -> payments
    rows = page.locator("#findings-table tbody tr:visible")
    assert rows.count() == 1 and rows.first.get_attribute("data-rule") == "no-sync-cycles"
    page.select_option("#service-filter", "")
    page.click("th[data-sort=rule] button")
    rules = page.eval_on_selector_all("#findings-table tbody tr", "rs => rs.map(r => r.dataset.rule)")
    assert rules == sorted(rules)
    page.click("th[data-sort=rule] button")
    assert page.eval_on_selector_all("#findings-table tbody tr",
                                     "rs => rs.map(r => r.dataset.rule)") == sorted(rules, reverse=True)


def test_the_chart_links_to_the_table_filtered_by_rule(open_report, result):
    page = open_report(result).page
    page.click("svg.findings-chart a.chart-rule[data-rule=dead-service]")
    assert page.input_value("#rule-filter") == "dead-service"
    assert _visible_rows(page) == 1


def test_search_finds_a_service_and_opens_its_panel(open_report, result):
    page = open_report(result).page
    page.fill("#node-search", "paym")
    page.press("#node-search", "Enter")
    assert page.inner_text("#panel-title") == "payments"
    assert page.locator("#n_payments.sel").count() == 1
    assert page.locator("#node-panel").is_visible()
    assert page.locator("#node-panel .metrics").is_visible()  # its card: metrics, API, edges
    assert "payments.v1.Payments/Charge" in page.inner_text("#node-panel")
    page.fill("#node-search", "no-such-service")
    page.press("#node-search", "Enter")
    assert "No node matches" in page.inner_text("#graph-status")


def test_clicking_a_node_opens_its_panel_and_highlights_its_neighbourhood(open_report, result):
    page = open_report(result).page
    page.locator("#n_inventory").click()
    assert page.inner_text("#panel-title") == "inventory"
    highlighted = set(page.eval_on_selector_all("#graph svg.graph-drawing g.node.hl", "gs => gs.map(g => g.id)"))
    # in: orders (async) and the topic; out: cache and legacy-erp
    assert {"n_orders", "n_cache", "n_inventory"} <= highlighted and "n_gateway" not in highlighted
    assert len(highlighted) == 5
    assert page.locator("#graph svg.graph-drawing g.edge.hl").count() == 4
    # drawn over a veil that dims the rest: copies of exactly the marked elements
    assert _overlaid(page) == highlighted
    assert page.locator(".graph-overlay g.edge").count() == 4
    assert float(page.eval_on_selector(".graph-overlay .veil", "r => getComputedStyle(r).opacity")) > 0.5
    page.select_option("#graph-depth", "2")
    assert page.locator("#graph svg.graph-drawing g.node.hl").count() > 5
    assert "within 2 hops" in page.inner_text("#graph-status")
    page.check("#graph-focus")  # the veil turns opaque: only the neighbourhood shows
    assert page.eval_on_selector(".graph-overlay .veil", "r => getComputedStyle(r).opacity") == "1"
    page.click("#panel-close")
    assert not page.locator("#node-panel").is_visible()
    assert page.locator("#graph svg.graph-drawing g.node.hl").count() == 0
    assert not page.locator(".graph-overlay").is_visible()


def test_filters_hide_edges_by_kind_and_origin(open_report, result):
    page = open_report(result).page
    edges = page.locator("#graph svg.graph-drawing g.edge")
    visible = lambda: sum(1 for i in range(edges.count()) if edges.nth(i).is_visible())  # noqa: E731
    assert visible() == 11
    page.uncheck("#graph-tools input[data-kind=http]")
    assert visible() == 11 - 4
    page.check("#graph-tools input[data-kind=http]")
    page.uncheck("#graph-tools input[data-origin=code]")  # edges seen only in code go
    assert visible() == 11 - 4
    page.uncheck("#graph-tools input[data-origin=config]")
    page.uncheck("#graph-tools input[data-origin=manifest]")
    assert visible() == 1  # gateway -> orders, also seen at runtime


def test_cycles_only_dims_everything_outside_a_cycle(open_report, result):
    page = open_report(result).page
    page.check("#graph-cycles")
    assert _overlaid(page) == {"n_orders", "n_payments"}
    assert page.locator(".graph-overlay g.edge").count() == 3  # grpc, http and depends-on
    page.uncheck("#graph-cycles")
    assert not page.locator(".graph-overlay").is_visible()


def test_pan_and_zoom_move_the_view(open_report, result):
    page = open_report(result).page
    box = lambda: [float(v) for v in page.get_attribute("#graph svg.graph-drawing", "viewBox").split()]  # noqa: E731
    home = box()
    page.click("#zoom-in")
    zoomed = box()
    assert zoomed[2] < home[2]
    page.locator("#graph-view").scroll_into_view_if_needed()
    area = page.locator("#graph-view").bounding_box()
    page.mouse.move(area["x"] + 300, area["y"] + 300)
    page.mouse.down()
    page.mouse.move(area["x"] + 400, area["y"] + 350, steps=4)
    page.mouse.up()
    panned = box()
    assert panned[0] < zoomed[0] and panned[2] == zoomed[2]
    page.mouse.wheel(0, 400)
    assert box()[2] > panned[2]
    page.click("#zoom-fit")
    assert box() == home


def test_a_finding_links_to_its_subjects_panel(open_report, result):
    page = open_report(result).page
    page.click("#findings-table a[data-node=inventory]")
    assert page.inner_text("#panel-title") == "inventory"
    page.click("#findings-table a[data-nodes]")  # orders -> payments: both ends marked
    chosen = page.eval_on_selector_all("#graph svg.graph-drawing g.node.sel", "gs => gs.map(g => g.id)")
    assert sorted(chosen) == ["n_orders", "n_payments"]
    assert "orders -> payments" in page.inner_text("#graph-status")


def test_the_focus_from_the_cli_and_from_the_address_preselects_a_neighbourhood(open_report,
                                                                                  result):
    page = open_report(result, focus=Focus("payments", 1)).page
    assert page.inner_text("#panel-title") == "payments" and page.is_checked("#graph-focus")
    assert page.locator("#graph svg.graph-drawing g.node.hl").count() == 2  # payments and orders
    page = open_report(result, fragment="#focus=gateway&depth=2", name="hash.html").page
    assert page.inner_text("#panel-title") == "gateway"
    assert page.input_value("#graph-depth") == "2"


def _grouped() -> AuditResult:
    """Twelve services in three namespaces, calling along a ring."""
    services = [Service(id=f"svc-{i:02d}", namespace=f"team-{i % 3}") for i in range(12)]
    edges = [Edge(source=f"svc-{i:02d}", target=f"svc-{(i + 1) % 12:02d}", kind=EdgeKind.HTTP,
                  evidence=[Evidence(origin=Origin.MANIFEST, file="compose.yml", line=i + 1)])
             for i in range(12)]
    return AuditResult(model=SystemModel(roots=["/x"], services=services, edges=edges),
                       metrics=GraphMetrics())


def test_grouping_draws_a_clustered_overview_that_expands_and_collapses(open_report):
    page = open_report(_grouped()).page
    page.select_option("#graph-group", "namespace")
    clusters = page.locator("#graph-overview g.cluster")
    assert clusters.count() == 3 and not page.locator("#graph svg.graph-drawing").is_visible()
    assert page.locator("#graph-overview .cluster-link").count() == 3  # team-0 -> team-1 -> ...
    clusters.nth(1).click()  # team-1: svc-01, svc-04, svc-07, svc-10
    assert page.locator("#graph svg.graph-drawing").is_visible()
    assert page.locator("#graph svg.graph-drawing g.node.sel").count() == 4
    page.click("#graph-back")
    assert page.locator("#graph-overview").is_visible()
    page.select_option("#graph-group", "")
    assert page.locator("#graph svg.graph-drawing").is_visible()


def test_a_large_grouped_graph_opens_on_its_overview(open_report, monkeypatch):
    monkeypatch.setattr("analyzer.report.html.OVERVIEW_FIRST", 5)
    page = open_report(_grouped()).page
    assert page.locator("#graph-overview g.cluster").count() == 3
    assert page.locator("#graph svg.graph-drawing").count() == 0  # drawn only when asked for
    page.locator("#graph-overview g.cluster").first.click()
    assert page.locator("#graph svg.graph-drawing g.node").count() == 12


def _hostile() -> AuditResult:
    """A service named as markup, a label and a route that try to end the script element."""
    base = sample_result()
    model = base.model
    services = [*model.services, Service(id=XSS_NAME, namespace=XSS_LABEL, source_dir=XSS_LABEL)]
    resources = [Resource(kind="Deployment", name="x", file="k8s/x.yaml", line=1, service=XSS_NAME,
                          facts={"labels": {"app.kubernetes.io/part-of": XSS_LABEL}}),
                 Resource(kind="Deployment", name="gw", file="k8s/gw.yaml", line=1,
                          service="gateway", facts={"labels": {"app.kubernetes.io/part-of": "shop"}})]
    edges = [*model.edges, Edge(source=XSS_NAME, target="orders", kind=EdgeKind.HTTP,
                                evidence=[Evidence(origin=Origin.CODE, file=XSS_LABEL, line=1,
                                                   detail="<!-- " + XSS_LABEL)])]
    routes = [*model.routes, RouteFact(service=XSS_NAME, method="GET", path=XSS_LABEL,
                                       framework="flask", file="x.py", line=1)]
    model = model.model_copy(update={"services": services, "edges": edges, "routes": routes,
                                     "resources": resources})
    return base.model_copy(update={"model": model})


def test_nothing_from_the_scanned_input_executes(open_report):
    watched = open_report(_hostile())
    page = watched.page
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2  # the inert graph data and archgov's own script
    assert page.evaluate("document.querySelectorAll('[onerror], [onload]').length") == 0
    page.fill("#node-search", "onerror")  # the JavaScript paths handle it as text too
    page.press("#node-search", "Enter")
    assert page.inner_text("#panel-title") == XSS_NAME
    assert XSS_LABEL in page.inner_text("#panel-kind")
    page.select_option("#graph-group", "label")
    titles = page.eval_on_selector_all("#graph-overview g.cluster > title", "ts => ts.map(t => t.textContent)")
    assert XSS_LABEL in titles
    page.locator("#graph-overview g.cluster").first.click()
    page.fill("#finding-filter", XSS_LABEL)
    assert page.locator("img").count() == 0 and page.locator("script").count() == 2
    assert page.evaluate("typeof window.alert") == "function" and watched.dialogs == []
    assert page.locator("#graph svg.graph-drawing g.node text", has_text=XSS_NAME).count() == 1  # drawn as text
    assert page.evaluate("document.getElementsByTagName('img').length") == 0


def test_the_built_in_drawing_is_interactive_too(browser, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-dot"))
    html = REPORTERS["html"].output(sample_result(), GraphLimits()).text
    monkeypatch.undo()  # Chromium itself needs the real PATH
    watched = Watched(browser, html, tmp_path / "builtin.html")
    page = watched.page
    assert page.locator("#graph .graph-note").is_visible()
    graph = page.locator("#graph svg.graph-drawing")
    assert graph.locator("g.node").count() == 9 and graph.locator("g.edge").count() == 11
    assert graph.locator("g.node text", has_text="alert(1)").count() == 1  # text, not markup
    graph.locator("#n_orders").click()
    assert page.inner_text("#panel-title") == "orders"
    assert page.locator("#graph svg.graph-drawing g.node.hl").count() == 6
    watched.clean()
    assert HOSTILE_SERVICE not in html
