"""What a report needs to know about a rule it shows: its words, not its logic.

The engine's `Rule` holds the kind and parameters; reporters (SARIF rule metadata, JUnit
suites, Markdown remediation) only need the text, so the pipeline copies it here and the
report layer never imports the engine.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from analyzer.model.facts import Severity


class RuleInfo(BaseModel):
    """One evaluated rule as reports describe it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    category: str
    severity: Severity
    pack: str = ""
    rationale: str = ""
    remediation: str = ""
    docs: str = ""
