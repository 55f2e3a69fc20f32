"""The code-extraction enricher: scan every service's source, resolve, merge into the model.

Registered in `analyzer.ingest.enrichers.ENRICHERS` when `analyzer.ingest.code` is imported.
Options are read by name (`jobs`, `cache_dir`, `code`) so any ScanOptions-like object works;
with `code` false only config files are read (what `--no-code` promises: manifests and config).
"""

from __future__ import annotations

from analyzer.ingest.code.cache import open_cache
from analyzer.ingest.code.resolution.merge import merge
from analyzer.ingest.code.resolution.resolve import resolve
from analyzer.ingest.code.scanner import scan_code
from analyzer.ingest.files import Inventory
from analyzer.model import SystemModel


def enrich(model: SystemModel, inventory: Inventory, options: object) -> SystemModel:
    """Add code-derived edges, topics, routes, external endpoints, libraries and diagnostics
    to `model`."""
    cache = open_cache(getattr(options, "cache_dir", None))
    scan = scan_code(model, inventory, cache, jobs=int(getattr(options, "jobs", 0) or 0),
                     progress=getattr(options, "progress", None),
                     config_only=not getattr(options, "code", True))
    model = model.model_copy(update={"libraries": [*model.libraries, *scan.libraries]})
    resolution = resolve(model, scan)
    resolution.diagnostics.extend(scan.diagnostics)
    return merge(model, resolution)
