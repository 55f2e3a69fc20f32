"""The SystemModel: the facts every analysis, rule and report reads, and nothing else."""

from analyzer.model.facts import (
    SCHEMA_VERSION,
    CodeLiteralAddress,
    Datastore,
    DatastoreCategory,
    Diagnostic,
    Edge,
    EdgeKind,
    EnvVar,
    Evidence,
    ExternalEndpoint,
    Library,
    Origin,
    Resource,
    RouteFact,
    Service,
    Severity,
    SystemModel,
    Topic,
)
from analyzer.model.findings import Finding, Location
from analyzer.model.metrics import AuditResult, GraphMetrics, ServiceCheck, ServiceMetrics
from analyzer.model.ruleinfo import RuleInfo

__all__ = [
    "SCHEMA_VERSION",
    "AuditResult",
    "CodeLiteralAddress",
    "Datastore",
    "DatastoreCategory",
    "Diagnostic",
    "Edge",
    "EdgeKind",
    "EnvVar",
    "Evidence",
    "ExternalEndpoint",
    "Finding",
    "GraphMetrics",
    "Library",
    "Location",
    "Origin",
    "Resource",
    "RouteFact",
    "RuleInfo",
    "Service",
    "ServiceCheck",
    "ServiceMetrics",
    "Severity",
    "SystemModel",
    "Topic",
]
