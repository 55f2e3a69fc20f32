"""The registry of rule kinds: code with typed params that rule files instantiate."""

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope
from analyzer.engine.kinds.coupling import FanIn, FanOut
from analyzer.engine.kinds.dependencies import ExternalEndpoint, SharedDatastore
from analyzer.engine.kinds.history import ChangeCoupling, Hotspot
from analyzer.engine.kinds.runtime import RUNTIME_KINDS
from analyzer.engine.kinds.structure import ServiceCycle, UnreachableService

KINDS: dict[str, RuleKind] = {
    kind.name: kind
    for kind in sorted((ServiceCycle(), UnreachableService(), FanOut(), FanIn(),
                        SharedDatastore(), ExternalEndpoint(), ChangeCoupling(), Hotspot(),
                        *RUNTIME_KINDS), key=lambda k: k.name)
}

__all__ = ["KINDS", "EvalContext", "Hit", "Params", "RuleKind", "Scope"]
