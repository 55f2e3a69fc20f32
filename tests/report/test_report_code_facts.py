"""report.html and the graph show the code-level facts: routes, aliases, environment,
code-only edges with origin badges, literal addresses; long lists start collapsed."""

import re

from report_sample import CODE_ONLY, HOSTILE_DETAIL, HOSTILE_SERVICE, ORDERS_ROUTES

from analyzer.model import Evidence, Origin
from analyzer.report import REPORTERS
from analyzer.report.dot import UNDECLARED_COLOUR
from analyzer.report.graphview import UNDECLARED_NOTE, anchor, undeclared_origin


def _articles(html: str) -> dict[str, str]:
    """Each node card's markup by its anchor id."""
    parts = re.split(r'<article id="([^"]+)"', html)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _card(html: str, label: str) -> str:
    match = re.search(r'<div class="num">(\d+)</div><div class="label">' + label + "</div>", html)
    assert match, label
    return match.group(1)


def _outbound_undeclared(card: str) -> set[str]:
    outbound = card.split(">Outbound <", 1)[1].split(">Inbound <", 1)[0]
    rows = re.findall(r'<tr class="undeclared"><td>(?:<a href="[^"]*"[^>]*>)?([^<]+)', outbound)
    return {r.strip() for r in rows}


def test_summary_counts_routes_and_code_only_edges(result):
    html = REPORTERS["html"].render(result)
    assert _card(html, "Routes") == str(len(result.model.routes)) == "11"
    assert _card(html, "Code-only edges") == str(len(CODE_ONLY)) == "5"


def test_every_code_only_edge_and_only_those_carry_the_badge(result):
    html = REPORTERS["html"].render(result)
    cards = _articles(html)
    for source in ("gateway", "orders", "payments", "inventory", HOSTILE_SERVICE):
        expected = {t for s, t, _ in CODE_ONLY if s == source}
        assert _outbound_undeclared(cards[anchor(source)]) == expected, source
    assert f"code only</span> <span class=\"small muted\">— {UNDECLARED_NOTE}" in html
    # the list under the graph names each one once
    listed = html.split('class="undeclared-list"', 1)[1].split("</details>", 1)[0]
    assert listed.count("<li>") == len(CODE_ONLY)


def test_each_evidence_item_has_an_origin_badge(result):
    cards = _articles(REPORTERS["html"].render(result))
    orders = cards[anchor("orders")]
    # orders -> topic has three items: collapsed behind origin counts, each item badged
    assert '<span class="origin origin-code">code ×1</span>' in orders
    assert '<span class="origin origin-manifest">manifest ×2</span>' in orders
    assert "3 evidence items" in orders
    assert orders.count('<span class="origin origin-manifest">manifest</span>') >= 3
    inventory = cards[anchor("inventory")]
    assert '<span class="origin origin-config">config</span>' in inventory


def test_inbound_api_lists_routes_and_collapses_long_ones(result):
    cards = _articles(REPORTERS["html"].render(result))
    orders, gateway = cards[anchor("orders")], cards[anchor("gateway")]
    payments = cards[anchor("payments")]
    assert '<details class="api"><summary>' in orders  # 7 routes: starts closed
    assert '<details class="api" open><summary>' in gateway  # 2 routes: open
    for path in ORDERS_ROUTES:
        assert f"<code>{path}</code>" in orders
    assert "services/orders/api.py:10" in orders
    assert '<span class="method method-rpc">RPC</span>' in payments
    assert "<code>payments.v1.Payments/Charge</code>" in payments
    assert "No route or RPC method found" in cards[anchor("inventory")]


def test_aliases_environment_and_literal_addresses(result):
    html = REPORTERS["html"].render(result)
    cards = _articles(html)
    orders = cards[anchor("orders")]
    assert "Also known as" in orders and "<code>orders-svc</code>" in orders
    assert "<code>orders-postgres</code>" in cards[anchor("orders-db")]
    env = orders.split('<details class="env">', 1)[1].split("</details>", 1)[0]
    assert "Environment (2)" in env  # LOG_LEVEL set twice: one row
    assert '<code>****</code> <span class="flag flag-masked">masked</span>' in env
    assert "<code>docker-compose.yml:12</code> <code>k8s/orders.yaml:32</code>" in env
    assert "Hard-coded addresses in code" in orders
    assert 'grpc.Dial(&#34;payments:50051&#34;)' in orders
    assert '<span class="flag flag-literal"' in orders
    assert html.count('class="flag flag-literal"') == 1


def test_hostile_route_path_is_escaped(result):
    html = REPORTERS["html"].render(result)
    assert HOSTILE_DETAIL not in html
    assert "<code>/&#34;&gt;&lt;img src=x onerror=alert(1)&gt;</code>" in html


def test_dot_marks_code_only_edges(result):
    lines = [ln for ln in REPORTERS["dot"].render(result).splitlines() if " -> " in ln]
    assert len(lines) == len(result.model.edges)
    marked = [ln for ln in lines if "(code)" in ln]
    assert len(marked) == len(CODE_ONLY)
    for line in marked:
        assert UNDECLARED_COLOUR in line or "#d1242f" in line  # a cycle keeps its red
        assert UNDECLARED_NOTE in line  # tooltip says why
    assert 'n_orders -> n_payments [label="grpc (code)"' in "\n".join(marked)
    assert not any(UNDECLARED_COLOUR in ln for ln in lines if "(code)" not in ln)


def test_undeclared_origin_rules():
    def ev(origin):
        return Evidence(origin=Origin(origin))

    assert undeclared_origin([ev("code"), ev("runtime")]) == "code"
    assert undeclared_origin([ev("runtime")]) == "runtime"
    assert undeclared_origin([ev("code"), ev("manifest")]) is None
    assert undeclared_origin([ev("code"), ev("config")]) is None
    assert undeclared_origin([]) is None
