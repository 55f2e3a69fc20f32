"""The statically known URL-ish value shared by the JS/TS and C# extractors, and its joining.

A value is a literal ("url"), an env var ("env"), a config key ("config") or a parameter of
the enclosing function ("param"), with the literal tail appended after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.ingest.code import limits


@dataclass(frozen=True)
class Val:
    """A statically known value: its kind, the literal or name, a literal tail, a default."""

    kind: str
    target: str
    suffix: str = ""
    default: str = ""


def concat(pieces: list, *, keep_empty: bool = True) -> Val | None:
    """Join evaluated pieces (Val, literal str, or None for unknown); the head decides the kind,
    the rest becomes the literal tail. `keep_empty=False` gives None for an empty literal;
    a value past `limits.MAX_VALUE_CHARS` is unknown (None)."""
    if not pieces or pieces[0] is None:
        return None
    head, rest = pieces[0], "".join(_render(p) for p in pieces[1:])
    if limits.too_long(rest, head if isinstance(head, str) else head.target + head.suffix):
        return None
    if isinstance(head, str):
        return Val("url", head + rest) if keep_empty or head or rest else None
    if head.kind == "url":
        return Val("url", head.target + head.suffix + rest)
    return Val(head.kind, head.target, head.suffix + rest, head.default)


def _render(piece) -> str:
    if piece is None:
        return "{}"
    if isinstance(piece, str):
        return piece
    return piece.target + piece.suffix if piece.kind == "url" else "{" + piece.target + "}" + piece.suffix
