"""SVG of the service graph from archgov's built-in layout, shaped like Graphviz's output.

The same element ids (`n_<key>` groups of class "node", `e_<key>_<key>_<kind>` groups of
class "edge"), tooltips and links to the report's sections as `render_dot` gives Graphviz,
the same shapes (rounded box, cylinder coloured by category, cds topic, dashed hexagon) and
edge styles (solid / bold / dashed / dotted, red in a cycle, amber when undeclared). Every
text is `drawable` and XML-escaped: ids come from scanned repositories. Coordinates are
rounded to 2 decimals, so the bytes depend only on the view.
"""

from __future__ import annotations

from analyzer.report.dot import EDGE_COLOUR, edge_attrs, node_attrs
from analyzer.report.graphview import GraphView
from analyzer.report.layout import EDGE_FONT, NODE_FONT, Box, Point, Route, layout
from analyzer.report.text import drawable, xml_escape

FONT = 'font-family="Helvetica,sans-Serif"'
DRAWN_BY = "Drawn by archgov's built-in layout"
_DASHES = {"dashed": "5,2", "dotted": "1,5"}


def render_builtin_svg(view: GraphView, *, links: bool = False, comment: str = "") -> str:
    """A standalone SVG document of `view`; `links` points nodes at their report section."""
    drawn = layout(view)
    width, height = _n(drawn.width), _n(drawn.height)
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
             f"<!-- {_comment(comment) or DRAWN_BY} -->",
             f'<svg width="{width}pt" height="{height}pt" viewBox="0.00 0.00 {width} {height}" '
             'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">',
             '<g id="graph0" class="graph">', "<title>archgov</title>"]
    for route in drawn.routes:
        lines += _edge(route)
    for box in drawn.boxes:
        lines += _node(box, links)
    lines += ["</g>", "</svg>"]
    return "\n".join(lines) + "\n"


def _node(box: Box, links: bool) -> list[str]:
    attrs = node_attrs(box.node, links)
    key = box.node.key
    href = f' xlink:href="{xml_escape(attrs["href"])}"' if "href" in attrs else ""
    return [f'<g id="{key}" class="node">', f"<title>{key}</title>",
            f'<g id="a_{key}"><a{href} xlink:title="{xml_escape(attrs["tooltip"])}">',
            *_shape(box, attrs),
            f'<text text-anchor="middle" x="{_n(box.x)}" y="{_n(box.y + NODE_FONT * 0.35)}" '
            f'{FONT} font-size="{NODE_FONT:.2f}">{xml_escape(attrs["label"])}</text>',
            "</a>", "</g>", "</g>"]


def _shape(box: Box, attrs: dict[str, str]) -> list[str]:
    style = attrs.get("style", "")
    fill = attrs.get("fillcolor", "none") if "filled" in style else "none"
    stroke = attrs.get("color", "black")
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"'
    if "dashed" in style:
        paint += ' stroke-dasharray="5,2"'
    left, right = box.x - box.width / 2, box.x + box.width / 2
    top, bottom = box.y - box.height / 2, box.y + box.height / 2
    shape = attrs.get("shape")
    if shape == "box":
        return [f'<rect {paint} x="{_n(left)}" y="{_n(top)}" width="{_n(box.width)}" '
                f'height="{_n(box.height)}" rx="6" ry="6"/>']
    if shape == "cylinder":
        rx, ry = box.width / 2, 3.3
        body = (f"M{_n(left)},{_n(top + ry)} A{_n(rx)},{_n(ry)} 0 0 1 {_n(right)},{_n(top + ry)} "
                f"L{_n(right)},{_n(bottom - ry)} A{_n(rx)},{_n(ry)} 0 0 1 {_n(left)},{_n(bottom - ry)} Z")
        rim = f"M{_n(left)},{_n(top + ry)} A{_n(rx)},{_n(ry)} 0 0 0 {_n(right)},{_n(top + ry)}"
        return [f'<path {paint} d="{body}"/>',
                f'<path fill="none" stroke="{stroke}" stroke-width="1.2" d="{rim}"/>']
    if shape == "cds":
        tip = min(12.0, box.width / 4)
        points = [(left, top), (right - tip, top), (right, box.y), (right - tip, bottom),
                  (left, bottom)]
    else:  # hexagon
        cut = min(18.0, box.width / 4)
        points = [(left, box.y), (left + cut, top), (right - cut, top), (right, box.y),
                  (right - cut, bottom), (left + cut, bottom)]
    return [f'<polygon {paint} points="{_points(points)}"/>']


def _edge(route: Route) -> list[str]:
    edge = route.edge
    attrs = edge_attrs(edge)
    colour = attrs.get("color", EDGE_COLOUR)
    width = 2.0 if attrs.get("style") == "bold" or "penwidth" in attrs else 1.0
    stroke = f'stroke="{colour}"' + (f' stroke-width="{width:g}"' if width != 1.0 else "")
    dashes = _DASHES.get(attrs.get("style", ""))
    if dashes:
        stroke += f' stroke-dasharray="{dashes}"'
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = route.curve
    d = f"M{_n(x0)},{_n(y0)}C{_n(x1)},{_n(y1)} {_n(x2)},{_n(y2)} {_n(x3)},{_n(y3)}"
    eid = attrs["id"]
    label_x, label_y = route.label_at
    return [f'<g id="{eid}" class="edge">',
            f"<title>{edge.source.key}-&gt;{edge.target.key}</title>",
            f'<g id="a_{eid}"><a xlink:title="{xml_escape(attrs["tooltip"])}">',
            f'<path fill="none" {stroke} d="{d}"/>',
            f'<polygon fill="{colour}" stroke="{colour}" points="{_points(_arrow(route))}"/>',
            "</a>", "</g>",
            f'<text text-anchor="middle" x="{_n(label_x)}" y="{_n(label_y)}" {FONT} '
            f'font-size="{EDGE_FONT:.2f}" fill="{attrs.get("fontcolor", EDGE_COLOUR)}">'
            f'{xml_escape(attrs["label"])}</text>',
            "</g>"]


def _arrow(route: Route) -> list[Point]:
    (bx, by), (tx, ty) = route.curve[3], route.tip
    dx, dy = tx - bx, ty - by
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    nx_, ny_ = -dy / length * 2.45, dx / length * 2.45
    return [(bx + nx_, by + ny_), (tx, ty), (bx - nx_, by - ny_), (bx + nx_, by + ny_)]


def _comment(text: str) -> str:
    clean = drawable(text, 400)
    while "--" in clean:  # never allowed inside an XML comment
        clean = clean.replace("--", "- -")
    return clean


def _points(points: list[Point]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
