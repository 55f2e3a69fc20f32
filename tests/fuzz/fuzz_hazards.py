"""YAML helpers and the hostile inputs of crashes known and being fixed elsewhere: nesting
hundreds to thousands deep, billion laughs, `!!binary` values. Used with `hazards=True`."""

from __future__ import annotations

from functools import cache

import yaml
from hypothesis import strategies as st


def dump_yaml(documents: list) -> str:
    """Documents as YAML; a value reused twice becomes an anchor and an alias."""
    return yaml.safe_dump_all(documents, allow_unicode=True, sort_keys=False, width=200)


# -- hazards (crashes known and being fixed elsewhere) ------------------------------------


@cache
def deep_yaml() -> st.SearchStrategy[str]:
    """Nesting hundreds to thousands deep, flow or block style."""
    def build(depth: int, flow: bool) -> str:
        if flow:
            return "a: " + "[" * depth + "]" * depth + "\n"
        return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "x\n"
    return st.builds(build, st.integers(200, 3000), st.booleans())


@cache
def deep_json() -> st.SearchStrategy[str]:
    return st.builds(lambda d, key: ('{"%s":' % key) * d + "1" + "}" * d,
                     st.integers(900, 5000), st.sampled_from(("a", "Services", "ConnectionStrings")))


@cache
def billion_laughs(min_levels: int = 5) -> st.SearchStrategy[str]:
    def build(levels: int, width: int) -> str:
        lines = ['l0: &l0 "' + "lol" * 3 + '"']
        for i in range(1, levels):
            lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
        return "\n".join(lines) + f"\nspring:\n  datasource:\n    url: *l{levels - 1}\n"
    return st.builds(build, st.integers(min_levels, 9), st.integers(9, 10))


@cache
def hazard_yaml() -> st.SearchStrategy[str]:
    return st.one_of(deep_yaml(), billion_laughs(),
                     st.binary(min_size=1, max_size=64).map(
                         lambda b: dump_yaml([{"services": {"web": {"image": b, "environment":
                                                                    {"K": b}}}}])))
