"""Ingestion: read the scanned roots into one SystemModel.

`scan` is the table of contents: discover files safely, read the manifests (compose,
Kubernetes, Dockerfiles), assemble services, datastores and edges, then let the registered
enrichers (code extraction) add what the source code says; last, every text that came from a
scanned file is masked once more (`redact`), so no output can print a credential.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from analyzer.ingest.assemble import assemble, fold_depends_on
from analyzer.ingest.files import discover
from analyzer.ingest.manifests.route import read_manifests
from analyzer.ingest.options import ScanOptions
from analyzer.ingest.redact import redact
from analyzer.model import SystemModel

LOOKED_FOR = ("docker-compose files (docker-compose*.yml, compose*.yaml), Kubernetes workload "
              "manifests (Deployment, StatefulSet, DaemonSet, Job, CronJob in .yml/.yaml files) "
              "Dockerfiles (Dockerfile, *.Dockerfile, Containerfile) and .NET Aspire AppHosts "
              "(Program.cs calling DistributedApplication.CreateBuilder)")

__all__ = ["LOOKED_FOR", "ScanOptions", "scan"]


def scan(roots: list[Path], options: ScanOptions = ScanOptions()) -> SystemModel:
    """Read `roots` into a normalized SystemModel; bad input becomes diagnostics."""
    inventory = discover(roots, options.exclude_dirs)
    manifests = read_manifests(inventory)
    model = assemble(roots, inventory, manifests, options)
    enrichers = importlib.import_module("analyzer.ingest.enrichers")
    importlib.import_module("analyzer.ingest.code")  # registers its enrichers on import
    importlib.import_module("analyzer.ingest.history")
    importlib.import_module("analyzer.ingest.health")
    importlib.import_module("analyzer.ingest.suppressions")
    importlib.import_module("analyzer.ingest.platform.enrich")  # gateways, monitoring, CI, ...
    for enrich in enrichers.ENRICHERS:  # with options.code false they read config files only
        model = enrich(model, inventory, options)
    model = fold_depends_on(model)
    return redact(model).normalized()
