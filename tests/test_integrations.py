"""The CI examples and pre-commit hooks users copy: valid YAML whose archgov commands exist.

Every `archgov <command> ...` in docs/integrations/ and .pre-commit-hooks.yaml is parsed
against the real click commands, so renaming an option cannot silently break a pipeline.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import yaml

from analyzer.cli import main
from analyzer.report import REPORTERS

REPO = Path(__file__).resolve().parents[1]
FILES = [REPO / "docs" / "integrations" / "github-actions.yml",
         REPO / "docs" / "integrations" / "gitlab-ci.yml", REPO / ".pre-commit-hooks.yaml"]
_COMMAND = re.compile(r"\barchgov ([a-z]+)\b([^\n|;)&>]*)")


_SHELL_KEYS = {"run", "script", "before_script", "after_script", "entry"}


def _strings(node, shell: bool = False) -> list[str]:
    """The shell command texts: values of run/script/entry keys."""
    if isinstance(node, str):
        return [node] if shell else []
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in _strings(value, shell or key in _SHELL_KEYS)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value, shell)]
    return []


def _invocations(path: Path) -> list[tuple[str, list[str]]]:
    found = []
    for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
        for name, rest in _COMMAND.findall(text.replace("\\\n", " ")):
            found.append((name, shlex.split(rest.replace("${{", "'").replace("}}", "'"))))
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_archgov_command_and_option_exists(path):
    invocations = _invocations(path)
    assert invocations, f"{path.name} runs no archgov command"
    for name, args in invocations:
        command = main.commands.get(name)
        assert isinstance(command, click.Command), f"{path.name}: archgov {name}: no such command"
        options = {opt for param in command.params for opt in param.opts}
        for arg in args:
            if arg.startswith("-"):
                assert arg.split("=")[0] in options, f"{path.name}: archgov {name} {arg}: no such option"
        if "--format" in args and name == "audit":
            formats = args[args.index("--format") + 1].split(",")
            assert set(formats) <= set(REPORTERS), f"{path.name}: unknown format in {formats}"


def test_the_workflows_cover_each_way_of_using_archgov():
    github = (REPO / "docs" / "integrations" / "github-actions.yml").read_text(encoding="utf-8")
    gitlab = (REPO / "docs" / "integrations" / "gitlab-ci.yml").read_text(encoding="utf-8")
    for needle in ("schedule", "upload-sarif", "archgov-history", "<!-- archgov -->",
                   "updateComment", "--history"):
        assert needle in github, needle
    for needle in ("junit: archgov-report/junit.xml", "merge_request_event", "<!-- archgov -->",
                   "PUT", "--history"):
        assert needle in gitlab, needle


def test_pre_commit_hooks_are_well_formed():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["archgov-diff", "archgov-audit"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["pass_filenames"] is False
        re.compile(hook.get("files", ""))
