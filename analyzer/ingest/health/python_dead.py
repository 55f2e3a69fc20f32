"""Dead-code candidates of one Python file: vulture's visitor run on the tree radon reads.

`vulture PATH` parses every file itself; here the tree `python_radon` already parsed is
handed to vulture's visitor, so a file is parsed once for complexity and dead code. What a
file yields is what vulture knows before it compares: the names the file defines (kind,
lines, confidence) and the names it uses. A name is dead when no file of the same service
uses it (`analyzer.ingest.health.dead_code`), as `vulture <folder>` decides over a folder.

Framework-aware defaults: functions with route, fixture, validator, signal, task, CLI or
event decorators are entry points, not dead code (`IGNORED_DECORATORS`); names frameworks
look up by convention (`IGNORED_NAMES`) are never defined; and the fields of dataclasses,
pydantic models, Django/SQLAlchemy models, enums, TypedDicts and NamedTuples (class-level
variables of such classes) are data, read by the framework, never "unused variables".
Nothing is imported or executed.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

from vulture import core as vulture_core
from vulture import noqa

IGNORED_DECORATORS = [
    "@*.route", "@*.get", "@*.post", "@*.put", "@*.patch", "@*.delete", "@*.head",
    "@*.options", "@*.api_route", "@*.websocket", "@*.websocket_route", "@*.on_event",
    "@*.middleware", "@*.exception_handler", "@*.errorhandler", "@*.before_request",
    "@*.after_request", "@*.teardown_request", "@*.context_processor", "@*.fixture",
    "@fixture", "@validator", "@field_validator", "@model_validator", "@root_validator",
    "@field_serializer", "@model_serializer", "@computed_field", "@receiver", "@*.receiver",
    "@shared_task", "@*.task", "@task", "@*.command", "@*.group", "@click.*", "@*.listener",
    "@*.subscribe", "@*.handler", "@*.hookimpl", "@*.register", "@register", "@admin.*",
    "@*.action", "@action", "@api_view", "@*.job", "@*.on",
]
IGNORED_NAMES = [
    "Meta", "model_config", "Config", "urlpatterns", "app_name", "default_app_config",
    "setUp", "tearDown", "setUpClass", "tearDownClass", "setUpTestData", "test_*",
    "lifespan", "application", "app", "handler", "lambda_handler", "main",
]
DATA_CLASS_BASES = frozenset({
    "BaseModel", "BaseSettings", "Model", "Schema", "SQLModel", "Base", "DeclarativeBase",
    "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "TypedDict", "NamedTuple", "Document",
    "EmbeddedDocument", "Serializer", "ModelSerializer", "Form", "ModelForm", "Struct",
})
DATA_CLASS_DECORATORS = frozenset({"dataclass", "dataclasses.dataclass", "attr.s", "attrs",
                                   "define", "attr.define", "frozen", "pydantic_dataclass"})
_FIELD_KINDS = frozenset({"variable", "attribute"})
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# One compiled pattern each instead of vulture's fnmatch per pattern per definition (the
# slowest part of its visit on a large tree): the same shell patterns, matched once.
_IGNORED_NAME = re.compile("|".join(fnmatch.translate(p) for p in IGNORED_NAMES))
_IGNORED_DECORATOR = re.compile("|".join(fnmatch.translate(p) for p in IGNORED_DECORATORS))

Defined = list  # [name, kind, first line, last line, confidence]


def dead_code_candidates(tree: ast.Module, text: str, rel: str) -> dict:
    """`{"defined": [[name, kind, line, last_line, confidence], ...], "used": [name, ...]}`
    of one parsed file, sorted; raises what vulture's visitor raises (RecursionError)."""
    visitor = vulture_core.Vulture()
    visitor.filename = Path(rel)
    visitor.code = text.splitlines()
    visitor.noqa_lines = noqa.parse_noqa(visitor.code)
    visitor.visit(tree)
    visitor.reachability.reset()
    spans, entry_points = _data_class_spans(tree)
    defined: list[Defined] = []
    for items in (visitor.defined_attrs, visitor.defined_classes, visitor.defined_funcs,
                  visitor.defined_imports, visitor.defined_methods, visitor.defined_props,
                  visitor.defined_vars, visitor.unreachable_code):
        for item in items:
            if item.typ in _FIELD_KINDS and _inside(item.first_lineno, spans) \
                    or (item.typ != "unreachable_code" and _IGNORED_NAME.match(item.name)) \
                    or (item.name, item.first_lineno) in entry_points:
                continue
            defined.append([item.name, item.typ, item.first_lineno, item.last_lineno,
                            item.confidence])
    return {"defined": sorted(defined), "used": sorted(visitor.used_names)}


def _data_class_spans(tree: ast.Module) -> tuple[list[tuple[int, int]], set[tuple[str, int]]]:
    """(first, last) lines of every class whose body holds framework-read fields, and the
    (name, first line) of every definition with an entry-point decorator (the first line is
    the first decorator's, as vulture counts it)."""
    spans, entry_points = [], set()
    for node in ast.walk(tree):
        if not isinstance(node, _DEFINITIONS) or not (node.decorator_list or
                                                      isinstance(node, ast.ClassDef)):
            continue
        decorators = [_name(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]
        if any(_IGNORED_DECORATOR.match("@" + name) for name in decorators if name):
            entry_points.add((node.name, min(d.lineno for d in node.decorator_list)))
        if isinstance(node, ast.ClassDef) and (
                any(_name(base).rsplit(".", 1)[-1] in DATA_CLASS_BASES for base in node.bases)
                or any(name in DATA_CLASS_DECORATORS for name in decorators)):
            spans.append((node.lineno, node.end_lineno or node.lineno))
    return spans, entry_points


def _name(node: ast.expr) -> str:
    """The dotted name of `a`, `a.b`, `a[b]` (its value), or ""."""
    parts = []
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _inside(line: int, spans: list[tuple[int, int]]) -> bool:
    return any(first <= line <= last for first, last in spans)
