"""User rule kinds: `kinds: [mypkg.rules:MyKind]` in a trusted config.

Importing a module runs its code, so only a config the user passed with `--config` may name
kinds (the config layer enforces that; a repository's own config never can). The class must
be a `RuleKind` subclass with a name not already taken; every problem is a ValueError
whose text says what is wrong and how to fix it.
"""

from __future__ import annotations

import importlib
import re

from analyzer.engine.kinds import KINDS, RuleKind, register

SPEC = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


def load_kind(spec: str) -> RuleKind:
    """Import `module:Class`, check it is a RuleKind, register and return an instance."""
    if not SPEC.match(spec):
        raise ValueError(f"'{spec[:80]}' must look like package.module:ClassName")
    module_name, class_name = spec.split(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as err:  # noqa: BLE001 - any import failure is the user's to fix
        raise ValueError(f"cannot import module '{module_name}': "
                         f"{type(err).__name__}: {str(err)[:120]}") from None
    cls = getattr(module, class_name, None)
    if cls is None:
        raise ValueError(f"module '{module_name}' has no attribute '{class_name}'")
    if not (isinstance(cls, type) and issubclass(cls, RuleKind)):
        raise ValueError(f"'{spec}' is not a subclass of analyzer.engine.RuleKind")
    for attribute in ("name", "description", "subject_kind", "fields"):
        if not hasattr(cls, attribute):
            raise ValueError(f"'{spec}' does not set the class attribute '{attribute}'")
    try:
        kind = cls()
    except TypeError as err:
        raise ValueError(f"'{spec}' cannot be instantiated: {err}") from None
    existing = KINDS.get(kind.name)
    if existing is not None and type(existing) is not cls:
        raise ValueError(f"'{spec}' uses the kind name '{kind.name}', which is already taken")
    register(kind)
    return kind
