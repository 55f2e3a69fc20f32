"""The `archgov` click group, its error handling and exit codes: every command registers on `main`."""

from __future__ import annotations

import functools
import sys
import traceback

import click

from analyzer import __version__
from analyzer.errors import ExitCode, UserError

EPILOG = """\b
Examples:
  archgov audit fixtures/shop --out out/shop        # full audit, writes report.html & co
  archgov audit deploy/ repos/* --fail-on warning   # a deploy repo plus one repo per service
  archgov graph fixtures/shop --format mermaid      # the service graph as Mermaid
  archgov graph fixtures/shop --format svg --focus cart --depth 1 > cart.svg
  archgov scan fixtures/shop -o facts.json && archgov analyze facts.json --out out/
  archgov audit . --format html,sarif,junit --history audits.sqlite   # a scheduled audit
  archgov audit . --prometheus http://prometheus:9090 --window 7d       # with runtime traffic
  archgov diff --base origin/main > comment.md      # Markdown for a pull-request comment
  archgov readiness fixtures/shop --min-score 80    # the deploy-readiness scorecard
  archgov baseline create . -o archgov-baseline.json && archgov audit . --baseline archgov-baseline.json
  archgov rules list && archgov rules explain no-service-cycles

\b
Exit codes: 0 gate passed, 1 gate failed (findings at or above --fail-on),
            2 usage or input error, 3 internal error (a bug: please report it).
"""


def debug_option(f):
    return click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")(f)


def handle_errors(func):
    """Turn UserError into one line + exit 2, and any other failure into exit 3 without a traceback."""

    @functools.wraps(func)
    def wrapper(*args, debug: bool = False, **kwargs):
        try:
            return func(*args, **kwargs)
        except UserError as err:
            if debug:
                traceback.print_exc()
            click.echo(f"archgov: error: {err.render()}", err=True)
            sys.exit(ExitCode.USAGE)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as err:  # noqa: BLE001 - the one place that reports internal errors
            if debug:
                traceback.print_exc()
            click.echo(f"archgov: internal error: {type(err).__name__}: {err} "
                       "(rerun with --debug for the traceback)", err=True)
            sys.exit(ExitCode.INTERNAL)

    return wrapper


MAX_SHOWN_CHARS = 300  # of one usage-error line; the rest is the user's own argv echoed back
MAX_CONFIG_ERRORS = 50  # printed lines; a hostile config could hold a million mistakes


class ArchgovGroup(click.Group):
    """The root group: every usage error is one line `archgov: error: what (see --help)`.

    Click's own handling prints a usage block and `Error: ...` over four lines; here its
    exceptions are caught instead (standalone_mode=False) and reworded.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.ctx.get_help())  # `archgov` or `archgov rules` alone: the help
            sys.exit(ExitCode.USAGE)
        except click.ClickException as err:
            click.echo(f"archgov: error: {usage_line(err)}", err=True)
            sys.exit(ExitCode.USAGE)
        except click.exceptions.Abort:
            click.echo("archgov: error: interrupted", err=True)
            sys.exit(ExitCode.USAGE)
        sys.exit(result if isinstance(result, int) else ExitCode.OK)


def usage_line(err: click.ClickException) -> str:
    """Click's message on one line, lower-case first, with the help command as the fix."""
    text = " ".join(err.format_message().split()).rstrip(".")
    text = (text[:1].lower() + text[1:]).replace(". Did you mean", "; did you mean")
    if len(text) > MAX_SHOWN_CHARS:
        text = text[:MAX_SHOWN_CHARS - 3] + "..."
    ctx = getattr(err, "ctx", None)
    names = []
    while ctx is not None and ctx.parent is not None:
        names.insert(0, ctx.info_name)
        ctx = ctx.parent
    return f"{text} (see `{' '.join(['archgov', *names, '--help'])}`)"


def not_empty(ctx, param, value):
    """Click callback: an empty string for a path option is a mistake, never "here"."""
    if value is not None and not str(value).strip():
        raise click.BadParameter("must not be empty; pass a path", ctx=ctx, param=param)
    return value


@click.group(cls=ArchgovGroup, epilog=EPILOG,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archgov")
def main() -> None:
    """archgov: architecture governance for microservice systems.

    Reads git repositories, Docker/compose and Kubernetes manifests, builds the service
    dependency graph with evidence for every edge, flags cycles, coupling, orphans and
    hard-coded endpoints, and writes HTML, Graphviz and JSON reports.
    """
