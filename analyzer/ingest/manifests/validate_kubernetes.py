"""Validate Kubernetes objects against the OpenAPI schemas of one Kubernetes version, as shipped
by the `kubernetes-validate` package (strict: unknown fields are errors).

kubernetes-validate's own `validate()` reads and compiles the 1.5 MB definitions file on every
call; here a validator is compiled once per (version, kind, apiVersion) and the definitions
once per version, so validating thousands of objects stays fast. Kinds without a schema (CRDs
such as Rollout or VirtualService) are skipped quietly; references to objects that do not
exist are judged by `relation` rules, not here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import jsonschema
import kubernetes_validate.utils as kv
from referencing import Registry, Resource

from analyzer.ingest.manifests.k8s_objects import K8sObject, collect_objects
from analyzer.ingest.manifests.schema_errors import json_shaped, schema_diagnostics
from analyzer.ingest.yamlsafe import YamlDocument
from analyzer.model import Diagnostic

DEFAULT_KUBERNETES_VERSION = "1.30"
_API_GROUP = re.compile(r"^([^./]*)(?:\.[^/]*)?/")


def validate_kubernetes_files(files: list[tuple[str, list[YamlDocument]]],
                              version: str = DEFAULT_KUBERNETES_VERSION) -> list[Diagnostic]:
    """`validate_objects` over every object of the Kubernetes files' documents."""
    return validate_objects([o for label, docs in files for o in collect_objects(label, docs)],
                            version)


def validate_objects(objects: list[K8sObject],
                     version: str = DEFAULT_KUBERNETES_VERSION) -> list[Diagnostic]:
    """`k8s-schema` warnings for every object that its Kubernetes version's schema rejects."""
    schema_dir = _schema_dir(version)
    out: list[Diagnostic] = []
    for obj in objects:
        validator = _validator(schema_dir, obj.kind, str(obj.body.get("apiVersion") or ""))
        if validator is not None:
            body = json_shaped(obj.body)
            out += schema_diagnostics(validator.iter_errors(body), body, "k8s-schema",
                                      obj.file, obj.line,
                                      f"{obj.kind} {obj.namespace}/{obj.name} is not valid "
                                      f"Kubernetes {kv.major_minor(schema_dir.lstrip('v'))}")
    return out


def known_versions() -> list[str]:
    """The Kubernetes versions the installed kubernetes-validate has schemas for."""
    return sorted({kv.major_minor(v) for v in kv.all_versions()}, key=_key)


@lru_cache(maxsize=8)
def _schema_dir(version: str) -> str:
    """The strict schema folder of the newest shipped version not newer than `version`."""
    wanted = _key(kv.major_minor(version.lstrip("v")))
    shipped = sorted({v for v in kv.all_versions()}, key=_key)
    older = [v for v in shipped if _key(kv.major_minor(v)) <= wanted] or shipped[:1]
    return f"v{older[-1]}-local-strict"


@lru_cache(maxsize=512)
def _validator(schema_dir: str, kind: str, api_version: str) -> Any:
    if not kind or not api_version:
        return None
    api = _API_GROUP.sub(r"\1-", api_version).replace("/", "-")
    try:
        schema = kv.schema_contents(f"kubernetes-json-schema/{schema_dir}/{kind.lower()}-{api}.json",
                                    schema_dir)
    except (FileNotFoundError, kv.InvalidSchemaError, kv.VersionNotSupportedError, OSError):
        return None  # a CRD or an API this version does not ship: skipped quietly
    registry = _definitions(schema_dir).combine(Registry().with_resource(
        schema.get("$id", ""), Resource.from_contents(schema))) if "$id" in schema \
        else _definitions(schema_dir)
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


@lru_cache(maxsize=4)
def _definitions(schema_dir: str) -> Registry:
    definitions = kv.schema_contents(f"kubernetes-json-schema/{schema_dir}/_definitions.json",
                                     schema_dir)
    return Registry().with_resource(definitions["$id"], Resource.from_contents(definitions))


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3])
