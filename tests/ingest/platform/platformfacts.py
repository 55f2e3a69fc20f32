"""Helpers of the platform reader tests: resources of one kind, diagnostic codes and lines."""

from __future__ import annotations

from analyzer.model import Resource, SystemModel


def kinds(model: SystemModel, kind: str) -> list[Resource]:
    return [r for r in model.resources if r.kind == kind]


def codes(model: SystemModel) -> list[tuple[str, int | None]]:
    return sorted((d.code, d.line) for d in model.diagnostics
                  if d.code not in ("history-not-git", "promtool"))
