"""Runtime names -> model node ids: workload labels become the services and datastores the
manifests declare.

A name is looked up, in order, as `name.namespace` and `name` in the configured aliases,
then as a service or datastore id or alias of the model, then once more with a version suffix
removed (`cart-v2`, `cart-1.4.0`) when `strip_versions` is on. A namespace outside the
configured `namespaces` (when any are given) drops the series. Unmatched names stay as they
are, so `unknown-runtime-service` can report them. Linear time, no user regex.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from analyzer.model import SystemModel

IGNORED = ("", "unknown")  # what meshes write for callers outside the mesh


@dataclass(frozen=True)
class NameMap:
    """The lookup tables for one model and one configuration."""

    aliases: Mapping[str, str]
    known: Mapping[str, str]
    namespaces: frozenset[str]
    strip_versions: bool = True
    _seen: dict[tuple[str, str], str | None] = field(default_factory=dict, compare=False,
                                                     repr=False)

    @classmethod
    def of(cls, model: SystemModel, aliases: Mapping[str, str], namespaces: Sequence[str],
           strip_versions: bool = True) -> NameMap:
        known: dict[str, str] = {}
        for node in [*model.services, *model.datastores]:
            for alias in sorted(node.aliases):
                known.setdefault(alias, node.id)
        for node in [*model.services, *model.datastores]:
            known[node.id] = node.id
        return cls(dict(aliases), known, frozenset(namespaces), strip_versions)

    def resolve(self, name: str, namespace: str = "") -> str | None:
        """The node id of a runtime name; the name itself when unknown; None when ignored."""
        key = (name, namespace)
        if key not in self._seen:
            self._seen[key] = self._resolve(name, namespace)
        return self._seen[key]

    def _resolve(self, name: str, namespace: str) -> str | None:
        if name in IGNORED:
            return None
        if self.namespaces and namespace and namespace not in self.namespaces:
            return None
        for candidate in _candidates(name, namespace, self.strip_versions):
            for table in (self.aliases, self.known):
                if candidate in table:
                    return table[candidate]
        return name

    def is_known(self, node: str) -> bool:
        return node in self.known.values()


def _candidates(name: str, namespace: str, strip: bool) -> list[str]:
    host = name.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0] or name
    names = list(dict.fromkeys([name, host, host.split(".", 1)[0]]))
    if strip:
        names += [bare for bare in (strip_version(n) for n in names) if bare not in names]
    found = []
    for n in names:
        if namespace:
            found += [f"{n}.{namespace}", f"{n}.{namespace}.svc.cluster.local"]
        found.append(n)
    return found


def strip_version(name: str) -> str:
    """`cart-v2` -> `cart`, `cart-1.4.0` -> `cart`, `cart-v1-2` -> `cart`; other names unchanged."""
    for _ in range(3):
        head, sep, tail = name.rpartition("-")
        core = tail[1:] if tail[:1] in ("v", "V") else tail
        if not (sep and head and core and all(p.isdigit() for p in core.split("."))):
            break
        name = head
    return name
