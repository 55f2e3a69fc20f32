"""`.proto` and `.thrift` files: the RPC service names they define, qualified and bare.

Comments are stripped first so a commented-out `service` is not a definition. Each service
is reported as `package.Service` (when a package / namespace is declared) and `Service`,
so both a Go `pb.NewOrderServiceClient` and a Java `orders.v1.OrderServiceGrpc` resolve.
"""

from __future__ import annotations

import re

from analyzer.ingest.code.facts import FileFacts

SUFFIXES: tuple[str, ...] = (".proto", ".thrift")

_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/|#[^\n]*", re.S)
_PROTO_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.M)
_THRIFT_NAMESPACE = re.compile(r"^\s*namespace\s+(?:\*|py|java|go|js|netstd|csharp|cpp)\s+([\w.]+)",
                               re.M)
_SERVICE = re.compile(r"^\s*service\s+(\w+)(?:\s+extends\s+[\w.]+)?\s*\{", re.M)


def extract(text: str, path: str) -> FileFacts:
    """Service names defined in one IDL file."""
    language = "thrift" if path.lower().endswith(".thrift") else "proto"
    body = _COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if language == "proto":
        package_match = _PROTO_PACKAGE.search(body)
    else:
        package_match = _THRIFT_NAMESPACE.search(body)
    package = package_match.group(1) if package_match else ""
    names: list[str] = []
    for match in _SERVICE.finditer(body):
        service = match.group(1)
        if package:
            names.append(f"{package}.{service}")
        names.append(service)
    return FileFacts(language, rpc_definitions=sorted(set(names)))
