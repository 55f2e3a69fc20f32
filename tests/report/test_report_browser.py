"""report.html in a real Chromium: the graph shows, the table is complete, nothing runs that shouldn't."""

from pathlib import Path

import pytest

from analyzer.report import REPORTERS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")
def test_report_in_chromium(result, tmp_path):
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    page_file.write_text(REPORTERS["html"].render(result), encoding="utf-8")
    dialogs, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")

            assert page.locator("#graph svg").is_visible()
            assert page.locator("#graph svg g.node").count() == 9
            rows = page.locator("#findings-table tbody tr")
            assert rows.count() == 4
            assert rows.nth(0).locator("td").nth(1).inner_text() == "no-sync-cycles"
            assert page.locator("h1").inner_text() == "shop"
            assert page.locator("#svc-orders").is_visible()
            assert page.locator("img").count() == 0  # the payload stayed text

            orders = page.locator("#svc-orders")
            api = orders.locator("details.api table.routes")
            assert not api.is_visible()  # 7 routes: collapsed until asked for
            orders.locator("details.api > summary").click()
            assert api.is_visible() and api.locator("tbody tr").count() == 7
            assert page.locator("#svc-gateway details.api table.routes").is_visible()
            flags = orders.locator(".flag-undeclared")
            assert flags.count() == 3 and flags.first.is_visible()  # 2 outbound, 1 inbound
            assert orders.locator(".flag-literal").inner_text() == "literal address"
            items = orders.locator("details.evidence-more .evidence li")
            assert items.count() == 3 and not items.first.is_visible()

            page.fill("#finding-filter", "orders")
            visible = [r for r in range(4) if rows.nth(r).is_visible()]
            assert visible == [0, 1]
            page.fill("#finding-filter", "")
            page.select_option("#severity-filter", "warning")
            assert sum(rows.nth(r).is_visible() for r in range(4)) == 2

            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert dialogs == []
    assert errors == []
    assert (tmp_path / "report.png").stat().st_size > 10_000


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")
def test_built_in_drawing_in_chromium(result, tmp_path, monkeypatch):
    """Without `dot`: the built-in SVG shows every node, and a node's link opens its section."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("PATH", str(tmp_path / "no-dot"))
    page_file = tmp_path / "report.html"
    page_file.write_text(REPORTERS["html"].render(result), encoding="utf-8")
    monkeypatch.undo()  # Chromium itself needs the real PATH
    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            assert page.locator("#graph .graph-note").is_visible()
            graph = page.locator("#graph svg")
            assert graph.is_visible() and graph.bounding_box()["height"] > 50
            assert graph.locator("g.node").count() == 9 and graph.locator("g.edge").count() == 11
            assert graph.locator("g.node text", has_text="alert(1)").count() == 1  # text, not markup
            graph.locator("#n_orders a").click()
            assert page.evaluate("location.hash") == "#svc-orders"
        finally:
            browser.close()
    assert errors == []
