"""Change history from git: one `git log --numstat` stream per repository, folded into facts.

`gitlog` runs git read-only and parses its stream, `reader` folds one repository's commits
(bots, dependency-only and large commits, renames), `enrich` finds the repositories of a
scan and adds the facts. Importing this package registers `enrich` in
`analyzer.ingest.enrichers.ENRICHERS`.
"""

from analyzer.ingest.enrichers import ENRICHERS
from analyzer.ingest.history.enrich import enrich

if enrich not in ENRICHERS:
    ENRICHERS.append(enrich)

__all__ = ["enrich"]
