"""Apply inline suppressions: `# archgov:ignore=<rule-id> <reason>` comments and
`archgov.dev/ignore-<rule-id>: "<reason>"` annotations, recorded by
`ingest.suppressions` as Resources of kind `ArchgovSuppression`.

A suppression covers a finding of its rule in the same file whose location is the comment's
own line or the object line it stands above (`facts.target_line`), or, for an annotation,
whose subject names the annotated object. A suppression without a reason suppresses
nothing and is itself a finding (`suppression-without-reason`): every exception needs a why.
"""

from __future__ import annotations

from analyzer.model import Finding, Location, Resource, Severity

INLINE_KIND = "ArchgovSuppression"
NO_REASON = "suppression-without-reason"


def index_marks(marks: list[Resource]) -> dict[tuple[str, str], list[Resource]]:
    """Suppressions by (rule id, file), so matching stays linear in findings."""
    index: dict[tuple[str, str], list[Resource]] = {}
    for mark in marks:
        index.setdefault((mark.name, mark.file), []).append(mark)
    return index


def inline_match(marks: dict[tuple[str, str], list[Resource]], finding: Finding
                 ) -> Resource | None:
    """The first suppression (sorted) that covers `finding`, or None."""
    for mark in marks.get((finding.rule_id, finding.location.file or ""), ()):
        lines = {mark.line, mark.facts.get("target_line")}
        target = mark.facts.get("object")
        if finding.location.line in lines or (
                isinstance(target, str) and target and target in finding.subject.split("/")):
            return mark
    return None


def inline_findings(marks: list[Resource]) -> list[Finding]:
    """One finding per suppression that gives no reason."""
    out = []
    for mark in marks:
        if mark.facts.get("reason"):
            continue
        subject = f"{mark.file}:{mark.line}"
        out.append(Finding(
            rule_id=NO_REASON, severity=Severity.WARNING, subject=subject, subject_kind="file",
            message=f"the suppression of {mark.name} gives no reason; write why after the "
                    "rule id (`# archgov:ignore=<rule-id> <reason>`)",
            location=Location(file=mark.file, line=mark.line),
            fingerprint=Finding.make_fingerprint(NO_REASON, f"{mark.file}\x00{mark.name}")))
    return out
