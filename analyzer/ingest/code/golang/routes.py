"""Go HTTP routes: net/http, gorilla/mux, chi, gin, echo and fiber registrations.

A route is a registration call with a literal path (`r.GET("/x", h)`, `mux.HandleFunc("GET
/x", h)`, `e.Match([]string{"GET", "POST"}, "/x", h)`). Group prefixes are followed back
through the receiver: `api := r.Group("/api")`, chained `r.PathPrefix("/v1").Subrouter()`,
and chi's `r.Route("/x", func(r chi.Router) {...})` callbacks. The framework is named after
the imports, preferring the one whose API the call's name belongs to.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.code.facts import Route
from analyzer.ingest.code.golang.values import GoScan, call_parts
from analyzer.ingest.code.treesitter.scan import FactSink, named_children
from analyzer.ingest.code.treesitter.util import ancestors, parent as tsu_parent

_VERBS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
_ROUTE_VERBS = {
    **{verb: verb for verb in _VERBS},
    **{verb.capitalize(): verb for verb in _VERBS},
    "Any": "ANY", "All": "ANY", "HandleFunc": "ANY", "Handle": "ANY", "Mount": "ANY",
}
FRAMEWORKS = (("gin-gonic/gin", "gin"), ("labstack/echo", "echo"), ("go-chi/chi", "chi"),
              ("gorilla/mux", "gorilla"), ("gofiber/fiber", "fiber"))
_MAX_PREFIX_DEPTH = 6


class GoRoutes:
    """Inbound HTTP routes of one file."""

    def __init__(self, scan: GoScan, sink: FactSink) -> None:
        self.s = scan
        self.sink = sink
        self.framework = next((name for needle, name in FRAMEWORKS if scan.imported(needle)),
                              "net/http")

    def route(self, call: Any, line: int, pkg: str | None, name: str, args: list[Any]) -> None:
        """Record the route a registration call declares, if any."""
        if name == "Match" and len(args) >= 3:
            self._match(call, line, args)
            return
        if name not in _ROUTE_VERBS or len(args) < 2:
            return
        method = _ROUTE_VERBS[name]
        first = self.s.eval(args[0])
        if name == "Handle" and first and first.kind == "lit" and first.text in _ROUTE_VERBS \
                and len(args) >= 3:
            method, first = first.text, self.s.eval(args[1])
        if first is None or first.kind != "lit":
            return
        path = first.text
        if name in ("HandleFunc", "Handle") and " " in path:
            method, _, path = path.partition(" ")
            path = path.strip()
        if not path.startswith("/"):
            return
        method = _gorilla_methods(self.s, call) or method
        framework = "net/http" if pkg == "http" else self._framework(name)
        self._add(call, line, method, path, framework)

    def _match(self, call: Any, line: int, args: list[Any]) -> None:
        """gin/echo `Match(methods, path, handler...)`."""
        if not self.s.imported("gin-gonic/gin", "labstack/echo"):
            return
        methods = _method_list(self.s, args[0])
        path = self.s.eval(args[1])
        if methods and path is not None and path.kind == "lit" and path.text.startswith("/"):
            self._add(call, line, methods, path.text, self._framework("Match"))

    def _add(self, call: Any, line: int, method: str, path: str, framework: str) -> None:
        function = call.child_by_field_name("function")
        receiver = function.child_by_field_name("operand") \
            if function.type == "selector_expression" else None
        self.sink.routes.append(Route(line, method, _join(self._prefix(receiver, 0), path),
                                      framework))

    def _framework(self, name: str) -> str:
        imported = [fw for needle, fw in FRAMEWORKS if self.s.imported(needle)]
        if name in ("HandleFunc", "Handle"):
            preferred: tuple[str, ...] = ("gorilla", "chi")
        elif name.isupper() or name == "Match":
            preferred = ("gin", "echo")
        else:
            preferred = ("chi", "fiber", "gin", "echo")
        return next((fw for fw in preferred if fw in imported), self.framework)

    def _prefix(self, receiver: Any, depth: int) -> str:
        if receiver is None or depth > _MAX_PREFIX_DEPTH:
            return ""
        if receiver.type == "call_expression":
            return self._group_prefix(receiver, depth)
        if receiver.type != "identifier":
            return ""
        owner = _router_param_owner(self.s, receiver)
        if owner is not None:
            return self._group_prefix(owner, depth)
        bound = self.s.binding(receiver)
        if bound is not None and bound.type == "call_expression":
            return self._group_prefix(bound, depth)
        return ""

    def _group_prefix(self, call: Any, depth: int) -> str:
        _, name, args = call_parts(self.s, call)
        function = call.child_by_field_name("function")
        if function is None or function.type != "selector_expression":
            return ""
        outer = self._prefix(function.child_by_field_name("operand"), depth + 1)
        first = self.s.eval(args[0]) if args else None
        literal = first.text if first is not None and first.kind == "lit" else ""
        if name in ("Group", "Route", "PathPrefix", "Mount"):
            return _join(outer, literal) if literal.startswith("/") else outer
        if name == "Subrouter":
            return outer
        return ""


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    joined = prefix.rstrip("/") + "/" + path.lstrip("/")
    return joined.rstrip("/") if path in ("", "/") and joined != "/" else joined


def _method_list(scan: GoScan, node: Any) -> str:
    """`[]string{"GET", http.MethodPost}` (possibly through a variable) as "GET,POST"."""
    if node.type == "identifier":
        node = scan.binding(node)
    if node is None or node.type != "composite_literal":
        return ""
    verbs = []
    for element in named_children(node.child_by_field_name("body")):
        expr = element.named_children[0] if element.named_child_count else None
        value = scan.eval(expr)
        text = value.text if value is not None and value.kind == "lit" else \
            scan.text(expr).removeprefix("http.Method")
        if text.upper() in _VERBS:
            verbs.append(text.upper())
    return ",".join(verbs)


def _gorilla_methods(scan: GoScan, call: Any) -> str | None:
    parent = tsu_parent(call)
    if parent is None or parent.type != "selector_expression":
        return None
    outer = tsu_parent(parent)
    if scan.text(parent.child_by_field_name("field")) != "Methods" or outer is None:
        return None
    verbs = [v.text for v in (scan.eval(a) for a in call_parts(scan, outer)[2]) if v]
    return ",".join(verbs) or None


def _router_param_owner(scan: GoScan, ident: Any) -> Any | None:
    """The `r.Route("/x", func(r chi.Router) {...})` call whose callback declares `ident`."""
    name = scan.text(ident)
    for node in ancestors(ident):
        if node.type == "func_literal":
            params = node.child_by_field_name("parameters")
            declared = [scan.text(p.child_by_field_name("name")) for p in named_children(params)]
            if name in declared:
                holder = tsu_parent(node)
                owner = tsu_parent(holder) if holder is not None else None
                return owner if owner is not None and owner.type == "call_expression" else None
    return None
