"""Combine SystemModels produced separately (one `archgov scan` per repository or machine)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from analyzer.model.facts import SCHEMA_VERSION, SystemModel

_NODE_LISTS = ("services", "datastores", "topics")


class IncompatibleModel(ValueError):
    """A facts document whose schema_version this archgov cannot read."""


def merge_models(models: list[SystemModel]) -> SystemModel:
    """Union of all facts: nodes merged by id, edges by (source, target, kind), the rest deduplicated."""
    for model in models:
        if model.schema_version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise IncompatibleModel(
                f"schema_version {model.schema_version} (this archgov reads {SCHEMA_VERSION})")
    merged: dict[str, list] = {}
    for name in SystemModel.model_fields:
        if name == "schema_version":
            continue
        items = [item for model in models for item in getattr(model, name)]
        if name in _NODE_LISTS:
            merged[name] = _merge_by(items, lambda node: node.id)
        elif name == "edges":
            merged[name] = _merge_by(items, lambda edge: edge.key)
        else:
            merged[name] = _dedupe(items)
    return SystemModel(**merged).normalized()


def _merge_by(items: list[BaseModel], key) -> list[BaseModel]:
    """Fold items with the same key: lists are concatenated, a missing scalar is filled in."""
    folded: dict = {}
    for item in items:
        k = key(item)
        folded[k] = _fold(folded[k], item) if k in folded else item
    return list(folded.values())


def _fold(first: BaseModel, second: BaseModel) -> BaseModel:
    update = {}
    for name in type(first).model_fields:
        a, b = getattr(first, name), getattr(second, name)
        if isinstance(a, list):
            update[name] = _dedupe(a + b)
        elif a is None and b is not None:
            update[name] = b
    return first.model_copy(update=update)


def _dedupe(items: list) -> list:
    seen: dict[str, object] = {}
    for item in items:
        marker = json.dumps(item.model_dump(mode="json"), sort_keys=True) if isinstance(item, BaseModel) else repr(item)
        seen.setdefault(marker, item)
    return list(seen.values())
