"""Cross-file join of parameter calls with the call sites that give those parameters a value.

An extractor sees one file: a call whose URL is a parameter of a function or constructor
called from another file becomes `OutboundCall(target_kind="param", target="<callable>#<i>")`,
and each call of a callable defined elsewhere with a known argument becomes an `ArgBinding`.
Within one service, each param call is joined with the bindings of the same callable and
index — those in the param's own folder (the Go package) first, else anywhere in the
service — and becomes an ordinary call at the param's line, whose detail names the binding's
file:line. A binding that is itself a parameter chains the join (up to `MAX_DEPTH` hops). Module exports
(`export:<self>.<name>` bindings, `export:<relative spec>.<name>#0` params, javascript_exports)
are keyed by module here, from each file's path, so extracted facts stay path-free.
Per-file facts stay cacheable: the join runs after extraction, on every scan. Pure: no I/O.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace

from analyzer.ingest.code.facts import ArgBinding, FileFacts, OutboundCall
from analyzer.ingest.code.treesitter.symbolic import Value, clip, concat, make_call

MAX_DEPTH = 4
_EXPORT = "export:"
_SELF = "<self>"
_MODULE_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")


@dataclass
class Joined:
    """Calls the join produced, per file, and the param calls no caller gave a value."""

    calls: dict[str, list[OutboundCall]] = field(default_factory=dict)
    unmatched: list[tuple[str, OutboundCall]] = field(default_factory=list)


def join_params(files: list[tuple[str, FileFacts]]) -> Joined:
    """Join every param call of one service's files with that service's bindings."""
    index: dict[tuple[str, int], list[tuple[str, ArgBinding]]] = {}
    for rel, facts in files:
        for binding in facts.bindings:
            callable_ = _module_target(binding.callable, rel)
            index.setdefault((callable_, binding.index), []).append((rel, binding))
    joined = Joined()
    for rel, facts in files:
        for call in facts.calls:
            if call.target_kind != "param":
                continue
            call = replace(call, target=_module_target(call.target, rel))
            made = [c for c in _join(call, rel, index) if c is not None]
            if made:
                joined.calls.setdefault(rel, []).extend(sorted(set(made), key=_order))
            else:
                joined.unmatched.append((rel, call))
    return joined


def parse_target(target: str) -> tuple[str, int] | None:
    """("callable", index) of a param target "callable#index"; None when malformed."""
    name, sep, position = target.rpartition("#")
    return (name, int(position)) if sep and name and position.isascii() and position.isdigit() else None


# -- private --------------------------------------------------------------------------------


def _join(call: OutboundCall, rel: str, index: dict) -> list[OutboundCall | None]:
    label = call.detail.removesuffix(f" {call.target}")
    made: list[OutboundCall | None] = []
    for value, via in _values(call.target, call.suffix, _folder(rel), index, 0, set()):
        found = make_call(call.line, call.protocol, value, label)
        made.append(replace(found, detail=clip(f"{found.detail} <- {via}", 240))
                    if found is not None else None)
    return made


def _values(target: str, tail: str, folder: str, index: dict, depth: int,
            seen: set[str]) -> list[tuple[Value, str]]:
    """(value with `tail` appended, where it was bound) for each binding of `target`."""
    key = parse_target(target)
    if key is None or depth >= MAX_DEPTH or target in seen:
        return []
    candidates = index.get(key, [])
    near = [(r, b) for r, b in candidates if _folder(r) == folder]
    found: list[tuple[Value, str]] = []
    for rel, binding in near or candidates:
        where = f"{key[0]}() at {rel}:{binding.line}"
        if binding.target_kind == "param":
            for value, via in _values(_module_target(binding.target, rel), binding.suffix + tail, _folder(rel),
                                      index, depth + 1, seen | {target}):
                found.append((value, f"{via} <- {where}"))
            continue
        kind = "lit" if binding.target_kind == "url" else binding.target_kind
        start = Value(kind, binding.target, binding.suffix, default=binding.default)
        value = concat([start, Value("lit", tail)]) if tail else start
        if value is not None:
            found.append((value, where))
    return found


def _module_target(target: str, rel: str) -> str:
    """An export target with its module named by path: `export:<self>.x` in `a/b.js` and
    `export:./b.x#0` in `a/c.js` both become `export:a/b.x...`; other targets as they are."""
    if not target.startswith(_EXPORT):
        return target
    spec, dot, rest = target[len(_EXPORT):].rpartition(".")
    if not dot:
        return target
    if spec == _SELF:
        module = rel
    elif spec.startswith(("./", "../")):
        module = posixpath.normpath(posixpath.join(posixpath.dirname(rel), spec))
    else:
        return target
    for suffix in _MODULE_SUFFIXES:
        if module.endswith(suffix):
            module = module[: -len(suffix)]
            break
    module = module[: -len("/index")] if module.endswith("/index") else module
    return f"{_EXPORT}{module}.{rest}"


def _folder(rel: str) -> str:
    return rel.rpartition("/")[0]


def _order(call: OutboundCall) -> tuple:
    return (call.line, call.protocol, call.target_kind, call.target, call.detail, call.suffix)
