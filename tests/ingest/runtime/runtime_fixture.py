"""Load fixtures/shop/runtime/<name>.py (the metrics writer, the Prometheus runner) as a module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

RUNTIME_FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "shop" / "runtime"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"shop_runtime_{name}",
                                                  RUNTIME_FIXTURE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
