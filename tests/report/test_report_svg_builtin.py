"""The built-in SVG says what Graphviz's says: same ids, titles, tooltips, links and texts."""

import re
import xml.etree.ElementTree as ET

from analyzer.model import Edge, EdgeKind, Evidence, Origin, Service, SystemModel
from analyzer.report.dot import render_dot
from analyzer.report.graphview import build_view
from analyzer.report.svg import render_svg
from analyzer.report.svg_builtin import render_builtin_svg

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NASTY = ["nul\x00here", "ctl\x01\x1b[31m", "multi\nline\r\ttab", 'quote"d', "back\\slash\\",
         "<b>&amp;</b>", "x" * 20_000, "bad\udcffbyte", "\x85\u2028sep", "--comment-->"]


def _summary(svg: str) -> set[tuple]:
    """Every node and edge group: class, id, title, link, tooltip, texts."""
    root = ET.fromstring(svg.encode())
    found = set()
    for group in root.iter(f"{SVG_NS}g"):
        if group.get("class") not in ("node", "edge"):
            continue
        link = group.find(f".//{SVG_NS}a")
        found.add((group.get("class"), group.get("id"), group.findtext(f"{SVG_NS}title"),
                   link.get(f"{XLINK}href"), link.get(f"{XLINK}title"),
                   tuple(t.text for t in group.iter(f"{SVG_NS}text"))))
    return found


def _view_of(result):
    return build_view(result.model, components=result.metrics.components)


def test_same_elements_as_graphviz(result):
    view = _view_of(result)
    for links in (False, True):
        graphviz_svg = render_svg(render_dot(view, links=links), timeout=60)
        builtin = render_builtin_svg(view, links=links)
        assert _summary(builtin) == _summary(graphviz_svg)
    assert len(_summary(builtin)) == len(view.nodes) + len(view.edges)


def test_styles_follow_the_edge_kind_and_state(result):
    root = ET.fromstring(render_builtin_svg(_view_of(result)).encode())
    paths = {g.get("id"): g.find(f".//{SVG_NS}path") for g in root.iter(f"{SVG_NS}g")
             if g.get("class") == "edge"}
    cyclic = paths["e_n_payments_n_orders_http"]
    assert cyclic.get("stroke") == "#d1242f" and cyclic.get("stroke-width") == "2"
    assert paths["e_n_gateway_n_orders_http"].get("stroke") == "#bf8700"  # code only
    assert paths["e_n_inventory_n_cache_cache"].get("stroke-dasharray") == "1,5"  # dotted
    assert paths["e_n_topic_order_created_1f1dc4_n_inventory_async"].get(
        "stroke-dasharray") == "5,2"
    nodes = {g.get("id"): g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "node"}
    assert nodes["n_orders"].find(f".//{SVG_NS}rect").get("rx") == "6"
    external = nodes["n_legacy_erp_656238"].find(f".//{SVG_NS}polygon")
    assert external.get("stroke-dasharray") == "5,2" and external.get("fill") == "none"
    cache = nodes["n_cache"].find(f".//{SVG_NS}path")
    assert cache.get("fill") == "#fdeaea"  # a cache-coloured cylinder


def test_the_same_view_gives_the_same_bytes(result):
    assert render_builtin_svg(_view_of(result), links=True) == \
        render_builtin_svg(_view_of(result), links=True)


def test_hostile_names_give_valid_xml_with_their_readable_part():
    model = SystemModel(
        services=[Service(id=name) for name in NASTY],
        edges=[Edge(source=a, target=b, kind=EdgeKind.HTTP,
                    evidence=[Evidence(origin=Origin.CODE, file="x.py", line=1)])
               for a, b in zip(NASTY, NASTY[1:])])
    svg = render_builtin_svg(build_view(model), links=True, comment="note -- with --> dashes")
    assert not XML_FORBIDDEN.search(svg)
    root = ET.fromstring(svg.encode("utf-8"))  # would raise on any forbidden character
    texts = {t.text for t in root.iter(f"{SVG_NS}text")}
    assert {"nulhere", "multi line tab", 'quote"d', "back\\slash\\", "<b>&amp;</b>",
            "bad\ufffdbyte"} <= texts
    longest = max(texts, key=len)
    assert len(longest) == 200 and longest.endswith("…")
    assert max(len(g.get("id")) for g in root.iter(f"{SVG_NS}g")) < 300
