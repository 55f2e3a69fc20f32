"""A rule instance: the data of one `rules/<id>.yaml` file, after overrides.

Rules are data, rule kinds are code (kube-linter's checks and templates): a rule names a
registered kind, fills its parameters and says, in words, why it matters and how to fix it.
"""

from __future__ import annotations

import string
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from analyzer.engine.errors import KEBAB_CASE
from analyzer.model import Severity

RULE_ID_PATTERN = KEBAB_CASE


class RuleSpec(BaseModel):
    """The fields a rule file may hold; unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=RULE_ID_PATTERN)
    title: str = Field(min_length=1)
    category: str = Field(pattern=RULE_ID_PATTERN)
    severity: Severity
    kind: str = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)
    message: str = Field(min_length=1)
    rationale: str = Field(min_length=1)
    remediation: str = Field(min_length=1)
    docs: str = ""
    enabled: bool = True

    @field_validator("remediation")
    @classmethod
    def _ends_with_period(cls, value: str) -> str:
        if not value.rstrip().endswith("."):
            raise ValueError("must end with a period")
        return value.strip()

    @field_validator("message")
    @classmethod
    def _valid_template(cls, value: str) -> str:
        try:
            template_fields(value)
        except ValueError as err:
            raise ValueError(f"not a valid format template: {err}") from None
        return value


class Rule(RuleSpec):
    """A loaded rule: its spec with params completed by the kind's defaults, and its origin."""

    source: str | None = None

    def format_message(self, fields: dict[str, Any]) -> str:
        return self.message.format(**fields)


def template_fields(template: str) -> set[str]:
    """The replacement field names of a str.format template ("{service}" -> {"service"})."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            if not name or name.isdigit():
                raise ValueError("positional fields are not allowed; name every field")
            names.add(name.split(".")[0].split("[")[0])
    return names
