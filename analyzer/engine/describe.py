"""Plain-text and Markdown descriptions of rules, generated from the rules and the kinds.

`archgov rules explain ID` prints `describe_rule`; docs/rules.md is `rules_markdown` of the
built-in rules, so the docs can never drift from the registry.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

from analyzer.engine.errors import expected_text
from analyzer.engine.kinds import KINDS
from analyzer.engine.rule import Rule


@dataclass(frozen=True)
class ParamDoc:
    """One parameter of a rule: its value, the kind's default, what it accepts and means."""

    name: str
    value: Any
    default: Any
    accepts: str
    description: str


def describe_rule(rule: Rule) -> str:
    """Everything about one rule, as plain text for a terminal."""
    status = "" if rule.enabled else " (disabled)"
    lines = [
        f"{rule.id}: {rule.title}{status}",
        f"  severity: {rule.severity.value}",
        f"  category: {rule.category}",
        f"  kind:     {rule.kind} - {KINDS[rule.kind].description}",
    ]
    params = param_docs(rule)
    if params:
        lines.append("  params:")
        for p in params:
            lines.append(f"    {p.name} = {_show(p.value)}  (default {_show(p.default)}; "
                         f"{p.accepts}) {p.description}".rstrip())
    for title, text in (("rationale", rule.rationale), ("remediation", rule.remediation),
                        ("docs", rule.docs)):
        if text.strip():
            lines.append(f"  {title}:")
            lines.extend(textwrap.indent(textwrap.fill(part, 86), "    ")
                         for part in text.strip().split("\n\n"))
    if rule.source:
        lines.append(f"  defined in: {rule.source}")
    return "\n".join(lines) + "\n"


def param_docs(rule: Rule) -> list[ParamDoc]:
    """The rule's params in declaration order, with the kind's defaults."""
    model = KINDS[rule.kind].Params
    defaults = model().model_dump(mode="json")  # every kind param has a default (meta-tested)
    return [ParamDoc(name=name, value=rule.params.get(name), default=defaults[name],
                     accepts=expected_text(info.annotation, info.metadata) or "any value",
                     description=info.description or "")
            for name, info in model.model_fields.items()]


def rules_markdown(rules: list[Rule]) -> str:
    """The reference page of `rules` (docs/rules.md): grouped by pack, sorted by id, then the
    kinds a user pack can instantiate."""
    out = ["# Rules", "", "Generated from `rules/<pack>/*.yaml` and the rule kinds; do not edit "
           "by hand (`python -m analyzer.engine.docs > docs/rules.md`).", ""]
    packs = sorted({r.pack for r in rules})
    out += [f"- [{pack}](#pack-{pack}): {sum(r.pack == pack for r in rules)} rules"
            for pack in packs]
    for pack in packs:
        mine = sorted((r for r in rules if r.pack == pack), key=lambda r: r.id)
        out += ["", f"## Pack `{pack}`", "",
                "| id | severity | category | title |", "|---|---|---|---|"]
        out += [f"| [`{r.id}`](#{r.id}) | {r.severity.value} | {r.category} | {r.title} |"
                for r in mine]
        for rule in mine:
            out += _rule_section(rule)
    out += ["", "## Findings of the engine itself", "",
            "- `expired-ignore` (warning): an `ignores:` entry whose `expires` date has passed; "
            "it no longer suppresses anything.",
            "- `suppression-without-reason` (warning): an inline `# archgov:ignore=<rule-id>` "
            "comment or `archgov.dev/ignore-<rule-id>` annotation with no reason; it "
            "suppresses nothing.",
            "- `stale-ignore` (diagnostic): an `ignores:` entry that matched no finding.",
            "", "## Rule kinds", "",
            "A rule file names one of these kinds and fills its params.", "",
            "| kind | subject | what it finds |", "|---|---|---|"]
    out += [f"| `{k.name}` | {k.subject_kind} | {k.description} |"
            for k in sorted(KINDS.values(), key=lambda k: k.name)]
    return "\n".join(out) + "\n"


def _rule_section(rule: Rule) -> list[str]:
    out = ["", f"### {rule.id}", "", f"**{rule.title}** — severity `{rule.severity.value}`, "
           f"category `{rule.category}`, kind `{rule.kind}`.", "", rule.rationale.strip(),
           "", f"**Remediation.** {rule.remediation.strip()}"]
    if rule.docs.strip():
        out += ["", rule.docs.strip()]
    params = param_docs(rule)
    if params:
        out += ["", "| param | value | accepts | meaning |", "|---|---|---|---|"]
        out += [f"| `{p.name}` | `{_show(p.value)}` | {p.accepts} | {p.description} |"
                for p in params]
    return out


def _show(value: Any) -> str:
    return json.dumps(value)
