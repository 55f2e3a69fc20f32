"""Dead code per service: the names a service's Python files define and none of them uses.

`python_dead` gives each file's defined and used names; here they are compared across all
files of one service, which is what `vulture <service folder>` does: a name is used when any
file of the service uses it. Like vulture, the names used by its bundled stdlib whitelists
(argparse, ast, collections, ...) count as used when the service imports that module. A
service's files may be in several folders; each service is decided alone, so a name used
only by another service's code is still dead in this one (services do not import each other).
"""

from __future__ import annotations

import pkgutil
from collections.abc import Iterable
from functools import lru_cache

from vulture import core as vulture_core

from analyzer.model.history import DeadCode

FileDead = tuple[str, str | None, dict]  # (file, service, {"defined": [...], "used": [...]})


def dead_code(files: Iterable[FileDead]) -> list[DeadCode]:
    """Every defined name no file of its service uses, sorted by file and line."""
    by_service: dict[str | None, list[tuple[str, dict]]] = {}
    for rel, service, dead in files:
        by_service.setdefault(service, []).append((rel, dead))
    found: list[DeadCode] = []
    for service, members in by_service.items():
        used: set[str] = set()
        imports: set[str] = set()
        for _rel, dead in members:
            used.update(dead["used"])
            imports.update(name for name, kind, *_ in dead["defined"] if kind == "import")
        for module in imports:
            used |= _whitelist_names(module)
        for rel, dead in members:
            found.extend(DeadCode(file=rel, service=service, name=name, kind=kind, line=line,
                                  last_line=last, confidence=confidence)
                         for name, kind, line, last, confidence in dead["defined"]
                         if kind == "unreachable_code" or name not in used)
    return sorted(found, key=DeadCode.sort_key)


@lru_cache(maxsize=256)
def _whitelist_names(module: str) -> frozenset[str]:
    """The names vulture's bundled whitelist for `module` uses (empty when it has none)."""
    if not module.isidentifier():
        return frozenset()
    try:
        data = pkgutil.get_data("vulture", f"whitelists/{module}_whitelist.py")
    except OSError:
        return frozenset()
    if data is None:
        return frozenset()
    visitor = vulture_core.Vulture()
    visitor.scan(data.decode("utf-8"), f"{module}_whitelist.py")  # vulture's file, not input
    return frozenset(visitor.used_names)
