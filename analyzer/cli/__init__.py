"""The `archgov` command line: parse, call the pipeline, print, exit. Nothing else lives here.

`app` holds the click group and its error handling, `common` the shared options; each command
family is one module that registers on `main` when imported here.
"""

from analyzer.cli import (audit, baseline, diff, graph, history, prometheus,  # noqa: F401
                         readiness, rules)  # each registers its commands
from analyzer.cli.app import main

__all__ = ["main"]
