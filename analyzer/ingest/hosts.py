"""Find host references in configuration values.

A value such as `http://orders:8080/api`, `postgres://app:pw@orders-db:5432/orders`,
`kafka-1:9092,kafka-2:9092`, `orders.shop.svc.cluster.local` or a Go MySQL DSN
`app:pw@tcp(orders-db:3306)/orders` names hosts; each becomes a
`HostRef` with a strength saying how sure we are it is an address at all. Deciding whether a
reference is an edge or an external endpoint is `assemble`'s job.

Scanning is linear in the value: `://` is found with `str.find` and the scheme walked back
from it (a regex search for `scheme://` rescans every scheme-like run: minutes for one
200,000-character value). A value longer than `MAX_ADDRESS_CHARS` is not read as an address
at all; callers record `address_too_long`. Masking lives in `secrets` (re-exported here).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from analyzer.ingest.secrets import MASK, env_detail, is_sensitive_key, mask_value
from analyzer.model import Diagnostic, Severity

__all__ = ["DOTTED", "HOST_PORT", "IP", "MASK", "MAX_ADDRESS_CHARS", "URL", "WORD", "HostRef",
           "address_too_long", "env_detail", "host_refs", "is_address_key", "is_ignored_host",
           "is_ip_literal", "is_sensitive_key", "mask_value"]

URL = "url"  # scheme://host[:port]
HOST_PORT = "hostport"  # host:port
IP = "ip"  # an IP literal without scheme
DOTTED = "dotted"  # a dotted host name without scheme or port: needs an address-like key
WORD = "word"  # a single word: a host only when the key names an address

ADDRESS_KEY_WORDS = ("HOST", "ADDR", "URL", "URI", "ENDPOINT", "SERVER", "SERVICE", "BROKER",
                     "BOOTSTRAP", "DSN", "UPSTREAM", "BACKEND", "TARGET", "CONNECTION")
IGNORED_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1", "::"})
MAX_ADDRESS_CHARS = 4096  # longer values are not parsed as addresses (no real one is)

_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_\-]*[A-Za-z0-9_])?"
_HOSTNAME = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_NOT_HOSTS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null", "nil",
                        "enabled", "disabled", "debug", "info", "warn", "error"})
_DSN_NET = re.compile(r"^tcp[46]?\((.+)\)$")
_NON_NETWORK_SCHEMES = frozenset({"file", "unix", "classpath", "jar", "data", "mailto"})


@dataclass(frozen=True)
class HostRef:
    """A host named in a value: scheme (lower-case, or None), host, port and strength."""

    host: str
    port: int | None
    scheme: str | None
    strength: str


def host_refs(value: str) -> list[HostRef]:
    """Every host reference in `value`, in order of appearance (none past MAX_ADDRESS_CHARS)."""
    text = value.strip()
    if not text or len(text) > MAX_ADDRESS_CHARS:
        return []
    tokens = text.split()
    refs: list[HostRef] = []
    for token in tokens:
        for piece in token.split(","):
            scheme = _scheme(piece)  # also inside "jdbc:..." or "optional:x:"
            if scheme:
                refs.extend(_url_refs(scheme[0].lower(), piece[scheme[1]:]))
            elif len(tokens) == 1:
                ref = _bare_ref(piece.strip())
                if ref is not None:
                    refs.append(ref)
    return refs


def is_address_key(key: str) -> bool:
    """True when an env key names an address (ORDERS_HOST, CART_URL, KAFKA_BOOTSTRAP, ...)."""
    upper = key.upper()
    return any(word in upper for word in ADDRESS_KEY_WORDS)


def address_too_long(key: str, value: str, file: str | None,
                     line: int | None) -> Diagnostic | None:
    """The diagnostic for a value too long to be read as an address, or None."""
    size = len(value.strip())
    if size <= MAX_ADDRESS_CHARS:
        return None
    return Diagnostic(severity=Severity.INFO, code="value-too-long", file=file, line=line,
                      message=f"{key}: value of {size} characters not read as an address "
                              f"(limit {MAX_ADDRESS_CHARS})")


def is_ignored_host(host: str) -> bool:
    """Loopback and wildcard addresses never name another node."""
    lowered = host.lower().strip("[]")
    if lowered in IGNORED_HOSTS:
        return True
    try:
        address = ipaddress.ip_address(lowered)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _scheme(piece: str) -> tuple[str, int] | None:
    """(scheme, index after its `://`) of the first URL in `piece`, found without a regex
    search: the scheme is the run of scheme characters before `://`, from its first letter."""
    mark = piece.find("://")
    while mark >= 0:
        start = mark
        while start > 0 and piece[start - 1] in _SCHEME_CHARS:
            start -= 1
        while start < mark and not piece[start].isalpha():
            start += 1
        if start < mark:
            return piece[start:mark], mark + 3
        mark = piece.find("://", mark + 3)
    return None


def _url_refs(scheme: str, rest: str) -> list[HostRef]:
    if scheme in _NON_NETWORK_SCHEMES:
        return []
    authority = re.split(r"[/?#;]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    host, port = _split_port(authority.strip())
    if host and (_HOSTNAME.match(host) or is_ip_literal(host)):
        return [HostRef(host.lower().strip("[]"), port, scheme, URL)]
    return []


def _bare_ref(piece: str) -> HostRef | None:
    if not piece:
        return None
    piece = piece.rsplit("@", 1)[-1].split("/", 1)[0]
    dsn = _DSN_NET.match(piece)  # go-sql-driver/mysql: user:pw@tcp(host:port)/db
    if dsn:
        piece = dsn.group(1)
    if is_ip_literal(piece):
        return HostRef(piece.lower().strip("[]"), None, None, IP)
    host, port = _split_port(piece)
    if not host:
        return None
    if is_ip_literal(host):
        return HostRef(host.lower().strip("[]"), port, None, IP)
    if not _HOSTNAME.match(host) or not re.search(r"[A-Za-z]", host):
        return None
    if port is not None:
        return HostRef(host.lower(), port, None, HOST_PORT)
    if host.lower() in _NOT_HOSTS:
        return None
    if ":" in piece:  # host:something-that-is-not-a-port, e.g. image:tag
        return None
    return HostRef(host.lower(), None, None, DOTTED if "." in host else WORD)


def _split_port(piece: str) -> tuple[str, int | None]:
    if piece.startswith("["):
        host, _, tail = piece[1:].partition("]")
        port_text = tail[1:] if tail.startswith(":") else ""
    elif piece.count(":") == 1:
        host, port_text = piece.split(":")
    else:
        host, port_text = piece, ""
    if port_text.isascii() and port_text.isdigit() and 0 < int(port_text) < 65536:
        return host, int(port_text)
    if port_text:
        return (host if piece.startswith("[") else ""), None
    return host, None
