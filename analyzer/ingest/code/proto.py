"""`.proto` and `.thrift` files: the RPC services they define, and each service's methods.

Comments are stripped first so a commented-out `service` is not a definition. Each service
is reported as `package.Service` (when a package / namespace is declared) and `Service`,
so both a Go `pb.NewOrderServiceClient` and a Java `orders.v1.OrderServiceGrpc` resolve.
Methods (`rpc Get(A) returns (B)`; Thrift `i32 add(1:i32 a) throws (...)`) are reported
once per service under its most qualified name, with the line of the method's name, so the
framework can list a server's RPC methods as inbound routes.
"""

from __future__ import annotations

import re

from analyzer.ingest.code.facts import FileFacts, RpcMethod

SUFFIXES: tuple[str, ...] = (".proto", ".thrift")

# `[ \t]*` after `^`, not `\s*`: with re.M, `^\s*` retries every blank line from every line
# start (quadratic on a file of blank lines). An unclosed `/*` runs to the end of the file.
_COMMENTS = re.compile(r"//[^\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/|\Z)|#[^\n]*")
_STRINGS = re.compile(r'"(?:\\.|[^"\\\n])*"' + r"|'(?:\\.|[^'\\\n])*'")
_PROTO_PACKAGE = re.compile(r"^[ \t]*package\s+([\w.]+)\s*;", re.M)
_THRIFT_NAMESPACE = re.compile(r"^[ \t]*namespace\s+(?:\*|py|java|go|js|netstd|csharp|cpp)\s+([\w.]+)",
                               re.M)
_SERVICE = re.compile(r"^[ \t]*service\s+(\w+)(?:\s+extends\s+[\w.]+)?\s*\{", re.M)
_PROTO_RPC = re.compile(r"\brpc\s+(\w+)\s*\(")
_NAME_BEFORE = re.compile(r"(?<![\w.])(\w+)\s*\Z")


def extract(text: str, path: str) -> FileFacts:
    """Service names and methods defined in one IDL file."""
    language = "thrift" if path.lower().endswith(".thrift") else "proto"
    body = _COMMENTS.sub(_blank, _STRINGS.sub(_blank_string, text))
    if language == "proto":
        package_match = _PROTO_PACKAGE.search(body)
    else:
        package_match = _THRIFT_NAMESPACE.search(body)
    package = package_match.group(1) if package_match else ""
    names: list[str] = []
    methods: list[RpcMethod] = []
    for match in _SERVICE.finditer(body):
        service = match.group(1)
        if package:
            names.append(f"{package}.{service}")
        names.append(service)
        qualified = f"{package}.{service}" if package else service
        start = match.end()
        block = body[start:_block_end(body, start)]
        for name, offset in _methods(block, language):
            line = body.count("\n", 0, start + offset) + 1
            methods.append(RpcMethod(line, qualified, name))
    return FileFacts(language, rpc_definitions=sorted(set(names)),
                     rpc_methods=sorted(set(methods), key=lambda m: (m.service, m.method, m.line)))


def _methods(block: str, language: str) -> list[tuple[str, int]]:
    """(method name, offset in `block`) of each method of one service body: a proto `rpc`,
    or the identifier before each top-level `(` of a Thrift body (not `throws`)."""
    if language == "proto":
        return [(m.group(1), m.start(1)) for m in _PROTO_RPC.finditer(block)]
    depth, found = 0, []
    for index, char in enumerate(block):
        if char == "(":
            start = max(0, index - 120)
            head = _NAME_BEFORE.search(block[start:index]) if depth == 0 else None
            if head is not None and head.group(1) != "throws":
                found.append((head.group(1), start + head.start(1)))
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
    return found


def _block_end(body: str, start: int) -> int:
    """Offset of the `}` closing the block that opens just before `start`."""
    depth = 1
    for index in range(start, len(body)):
        if body[index] == "{":
            depth += 1
        elif body[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(body)


def _blank(match: re.Match) -> str:
    """The matched text with everything but newlines replaced by spaces (lines stay put)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _blank_string(match: re.Match) -> str:
    text = match.group(0)
    return text[0] + " " * (len(text) - 2) + text[-1]
