"""nginx as a gateway: each proxying `location` of a `server` as a `GatewayRoute` summary.

The directive tree comes from the nginx extractor's parser (ingest/code/nginx.py), which
already turns every `proxy_pass` into a call edge; this summary adds what protects a route:
TLS (`listen ... ssl`, `ssl_certificate`), authentication (`auth_request` as forward-auth,
`auth_basic`, `auth_jwt`), rate limiting (`limit_req` in the location, its server or `http`),
retries (`proxy_next_upstream_tries`) and timeouts. Open-source nginx cannot break circuits.
No edge is added here: the extractor's edges stay the only ones nginx gives.
"""

from __future__ import annotations

from analyzer.ingest.code.nginx import parse_directives
from analyzer.ingest.platform.common import Collected, ServiceIndex
from analyzer.ingest.platform.gateways.routes import RouteFacts, gateway_node, record

MAX_DIRECTIVES = 20_000


def maybe_nginx(rel: str, name: str, body: str) -> bool:
    lowered = name.lower()
    return (lowered == "nginx.conf" or "nginx" in rel.lower() and lowered.endswith(
        (".conf", ".conf.template"))) and "proxy_pass" in body


def read_nginx(file: str, body: str, index: ServiceIndex, out: Collected) -> None:
    roots = parse_directives(body)
    upstreams = {d.args[0]: [c.args[0] for c in d.children if c.name == "server" and c.args]
                 for d in _walk(roots) if d.name == "upstream" and d.args}
    http_limit = any(d.name == "limit_req" for d in roots for d in [d] + (
        d.children if d.name == "http" else []))
    folder = file.rsplit("/", 1)[0] if "/" in file else ""
    gateway = index.folder(folder) or gateway_node(index, "nginx")
    for server in (d for d in _walk(roots) if d.name == "server" and d.children):
        names = [a for d in server.children if d.name == "server_name" for a in d.args]
        tls = any(d.name == "listen" and "ssl" in d.args for d in server.children) or any(
            d.name == "ssl_certificate" for d in server.children)
        server_limit = http_limit or any(d.name == "limit_req" for d in server.children)
        server_auth = _auth(server.children)
        for location in (d for d in _walk(server.children) if d.name == "location" and d.args):
            passes = [d for d in location.children if d.name in ("proxy_pass", "grpc_pass")
                      and d.args]
            if not passes:
                continue
            target = passes[0].args[0]
            host = target.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
            service = index.host(target) or next(
                (s for a in upstreams.get(host, []) if (s := index.host(a))), None)
            kids = {d.name: d.args for d in location.children}
            record(RouteFacts(
                gateway="nginx", name=f"{(names or ['_'])[0]} {location.args[-1]}", file=file,
                line=location.line, target=target, service=service, gateway_service=gateway,
                hosts=[n for n in names if n != "_"], paths=[location.args[-1]], tls=tls,
                auth=sorted(set(_auth(location.children)) | set(server_auth)),
                rate_limit=server_limit or "limit_req" in kids,
                retries=int(kids["proxy_next_upstream_tries"][0]) if kids.get(
                    "proxy_next_upstream_tries", [""])[0].isdigit() else None,
                timeouts={k: v[0] for k, v in kids.items()
                          if k in ("proxy_connect_timeout", "proxy_read_timeout") and v}),
                out, edge=False)


def _auth(directives) -> list[str]:
    found = []
    for d in directives:
        if d.name == "auth_request" and d.args and d.args[0] != "off":
            found.append("forward-auth")
        elif d.name == "auth_basic" and d.args and d.args[0] != "off":
            found.append("basic-auth")
        elif d.name == "auth_jwt" and d.args and d.args[0] != "off":
            found.append("jwt")
    return found


def _walk(roots):
    """Every directive under `roots`, in order, without recursion, bounded."""
    stack, seen = list(reversed(roots)), 0
    while stack and seen < MAX_DIRECTIVES:
        d = stack.pop()
        seen += 1
        yield d
        stack.extend(reversed(d.children))
