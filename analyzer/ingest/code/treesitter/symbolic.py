"""Symbolic string values shared by the tree-sitter extractors, and the facts they become.

A `Value` is what an extractor knows statically about a string expression: a literal, an
environment variable or config key lookup (with a literal tail and default), a discovery id.
`concat`/`printf_concat` combine values the way `+` and `fmt.Sprintf`/`String.format` do;
`make_call`/`make_topics` turn a value into an OutboundCall/TopicUse only when it names a
destination, masking credentials on the way.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from analyzer.ingest.code import limits
from analyzer.ingest.code.facts import OutboundCall, TopicUse
from analyzer.ingest.secrets import mask_text as mask_secrets  # the one masking module

class Value(NamedTuple):
    """A statically known string: kind lit | env | config | discovery | unknown.

    `text` is the literal (lit) or the variable/key name (env/config); `suffix` is the literal
    tail appended after a lookup; `sealed` means a non-literal part followed, so later
    literals no longer belong to the tail; `default` is the literal fallback of a lookup.
    """

    kind: str
    text: str = ""
    suffix: str = ""
    sealed: bool = False
    default: str = ""


UNKNOWN = Value("unknown")


def concat(parts: list[Value | None]) -> Value | None:
    """Symbolic string concatenation; None when the result names no usable destination
    or grows past `limits.MAX_VALUE_CHARS`."""
    acc: Value | None = None
    for part in parts:
        part = part or UNKNOWN
        if acc is None:
            acc = part
        elif acc.kind == "unknown":
            return None
        elif acc.kind == "lit":
            if part.kind == "lit" and not acc.sealed:
                if limits.too_long(acc.text, part.text):
                    return None
                acc = Value("lit", acc.text + part.text)
            elif part.kind != "unknown" and not has_host(acc.text):
                acc = part
            elif has_host(acc.text):
                acc = Value("lit", acc.text, sealed=True)
            else:
                return None
        elif part.kind == "lit" and "@" in part.text and "/" not in acc.suffix:
            # `user + ":" + pw + "@" + host`: what precedes the last "@" is credentials
            acc = Value("lit", part.text.rsplit("@", 1)[1])
        elif part.kind == "lit" and not acc.sealed:
            if limits.too_long(acc.text, acc.suffix, part.text):
                return None
            acc = acc._replace(suffix=acc.suffix + part.text)
        else:
            acc = acc._replace(sealed=True)
    if acc is None or acc.kind == "unknown":
        return None
    if acc.kind != "lit" and acc.sealed and acc.suffix.endswith(":"):
        acc = acc._replace(suffix=acc.suffix[:-1])  # HOST + ":" + PORT: the port is unknown
    return acc


def has_host(text: str) -> bool:
    """True for `scheme://host...` strings."""
    scheme, sep, rest = text.partition("://")
    return bool(sep and scheme and rest.split("/", 1)[0].strip())


def looks_like_address(text: str) -> bool:
    """A literal that names a destination: a URL with a host, or a bare `host:port`."""
    if has_host(text):
        return True
    host, sep, port = text.rpartition(":")
    return bool(sep and host and port.isdigit() and " " not in host and "/" not in host)


def clip(detail: str, limit: int = 120) -> str:
    """Single-line `detail` of at most `limit` characters."""
    detail = " ".join(detail.split())
    return detail if len(detail) <= limit else detail[: limit - 3] + "..."


def printf_concat(fmt: str, args: list[Value | None]) -> Value | None:
    """Symbolic value of `fmt % args` for printf-style verbs (%s, %d, %v, %%, ...)."""
    parts: list[Value | None] = []
    pos, index = 0, 0
    for match in _FORMAT_VERB.finditer(fmt):
        if fmt[pos:match.start()]:
            parts.append(Value("lit", fmt[pos:match.start()]))
        if match.group() == "%%":
            parts.append(Value("lit", "%"))
        else:
            parts.append(args[index] if index < len(args) else None)
            index += 1
        pos = match.end()
    if fmt[pos:]:
        parts.append(Value("lit", fmt[pos:]))
    return concat(parts)


def make_call(line: int, protocol: str, value: Value | None, label: str,
              strict: bool = False) -> OutboundCall | None:
    """The OutboundCall for a destination value, or None when it names no destination.

    Literals must carry a host (http) or look like an address/DSN (other protocols);
    `lb://id` becomes a discovery call. With `strict`, a lookup counts only when its name or
    tail looks like a URL (for calls whose receiver type is unknown).
    """
    if value is None:
        return None
    if value.kind == "lit":
        text = value.text.strip()
        if text.startswith("lb://"):
            name, _, path = text[5:].partition("/")
            return OutboundCall(line, protocol, "discovery", name, clip(f"{label} {text}"),
                                "/" + path if path else "")
        bare = text.split(":///", 1)[-1]
        if protocol == "http":
            ok = has_host(text)
        else:
            ok = has_host(text) or looks_like_address(bare) or "@" in text \
                or "host=" in text.lower()
        if not ok:
            return None
        target = mask_secrets(text)
        return OutboundCall(line, protocol, "url", target, clip(f"{label} {target}"))
    if value.kind in ("env", "config", "discovery"):
        if strict and not (_URLISH.search(value.text) or value.suffix.startswith("/")):
            return None
        tail = f" + {value.suffix}" if value.suffix else ""
        return OutboundCall(line, protocol, value.kind, value.text,
                            clip(f"{label} {value.text}{tail}"), value.suffix,
                            mask_secrets(value.default))
    return None


def make_topics(line: int, system: str, role: str, values: list[Value], label: str
                ) -> list[TopicUse]:
    """TopicUses for literal or looked-up topic names (empty literals are dropped)."""
    uses = []
    for value in values:
        if value.kind == "lit" and value.text.strip():
            uses.append(TopicUse(line, system, value.text.strip(), role,
                                 clip(f"{label} {value.text}"), "literal"))
        elif value.kind in ("env", "config"):
            uses.append(TopicUse(line, system, value.text, role, clip(f"{label} {value.text}"),
                                 value.kind))
    return uses


_FORMAT_VERB = re.compile(r"%[-+# 0-9.]*[a-zA-Z%]")
_URLISH = re.compile(r"url|uri|addr|host|endpoint|service|svc|api|base|server", re.IGNORECASE)


def sorted_unique(items: list[Any]) -> list[Any]:
    """Deduplicated facts in a stable order (numbers compare as numbers, None first)."""
    def key(item: Any) -> tuple:
        return tuple((0, v, "") if isinstance(v, int) else (1, 0, "" if v is None else str(v))
                     for v in item.__dict__.values())
    return sorted(set(items), key=key)
