"""Analyses: pure functions deriving graphs and metrics from a SystemModel (no I/O)."""

from analyzer.analysis.graph import build_graph, service_graph
from analyzer.analysis.metrics import compute_metrics

__all__ = ["build_graph", "compute_metrics", "service_graph"]
