"""JS/TS module exports and imports of a project's own modules, for the cross-file join.

`module.exports = { catalogueUrl: "http://catalogue" }`, `exports.x = ...`,
`module.exports.x = ...` and `export const x = ...` with a known URL-ish value become an
`ArgBinding` of the pseudo-callable `export:<self>.<name>` (index 0); in another file,
`endpoints.catalogueUrl` after `const endpoints = require("../endpoints")` (or a namespace /
default import) evaluates to the param `export:../endpoints.catalogueUrl#0`, so the
framework's parameter join (`resolution/bindings.py`) carries the value across files. Facts
stay path-free (they are cached by content): the join turns `<self>` and relative specs into
module keys, the scanned path without its suffix and a trailing `/index`, so `./api/endpoints`,
`./api/endpoints.js` and `./api/endpoints/index.js` name the same module.
"""

from __future__ import annotations

from analyzer.ingest.code.facts import ArgBinding
from analyzer.ingest.code.treesitter import util as tsu
from analyzer.ingest.code.javascript import syntax as js

PREFIX = "export:"
SELF = "<self>"


def target(spec: str, name: str) -> str:
    """The param target of export `name` of the module a relative import `spec` names."""
    return f"{PREFIX}{spec}.{name}#0"


def export_bindings(scope, node) -> list[ArgBinding]:
    """Bindings of the known values a declaration node exports (see module docstring)."""
    pairs: list[tuple[str, object]] = []
    if node.type == "assignment_expression":
        left, right = node.child_by_field_name("left"), js.unwrap(node.child_by_field_name("right"))
        name = js.text(left)
        if name == "module.exports" and right is not None and right.type == "object":
            pairs = list(js.obj(right).items())
        elif name.startswith(("module.exports.", "exports.")) and name.count(".") == \
                (2 if name.startswith("module.") else 1):
            pairs = [(name.rsplit(".", 1)[1], right)]
    elif node.type == "variable_declarator" and _exported(node):
        pairs = [(js.text(node.child_by_field_name("name")), node.child_by_field_name("value"))]
    found = []
    for name, value_node in pairs:
        value = scope.eval(value_node) if value_node is not None else None
        if value is None or "{" in value.target or value.kind not in ("url", "env", "config", "param"):
            continue
        if value.kind == "url" and not _urlish(value.target):
            continue
        found.append(ArgBinding(js.line(node), f"{PREFIX}{SELF}.{name}", 0, value.kind,
                                value.target, value.suffix, value.default))
    return found


def _exported(declarator) -> bool:
    holder = tsu.parent(declarator)
    statement = tsu.parent(holder) if holder is not None else None
    return statement is not None and statement.type == "export_statement"


def _urlish(text: str) -> bool:
    from analyzer.ingest.code.javascript.values import SCHEME  # values imports this module
    return bool(SCHEME.match(text))
