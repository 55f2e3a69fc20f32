"""The RPC methods each service serves, for the inbound inventory (one route per method).

A service that registers an RPC server in code (`RpcServer`, gRPC or Thrift) serves every
method its IDL defines: each becomes `RouteFact(method="RPC", path="/pkg.Service/Method",
framework="grpc"|"thrift")` at the method's line in the `.proto`/`.thrift` file. The IDL is
matched by the server's name, qualified when the server names a package, else bare; when
several packages define that bare name, the IDL in the service's own folder wins. A server
whose IDL is not in the scan keeps only its `RPC <Service>` route. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.ingest.code.scanner import CodeScan
from analyzer.model import RouteFact


def method_routes(scan: CodeScan) -> list[RouteFact]:
    """One RouteFact per (serving service, IDL method), sorted."""
    methods = [_Method(rel, owner, "thrift" if facts.language == "thrift" else "grpc",
                       m.service, m.method, m.line)
               for rel, owner, facts in scan.idl_files for m in facts.rpc_methods]
    routes: set[RouteFact] = set()
    for service_id, code in sorted(scan.services.items()):
        for _rel, facts in code.files:
            for server in facts.rpc_servers:
                family = "thrift" if "thrift" in server.framework else "grpc"
                for m in _matching(methods, server.service, family, service_id):
                    routes.add(RouteFact(service=service_id, method="RPC",
                                         path=f"/{m.service}/{m.method}", framework=family,
                                         file=m.file, line=m.line))
    return sorted(routes, key=lambda r: (r.service, r.path, r.file or "", r.line or 0))


@dataclass(frozen=True)
class _Method:
    file: str
    owner: str | None
    family: str
    service: str
    method: str
    line: int


def _matching(methods: list[_Method], name: str, family: str, service_id: str) -> list[_Method]:
    same = [m for m in methods if m.family == family]
    exact = [m for m in same if m.service == name]
    if exact:
        return exact
    bare = name.rsplit(".", 1)[-1]
    found = [m for m in same if m.service.rsplit(".", 1)[-1] == bare]
    if len({m.service for m in found}) > 1:
        own = [m for m in found if m.owner == service_id]
        return own or found
    return found
