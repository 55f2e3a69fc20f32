"""Static extraction of service calls, routes, RPC and messaging from source code and config.

Pipeline: `scanner` (which files, cached and parallel extraction by language module via
`registry`; config files and config-server repositories via `configfiles`/`configrepo`) ->
`resolve` (parameter calls joined with other files' argument bindings in `bindings`;
env/config/discovery/RPC names -> nodes, through `context` and `directory`; links
stated by config files in `configlinks`) -> `merge` (into the manifest model). Importing this
package registers `enrich` in `analyzer.ingest.enrichers.ENRICHERS`.
"""

from analyzer.ingest.code.enrich import enrich
from analyzer.ingest.enrichers import ENRICHERS

if enrich not in ENRICHERS:
    ENRICHERS.append(enrich)

__all__ = ["enrich"]
