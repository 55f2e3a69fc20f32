"""A rule instance: the data of one `rules/<pack>/<id>.yaml` file, after overrides.

Rules are data, rule kinds are code (kube-linter's checks and templates): a rule names a
registered kind, fills its parameters and says, in words, why it matters and how to fix it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from analyzer.engine.errors import KEBAB_CASE
from analyzer.engine.template import MAX_TEMPLATE_CHARS, check_template, render, template_fields
from analyzer.model import Severity

RULE_ID_PATTERN = KEBAB_CASE
MAX_NAME_CHARS = 100  # ids and categories
MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 10_000  # rationale, remediation, docs: shown in reports, so bounded

__all__ = ["Rule", "RuleSpec", "template_fields"]


class RuleSpec(BaseModel):
    """The fields a rule file may hold; unknown fields are errors, every text is bounded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=RULE_ID_PATTERN, max_length=MAX_NAME_CHARS)
    title: str = Field(min_length=1, max_length=MAX_TITLE_CHARS)
    category: str = Field(pattern=RULE_ID_PATTERN, max_length=MAX_NAME_CHARS)
    severity: Severity
    kind: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    params: dict[str, Any] = Field(default_factory=dict)
    message: str = Field(min_length=1, max_length=MAX_TEMPLATE_CHARS)
    rationale: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    remediation: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    docs: str = Field("", max_length=MAX_TEXT_CHARS)
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
        problems = check_template(value)
        if problems:
            raise ValueError("; ".join(problems))
        return value


class Rule(RuleSpec):
    """A loaded rule: its spec with params completed by the kind's defaults, its file and its
    pack (the folder it was read from: `smells`, `readiness`, or a user pack's name)."""

    source: str | None = None
    pack: str = ""

    def format_message(self, fields: dict[str, Any]) -> str:
        """The message filled with a hit's fields, capped (see `engine.template`)."""
        return render(self.message, fields)

