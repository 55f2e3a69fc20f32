"""Small shared helpers for tree-sitter based extractors: parsing, walking, string literals.

Grammars come from the per-language wheels (`tree-sitter-go`, `tree-sitter-java`, ...) because
they ship compiled parsers; `tree_sitter_language_pack` is a fallback only, since recent
versions download grammars at run time, which an offline machine cannot do.
Language names follow the language pack: python, go, java, kotlin, javascript, typescript,
tsx, c_sharp.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Iterator
from typing import Any, NamedTuple

from analyzer.ingest.code.facts import OutboundCall, ParseProblem, TopicUse

# language -> (module, factory function) of the per-language grammar wheel
_GRAMMARS: dict[str, tuple[str, str]] = {
    "python": ("tree_sitter_python", "language"),
    "go": ("tree_sitter_go", "language"),
    "java": ("tree_sitter_java", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "c_sharp": ("tree_sitter_c_sharp", "language"),
}

_STRING_TYPES = frozenset({
    "interpreted_string_literal", "raw_string_literal", "string_literal", "string",
    "template_string", "verbatim_string_literal", "multiline_string_literal", "text_block",
    "interpolated_string_expression", "line_string_literal",
})
_INTERPOLATION_TYPES = frozenset({
    "interpolation", "template_substitution", "line_string_expression",
    "multi_line_string_expression", "interpolated_identifier", "interpolated_expression",
})
_DELIMITER_TYPES = frozenset({
    "string_start", "string_end", "interpolation_start", "raw_string_start", "raw_string_end",
    "interpolation_quote", "string_literal_encoding",
})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'",
            "/": "/", "`": "`", "$": "$", "b": "\b", "f": "\f", "v": "\v", "a": "\a"}

_local = threading.local()


def parse(lang: str, text: str) -> tuple[Any | None, list[ParseProblem]]:
    """Parse `text` as `lang`; return (tree or None, problems).

    A tree with ERROR/MISSING nodes is still returned (extract what you can) together with
    one problem naming the first error line. None comes back only when no grammar loads.
    """
    parser = _parser(lang)
    if parser is None:
        return None, [ParseProblem(None, f"no tree-sitter grammar available for {lang}")]
    try:
        tree = parser.parse(text.encode("utf-8", "surrogatepass"))
    except (ValueError, RuntimeError, UnicodeError) as exc:
        return None, [ParseProblem(None, f"tree-sitter failed to parse: {exc}")]
    if tree is None:
        return None, [ParseProblem(None, "tree-sitter returned no tree")]
    if tree.root_node.has_error:
        line = first_error_line(tree.root_node)
        return tree, [ParseProblem(line, f"syntax error near line {line}; extraction is partial")]
    return tree, []


def source_bytes(text: str) -> bytes:
    """The byte string that `parse` fed to tree-sitter (node offsets index into it)."""
    return text.encode("utf-8", "surrogatepass")


def node_text(node: Any, src: bytes) -> str:
    """The source text covered by `node`."""
    return src[node.start_byte:node.end_byte].decode("utf-8", "replace")


def line_of(node: Any) -> int:
    """1-based line where `node` starts."""
    return node.start_point[0] + 1


def walk(node: Any) -> Iterator[Any]:
    """Every node below and including `node`, in pre-order (source order)."""
    cursor = node.walk()
    while True:
        yield cursor.node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node == node:
                return


def string_value(node: Any, src: bytes) -> str | None:
    """The decoded value of a plain string literal node, or None.

    None when `node` is not a string literal or when it interpolates expressions
    (template strings, f-strings, `$"..."`), since its value is then not a constant.
    """
    if node is None or node.type not in _STRING_TYPES:
        return None
    parts: list[str] = []
    named = 0
    for child in node.children:
        if not child.is_named or child.type in _DELIMITER_TYPES:
            continue
        named += 1
        if child.type in _INTERPOLATION_TYPES:
            return None
        if child.type == "escape_sequence":
            parts.append(_unescape(node_text(child, src)))
        else:
            parts.append(node_text(child, src))
    if named == 0:
        return _strip_delimiters(node_text(node, src))
    return "".join(parts)


def first_error_line(root: Any) -> int:
    """1-based line of the first ERROR or MISSING node (descends only into erroneous subtrees)."""
    node = root
    while True:
        nxt = None
        for child in node.children:
            if child.type == "ERROR" or child.is_missing:
                return line_of(child)
            if child.has_error:
                nxt = child
                break
        if nxt is None:
            return line_of(node)
        node = nxt


def _parser(lang: str) -> Any | None:
    cache = getattr(_local, "parsers", None)
    if cache is None:
        cache = _local.parsers = {}
    if lang not in cache:
        cache[lang] = _load_parser(lang)
    return cache[lang]


def _load_parser(lang: str) -> Any | None:
    try:
        import tree_sitter
    except ImportError:
        return None
    spec = _GRAMMARS.get(lang)
    if spec is not None:
        try:
            module = importlib.import_module(spec[0])
            return tree_sitter.Parser(tree_sitter.Language(getattr(module, spec[1])()))
        except (ImportError, AttributeError, ValueError, TypeError):
            pass
    try:
        from tree_sitter_language_pack import get_parser
        return get_parser(lang)
    except Exception:  # noqa: BLE001 - the pack raises its own download/lookup errors
        return None


def _unescape(seq: str) -> str:
    body = seq[1:] if seq.startswith("\\") else seq
    if body[:1] in ("u", "x", "U") and len(body) > 1:
        try:
            return chr(int(body[1:].strip("{}"), 16))
        except ValueError:
            return body
    return _ESCAPES.get(body, body)


def _strip_delimiters(raw: str) -> str:
    verbatim = raw.startswith("@") or raw.startswith("$@") or raw.startswith("@$")
    body = raw.lstrip("@$")
    for quote in ('"""', '"', "'", "`"):
        if len(body) >= 2 * len(quote) and body.startswith(quote) and body.endswith(quote):
            body = body[len(quote):-len(quote)]
            break
    return body.replace('""', '"') if verbatim else body


# --- symbolic string values (shared by the Go/Java/Kotlin extractors) -----------------------

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
    """Symbolic string concatenation; None when the result names no usable destination."""
    acc: Value | None = None
    for part in parts:
        part = part or UNKNOWN
        if acc is None:
            acc = part
        elif acc.kind == "unknown":
            return None
        elif acc.kind == "lit":
            if part.kind == "lit" and not acc.sealed:
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


def mask_secrets(text: str) -> str:
    """Hide passwords in URLs (`user:pw@host`) and DSNs (`password=pw`)."""
    text = _URL_PASSWORD.sub(r"\1***@", text)
    text = _DSN_PASSWORD.sub(r"\1***@", text)
    return _KV_PASSWORD.sub(r"\1***", text)


def clip(detail: str, limit: int = 120) -> str:
    """Single-line `detail` of at most `limit` characters."""
    detail = " ".join(detail.split())
    return detail if len(detail) <= limit else detail[: limit - 3] + "..."


_URL_PASSWORD = re.compile(r"(://[^/:@\s]*:)[^@/\s]*@")
_DSN_PASSWORD = re.compile(r"^([^:/@\s]+:)[^@/\s]+@(?=tcp\(|unix\(|[\w.-]+[:/])")
_KV_PASSWORD = re.compile(r"((?:password|pwd)\s*=\s*)[^;\s]+", re.IGNORECASE)


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
