"""Text from scanned repositories made safe for Graphviz and XML before it is drawn.

Ids, details and labels come from files archgov does not control. Graphviz refuses NUL,
fails on names over 16,384 characters and copies control characters into its SVG, where
XML 1.0 forbids them; lone surrogates (from undecodable bytes) cannot even be encoded as
UTF-8. `drawable` keeps what a reader needs to recognise a name and drops the rest, the
same way for the DOT source and for the built-in SVG, so both drawings show the same text.
"""

from __future__ import annotations

import re

MAX_LABEL = 200  # characters of a label or a name inside a tooltip
ELLIPSIS = "…"
REPLACEMENT = "\ufffd"

_SPACES = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
# C0 and C1 controls, DEL, and the XML non-characters U+FFFE/U+FFFF
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def drawable(text: str, limit: int = MAX_LABEL) -> str:
    """`text` without control characters, lone surrogates as U+FFFD, at most `limit` characters.

    Line breaks and tabs become one space; anything longer than `limit` is cut and ends
    with an ellipsis, so the result is always valid XML 1.0 character data and a DOT
    string Graphviz accepts.
    """
    clean = _SPACES.sub(" ", text)
    clean = _CONTROLS.sub("", clean)
    clean = _SURROGATES.sub(REPLACEMENT, clean)
    if len(clean) > limit:
        clean = clean[: limit - 1] + ELLIPSIS
    return clean


def xml_escape(text: str) -> str:
    """`text` as XML character data or a double-quoted attribute value (already drawable)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
