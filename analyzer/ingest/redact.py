"""The last step of a scan: every text of the model that came from a scanned file, masked.

Readers mask what they record (`secrets.mask_value` / `mask_text`); this pass applies the
same rules once more to every free text of the assembled SystemModel (evidence details, env
values, diagnostic messages, the string facts of resources), so no reader, present or future,
and no output format can print a credential. Ids, hosts, names and paths are left alone:
edges and rules key on them, and they never carry a credential (user-info is not a host).
Masking is idempotent, so text masked at its source passes through unchanged; only the parts
of the model that change are copied.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.secrets import MASK, mask_text, mask_value
from analyzer.model import Diagnostic, EnvVar, Evidence, Resource, SystemModel


def redact(model: SystemModel) -> SystemModel:
    """`model` with every credential-bearing text masked (see the module docstring)."""
    update = {
        "services": [s.model_copy(update={"declared_in": _evidence(s.declared_in),
                                          "env": [_env(v) for v in s.env]})
                     for s in model.services],
        "datastores": [d.model_copy(update={"declared_in": _evidence(d.declared_in)})
                       for d in model.datastores],
        "topics": [t.model_copy(update={"declared_in": _evidence(t.declared_in)})
                   for t in model.topics],
        "edges": [e.model_copy(update={"evidence": _evidence(e.evidence)}) for e in model.edges],
        "external_endpoints": [x.model_copy(update={"evidence": _one(x.evidence)})
                               for x in model.external_endpoints],
        "literal_addresses": [x.model_copy(update={"evidence": _one(x.evidence)})
                              for x in model.literal_addresses],
        "resources": [_resource(r) for r in model.resources],
        "diagnostics": [_diagnostic(d) for d in model.diagnostics],
    }
    return model.model_copy(update=update)


def _one(evidence: Evidence) -> Evidence:
    detail = mask_text(evidence.detail)
    return evidence if detail == evidence.detail else evidence.model_copy(update={"detail": detail})


def _evidence(items: list[Evidence]) -> list[Evidence]:
    return [_one(e) for e in items]


def _env(var: EnvVar) -> EnvVar:
    value = mask_value(var.key, var.value)
    evidence = _one(var.evidence) if var.evidence is not None else None
    if value == var.value and evidence is var.evidence:
        return var
    return var.model_copy(update={"value": value, "evidence": evidence,
                                  "masked": var.masked or value == MASK})


def _diagnostic(diagnostic: Diagnostic) -> Diagnostic:
    message = mask_text(diagnostic.message)
    return diagnostic if message == diagnostic.message else \
        diagnostic.model_copy(update={"message": message})


def _resource(resource: Resource) -> Resource:
    facts = _facts(resource.facts)
    return resource if facts == resource.facts else resource.model_copy(update={"facts": facts})


def _facts(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        out = {k: _facts(v) for k, v in value.items()}
        if isinstance(value.get("name"), str) and isinstance(value.get("value"), str):
            out["value"] = mask_value(value["name"], value["value"])  # an env entry
        return out
    if isinstance(value, list):
        return [_facts(v) for v in value]
    return value
