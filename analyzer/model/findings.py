"""Findings: what a rule judged, about which subject, where, and a fingerprint that survives line moves."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field

from analyzer.model.facts import Evidence, Severity


class Location(BaseModel):
    """Where a finding points in the scanned input."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str | None = None
    line: int | None = None


class Finding(BaseModel):
    """One rule verdict about one subject (service id, `a -> b` edge, resource or file)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    severity: Severity
    subject: str
    subject_kind: str
    message: str
    location: Location = Field(default_factory=Location)
    evidence: list[Evidence] = Field(default_factory=list)
    fingerprint: str = ""

    @staticmethod
    def make_fingerprint(rule_id: str, subject: str, salt: str = "") -> str:
        """Stable identity: rule, subject and a line-free salt, never a line number."""
        digest = hashlib.sha256(f"{rule_id}\x00{subject}\x00{salt}".encode()).hexdigest()
        return digest[:16]

    def sort_key(self) -> tuple:
        return (-self.severity.rank, self.rule_id, self.subject, self.fingerprint)
