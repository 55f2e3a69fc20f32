"""Attribute .NET Aspire `WithReference` calls to the resource that makes the reference.

The C# extractor reports `builder.AddProject<P>("orders").WithReference(cache)` in an AppHost
as a `discovery` call whose detail reads `aspire from=orders WithReference cache`. The AppHost
is not itself a service: the dependency is the `from` resource's, so it becomes a link from
the service that name resolves to (like any discovery name) to the referenced node. A
reference to a datastore takes the datastore's kind; one to a service is `depends-on`, since
a reference says that the project discovers the other, not over which protocol. An AppHost
that the manifest reader already read (`analyzer.ingest.manifests.aspire`: its file is where the
model's services are declared) is skipped, so its references are not counted twice. Pure.
"""

from __future__ import annotations

import re

from analyzer.ingest.code.config.links import edge_kind
from analyzer.ingest.code.resolution.directory import LOCAL, Directory
from analyzer.ingest.code.facts import OutboundCall
from analyzer.ingest.code.resolution.links import Link, Resolution
from analyzer.ingest.code.scanner import CodeScan
from analyzer.model import EdgeKind, Evidence, Origin, SystemModel

_REFERENCE = re.compile(r"^aspire from=(\S+) WithReference (\S+)")


def is_reference(call: OutboundCall) -> bool:
    """Whether a call is an Aspire reference (attributed here, never to the file's owner)."""
    return call.target_kind == "discovery" and _REFERENCE.match(call.detail) is not None


def aspire_links(model: SystemModel, scan: CodeScan, directory: Directory,
                 result: Resolution) -> None:
    """Links of every Aspire reference in AppHost files the manifest reader did not read."""
    declared = {e.file for s in model.services for e in s.declared_in} | \
        {e.file for d in model.datastores for e in d.declared_in}
    files = [*scan.apphosts, *(f for code in scan.services.values() for f in code.files)]
    for rel, facts in sorted(files, key=lambda f: f[0]):
        if rel in declared:
            continue
        for call in facts.calls:
            match = _REFERENCE.match(call.detail) if is_reference(call) else None
            if match is not None:
                _reference(rel, call, match.group(1), directory, result)


def _reference(rel: str, call: OutboundCall, name: str, directory: Directory,
               result: Resolution) -> None:
    source = directory.service(name)
    if source is None:
        result.unresolved(rel, call.line, f"Aspire resource {name} names no service; its "
                                          f"reference to {call.target} is not attributed")
        return
    evidence = Evidence(origin=Origin.CODE, file=rel, line=call.line, detail=call.detail)
    for node, host, _confident in directory.targets(call.target, discovery=True):
        if node is None:
            result.unresolved(rel, call.line, f"Aspire resource {host} referenced by {source} "
                                              f"is not a service or datastore of the system")
        elif node not in (LOCAL, source):
            result.links.append(Link(source, node, edge_kind(directory, node,
                                                             EdgeKind.DEPENDS_ON), evidence))
