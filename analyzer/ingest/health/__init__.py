"""Code health: complexity per function and per file through radon (Python) and lizard.

`python_radon` and `other_lizard` measure one file's text, `enrich` walks the services'
source files. Importing this package registers `enrich` in
`analyzer.ingest.enrichers.ENRICHERS`.
"""

from analyzer.ingest.enrichers import ENRICHERS
from analyzer.ingest.health.enrich import enrich

if enrich not in ENRICHERS:
    ENRICHERS.append(enrich)

__all__ = ["enrich"]
