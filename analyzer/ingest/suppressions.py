"""Record inline suppressions as facts; the engine decides what they suppress.

Two forms, in the manifests archgov reads (YAML files and Dockerfiles):

- a comment `# archgov:ignore=<rule-id> <reason>` at the end of an object's line or on the
  line(s) above it: recorded with the comment's line and `target_line`, the next line that
  is neither blank nor a comment (the comment's own line when it trails code);
- a Kubernetes annotation `archgov.dev/ignore-<rule-id>: "<reason>"` (the shape of
  kube-linter's `ignore-check.kube-linter.io/<check>`): recorded with the object's name
  (`object`) and first line (`target_line`).

Each becomes a `Resource(kind="ArchgovSuppression", name=<rule-id>, file, line,
facts={reason, target_line, form, object})`; a missing reason is recorded as "" (the engine
turns it into a finding). Reasons are masked and capped; at most MAX_SUPPRESSIONS are kept.
Only lines holding the marker are parsed, with anchored, linear regular expressions.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.enrichers import ENRICHERS
from analyzer.ingest.files import Inventory, SourceFile, read_text
from analyzer.ingest.manifests.dockerfile import is_dockerfile
from analyzer.ingest.options import ScanOptions
from analyzer.ingest.secrets import mask_text
from analyzer.ingest.yamlsafe import load_yaml
from analyzer.model import Diagnostic, Resource, Severity, SystemModel

KIND = "ArchgovSuppression"
COMMENT_MARK = "archgov:ignore="
ANNOTATION_PREFIX = "archgov.dev/ignore-"
MAX_SUPPRESSIONS = 10_000
MAX_REASON_CHARS = 300
_COMMENT = re.compile(r"#\s*archgov:ignore=([a-z0-9][a-z0-9-]{0,99})(?:[ \t]+([^\r\n]*))?$")
_YAML_SUFFIXES = (".yml", ".yaml")


def enrich(model: SystemModel, inventory: Inventory, options: ScanOptions) -> SystemModel:
    """The model with one ArchgovSuppression Resource per suppression found."""
    found: list[Resource] = []
    for source in inventory.files:
        is_yaml = source.name.lower().endswith(_YAML_SUFFIXES)
        if not (is_yaml or is_dockerfile(source.name)):
            continue
        text, _ = read_text(source)  # an unreadable file is already a manifest diagnostic
        if text is None or ("archgov:ignore" not in text and ANNOTATION_PREFIX not in text):
            continue
        found += comment_suppressions(source.rel, text)
        if is_yaml and ANNOTATION_PREFIX in text:
            found += annotation_suppressions(source, text)
    diagnostics = []
    if len(found) > MAX_SUPPRESSIONS:
        diagnostics.append(Diagnostic(
            severity=Severity.WARNING, code="too-many-suppressions",
            message=f"more than {MAX_SUPPRESSIONS} inline suppressions; the rest were ignored"))
        found = found[:MAX_SUPPRESSIONS]
    if not found and not diagnostics:
        return model
    return model.model_copy(update={"resources": model.resources + found,
                                    "diagnostics": model.diagnostics + diagnostics})


def comment_suppressions(file: str, text: str) -> list[Resource]:
    """`# archgov:ignore=<rule> <reason>` comments of one file."""
    lines = text.splitlines()
    out = []
    for index, line in enumerate(lines):
        if COMMENT_MARK not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        before = line[:match.start()].strip()
        target = index + 1 if before else _next_code_line(lines, index)
        out.append(_resource(match.group(1), file, index + 1, match.group(2), target, "comment"))
    return out


def annotation_suppressions(source: SourceFile, text: str) -> list[Resource]:
    """`archgov.dev/ignore-<rule>` annotations of the Kubernetes objects of one YAML file."""
    documents, _ = load_yaml(text, source.rel)  # a malformed file is already a diagnostic
    out = []
    for document in documents:
        metadata = document.data.get("metadata") if isinstance(document.data, dict) else None
        annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
        if not isinstance(annotations, dict):
            continue
        name = metadata.get("name") if isinstance(metadata.get("name"), str) else ""
        for key in sorted(k for k in annotations if isinstance(k, str)):
            rule = key.removeprefix(ANNOTATION_PREFIX)
            if not key.startswith(ANNOTATION_PREFIX) or not re.fullmatch(r"[a-z0-9-]{1,100}", rule):
                continue
            line = getattr(annotations, "key_lines", {}).get(key, document.line)
            out.append(_resource(rule, source.rel, line, _text(annotations[key]),
                                 document.line, "annotation", name[:200]))
    return out


def _next_code_line(lines: list[str], index: int) -> int:
    for later in range(index + 1, len(lines)):
        stripped = lines[later].strip()
        if stripped and not stripped.startswith("#"):
            return later + 1
    return index + 1


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _resource(rule: str, file: str, line: int, reason: str | None, target: int, form: str,
              obj: str = "") -> Resource:
    shown = mask_text((reason or "").strip().strip("\"'").strip())[:MAX_REASON_CHARS]
    return Resource(kind=KIND, name=rule, file=file, line=line,
                    facts={"form": form, "object": obj, "reason": shown, "target_line": target})


if enrich not in ENRICHERS:
    ENRICHERS.append(enrich)
