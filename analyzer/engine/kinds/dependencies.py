"""Kinds about what services depend on: shared datastores and hard-coded external endpoints."""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterator
from fnmatch import fnmatchcase

from pydantic import Field

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, app_services, join
from analyzer.model import DatastoreCategory, EdgeKind, Evidence


class SharedDatastoreParams(Params):
    categories: list[DatastoreCategory] = Field(
        default_factory=lambda: [DatastoreCategory.DB],
        description="datastore categories that must not be shared")
    ignore_kinds: list[EdgeKind] = Field(
        default_factory=lambda: [EdgeKind.DEPENDS_ON],
        description="edge kinds that do not count as using the datastore")


class SharedDatastore(RuleKind):
    """A datastore of a guarded category used by two or more services.

    "Used" means an edge from a service of a kind not in `ignore_kinds`; by default a
    start-order `depends-on` alone does not count.
    """

    name = "shared-datastore"
    description = "A datastore that two or more services use directly."
    subject_kind = "datastore"
    fields = frozenset({"datastore", "category", "technology", "services", "count"})
    Params = SharedDatastoreParams

    def check(self, ctx: EvalContext, params: SharedDatastoreParams) -> Iterator[Hit]:
        ignored = set(params.ignore_kinds)
        users: dict[str, set[str]] = defaultdict(set)
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        services = set(app_services(ctx))
        for edge in ctx.model.edges:
            if edge.source in services and edge.kind not in ignored:
                users[edge.target].add(edge.source)
                evidence[edge.target].extend(edge.evidence)
        for store in sorted(ctx.model.datastores, key=lambda d: d.id):
            using = sorted(users.get(store.id, ()))
            if store.category in params.categories and len(using) >= 2:
                yield Hit(subject=store.id, evidence=evidence[store.id],
                          fields={"datastore": store.id, "category": store.category.value,
                                  "technology": store.technology, "services": join(using),
                                  "count": len(using)})


class EndpointParams(Params):
    allow_hosts: list[str] = Field(default_factory=list,
                                   description="glob patterns of external hosts that are fine")
    ip_literals_only: bool = Field(False, description="report IP literals only, not host names")
    code_literals: bool = Field(True, description="also report internal services whose literal "
                                "address is written in code, on an edge no manifest or config "
                                "declares")


class ExternalEndpoint(RuleKind):
    """A service configured with an IP literal or a host outside the system, or (with
    `code_literals`) whose code writes the literal address of an internal node.

    One hit per (service, host), listing every config key (or code file) that points there.
    """

    name = "external-endpoint"
    description = ("A service whose env or config hard-codes an IP address or an external host, "
                   "or whose code hard-codes an internal service's address.")
    subject_kind = "endpoint"
    fields = frozenset({"service", "host", "what", "keys"})
    Params = EndpointParams

    def check(self, ctx: EvalContext, params: EndpointParams) -> Iterator[Hit]:
        grouped: dict[tuple[str, str], list] = defaultdict(list)
        for endpoint in ctx.model.external_endpoints:
            grouped[(endpoint.service, endpoint.host)].append(endpoint)
        for (service, host), endpoints in sorted(grouped.items()):
            is_ip = any(e.is_ip_literal for e in endpoints)
            if params.ip_literals_only and not is_ip:
                continue
            if any(fnmatchcase(host.lower(), p.lower()) for p in params.allow_hosts):
                continue
            yield Hit(subject=f"{service}:{host}",
                      evidence=[e.evidence for e in endpoints],
                      fields={"service": service, "host": host,
                              "what": "IP literal" if is_ip else "host outside the system",
                              "keys": join(sorted({e.key for e in endpoints}))})
        if params.code_literals:
            yield from _code_literals(ctx, params)


def _code_literals(ctx: EvalContext, params: EndpointParams) -> Iterator[Hit]:
    """One hit per (service, host) written as a literal address of an internal node in code."""
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for literal in ctx.model.literal_addresses:
        grouped[(literal.service, literal.host)].append(literal)
    datastores = {d.id for d in ctx.model.datastores}
    for (service, host), literals in sorted(grouped.items()):
        if any(fnmatchcase(host.lower(), p.lower()) for p in params.allow_hosts) or (
                params.ip_literals_only and not _is_ip(host)):
            continue
        targets = sorted({x.target for x in literals})
        node = "datastore" if all(t in datastores for t in targets) else "service"
        files = sorted({x.evidence.file for x in literals if x.evidence.file})
        yield Hit(subject=f"{service}:{host}", evidence=[x.evidence for x in literals],
                  fields={"service": service, "host": host,
                          "what": f"the address of internal {node} {join(targets)}",
                          "keys": f"code ({join(files)})" if files else "code"},
                  salt="code")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
