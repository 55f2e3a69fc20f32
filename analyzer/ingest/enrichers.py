"""The registry of model enrichers run after manifests are assembled (code extraction adds itself).

An enricher takes the assembled model, the file inventory and the options, and returns a new
model; `scan` runs them in list order. With `ScanOptions.code` false an enricher reads only
what is not source code (config files).
"""

from __future__ import annotations

from collections.abc import Callable

from analyzer.ingest.files import Inventory
from analyzer.ingest.options import ScanOptions
from analyzer.model import SystemModel

Enricher = Callable[[SystemModel, Inventory, ScanOptions], SystemModel]

ENRICHERS: list[Enricher] = []
