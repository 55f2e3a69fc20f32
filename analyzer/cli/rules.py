"""`archgov rules list` and `archgov rules explain ID`."""

from __future__ import annotations

from pathlib import Path

import click

from analyzer.cli.app import debug_option, handle_errors, main
from analyzer.cli.common import CWD_CONFIG_HELP, config_option, load_settings
from analyzer.errors import UserError


@main.group()
def rules() -> None:
    """List and explain the built-in and configured rules."""


@rules.command("list")
@config_option(CWD_CONFIG_HELP)
@debug_option
@handle_errors
def rules_list(config):
    """One line per rule: id, severity, title."""
    settings = load_settings(config, [Path.cwd()])
    width = max((len(r.id) for r in settings.rules), default=10)
    for rule in sorted(settings.rules, key=lambda r: r.id):
        state = "" if getattr(rule, "enabled", True) else "  (disabled)"
        click.echo(f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.title}{state}")


@rules.command("explain")
@click.argument("rule_id")
@config_option(CWD_CONFIG_HELP)
@debug_option
@handle_errors
def rules_explain(rule_id, config):
    """Everything about one rule: what it checks, why, parameters and how to fix it."""
    from analyzer.engine import describe_rule

    settings = load_settings(config, [Path.cwd()])
    rule = next((r for r in settings.rules if r.id == rule_id), None)
    if rule is None:
        raise UserError(f"unknown rule '{rule_id}'",
                        f"valid ids: {', '.join(sorted(r.id for r in settings.rules))}")
    click.echo(describe_rule(rule))
