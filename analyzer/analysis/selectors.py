"""Kubernetes label selection in time proportional to the answer, not to the cluster.

Matching every selector (Service, PDB, NetworkPolicy, PeerAuthentication) against every
workload is quadratic: 500 Services x 1,000 workloads is half a million label comparisons per
pass. `LabelIndex` keeps, per namespace, the workloads carrying each `key=value` label, so a
selector is the intersection of its pairs' sets (smallest first), returned in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")


class LabelIndex(Generic[T]):
    """Items by (namespace, label key, label value); `select` answers a `matchLabels` selector."""

    def __init__(self, items: Iterable[T], namespace: Callable[[T], str | None],
                 labels: Callable[[T], Mapping[str, str]]) -> None:
        self.items: list[T] = list(items)
        self._by_pair: dict[tuple[str | None, str, str], set[int]] = {}
        for position, item in enumerate(self.items):
            space = namespace(item)
            for key, value in labels(item).items():
                self._by_pair.setdefault((space, str(key), str(value)), set()).add(position)

    def select(self, namespace: str | None, selector: Mapping[str, str]) -> list[T]:
        """The items of `namespace` whose labels include every pair of a non-empty selector."""
        if not selector:
            return []
        sets = sorted((self._by_pair.get((namespace, str(k), str(v)), set())
                       for k, v in selector.items()), key=len)
        chosen = set(sets[0]).intersection(*sets[1:])
        return [self.items[i] for i in sorted(chosen)]
