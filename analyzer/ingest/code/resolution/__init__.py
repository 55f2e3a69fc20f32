"""Turning per-file code facts into model facts: names to nodes, cross-file bindings, edges, topics, routes."""
