"""The registry of rule kinds: code with typed params that rule files instantiate."""

from analyzer.engine.kinds.base import EvalContext, Hit, Params, RuleKind, Scope
from analyzer.engine.kinds.coupling import FanIn, FanOut
from analyzer.engine.kinds.dead_code import (DeadCode, OrphanConfig, StaleCode,
                                             UnusedEndpoint, UnusedTopic)
from analyzer.engine.kinds.dependencies import ExternalEndpoint, SharedDatastore
from analyzer.engine.kinds.exclusive import Exclusive
from analyzer.engine.kinds.graph import GraphConstraint
from analyzer.engine.kinds.history import ChangeCoupling, Hotspot
from analyzer.engine.kinds.metric import MetricThreshold
from analyzer.engine.kinds.presence import Presence
from analyzer.engine.kinds.relation import Relation
from analyzer.engine.kinds.resource import ResourceCondition
from analyzer.engine.kinds.runtime import RUNTIME_KINDS
from analyzer.engine.kinds.smells import (HubService, NoGateway, NoResilience, SharedLibrary,
                                          TooManyStandards, UnstableDependency, UnversionedApi)
from analyzer.engine.kinds.structure import ServiceCycle, UnreachableService

KINDS: dict[str, RuleKind] = {
    kind.name: kind
    for kind in sorted((ServiceCycle(), UnreachableService(), FanOut(), FanIn(),
                        SharedDatastore(), ExternalEndpoint(), ChangeCoupling(), Hotspot(),
                        DeadCode(), UnusedTopic(), StaleCode(), OrphanConfig(),
                        UnusedEndpoint())
                       + (GraphConstraint(), MetricThreshold(), NoGateway(), UnversionedApi(),
                          HubService(), TooManyStandards(), SharedLibrary(),
                          UnstableDependency(), NoResilience(), Presence(), Exclusive(),
                          ResourceCondition(), Relation(), *RUNTIME_KINDS),
                       key=lambda k: k.name)
}


def register(kind: RuleKind) -> None:
    """Add a user kind (from a trusted config's `kinds:`); a name already taken is an error."""
    if kind.name in KINDS and type(KINDS[kind.name]) is not type(kind):
        raise ValueError(f"kind name '{kind.name}' is already registered")
    KINDS[kind.name] = kind


__all__ = ["KINDS", "register", "EvalContext", "Hit", "Params", "RuleKind", "Scope"]
