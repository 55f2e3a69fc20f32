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
    Origin,
    Resource,
    RouteFact,
    Service,
    Severity,
    SystemModel,
    Topic,
)
from analyzer.model.findings import Finding, Location
from analyzer.model.metrics import AuditResult, GraphMetrics, ServiceMetrics

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
    "Location",
    "Origin",
    "Resource",
    "RouteFact",
    "Service",
    "ServiceMetrics",
    "Severity",
    "SystemModel",
    "Topic",
]
