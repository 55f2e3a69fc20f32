"""Rule message templates: checked when a rule file loads, rendered with hard caps.

A message is a `str.format` template over the fields its kind provides. Rule files may come
from a scanned repository, so a template is untrusted text: only plain named fields are
allowed (no positional fields, no `.attribute` or `[index]` access, no nested fields in a
spec), a format spec must be valid mini-language with width and precision at most
`MAX_SPEC_WIDTH` (`{service:>300000000}` would otherwise allocate 300 MB per finding), and a
rendered message is cut at `MAX_MESSAGE_CHARS`. Rendering never raises: a spec that does
not fit the value's type (`{service:d}` on a name) falls back to the plain value.
"""

from __future__ import annotations

import re
import reprlib
import string
from typing import Any

MAX_SPEC_WIDTH = 200  # largest width or precision a format spec may ask for
MAX_TEMPLATE_CHARS = 2_000  # longest message template a rule file may hold
MAX_MESSAGE_CHARS = 2_000  # longest rendered finding message
MAX_ECHO_CHARS = 80  # longest piece of user input quoted back in an error message

# [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = re.compile(r"(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?z?#?0?(?P<width>\d+)?"
                   r"[_,]?(?:\.(?P<precision>\d+))?(?P<type>[bcdeEfFgGnosxX%])?", re.DOTALL)
_CONVERSIONS = frozenset({None, "r", "s", "a"})
_FORMATTER = string.Formatter()
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxtuple, _REPR.maxset = 3, 6, 6, 6, 6
_REPR.maxstring = _REPR.maxother = MAX_ECHO_CHARS
_REPR.maxlong = 40


def clip(text: str, limit: int = MAX_ECHO_CHARS) -> str:
    """`text` cut to at most `limit` characters (ending in "...") for an error message."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def show(value: Any, limit: int = MAX_ECHO_CHARS) -> str:
    """A short repr of a user-given value, built without expanding a huge or deep one."""
    try:
        return clip(_REPR.repr(value), limit)
    except (RecursionError, ValueError, TypeError):
        return f"a {type(value).__name__}"


def template_fields(template: str) -> set[str]:
    """The replacement field names of a str.format template ("{service}" -> {"service"})."""
    names = set()
    for _, name, _, _ in _FORMATTER.parse(template):
        if name is not None:
            if not name or name.isdigit():
                raise ValueError("positional fields are not allowed; name every field")
            names.add(name.split(".")[0].split("[")[0])
    return names


def check_template(template: str) -> list[str]:
    """Every syntax problem of `template`: bad fields, conversions and specs (empty when valid)."""
    if len(template) > MAX_TEMPLATE_CHARS:
        return [f"longer than {MAX_TEMPLATE_CHARS} characters"]
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as err:
        return [f"not a valid format template: {err}"]
    errors = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        shown = clip(name, 40)
        if not name or name.isdigit():
            errors.append("positional fields are not allowed; name every field")
        elif not name.isidentifier():
            errors.append(f"field {{{shown}}} may not use '.' or '[...]'; use the name alone")
        if conversion not in _CONVERSIONS:
            errors.append(f"field {{{shown}}}: unknown conversion !{clip(conversion, 5)}")
        errors += [f"field {{{shown}}}: {p}" for p in _spec_problems(spec or "")]
    return sorted(set(errors))


def unknown_fields(template: str, provided: frozenset[str], kind: str) -> list[str]:
    """`message: unknown field {x} ...` for each field of `template` that `kind` lacks."""
    try:
        names = {name for _, name, _, _ in _FORMATTER.parse(template) if name}
    except ValueError:
        return []  # a syntax problem, reported by check_template
    return [f"message: unknown field {{{clip(name, 40)}}} (kind '{kind}' provides: "
            f"{', '.join(sorted(provided))})"
            for name in sorted(names) if name.isidentifier() and name not in provided]


def render(template: str, fields: dict[str, Any]) -> str:
    """`template` filled from `fields`, never longer than MAX_MESSAGE_CHARS, never raising."""
    out: list[str] = []
    size = 0
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        out.append(literal)
        size += len(literal)
        if name is not None:
            piece = _field(fields.get(name, f"{{{name}}}"), spec or "", conversion)
            out.append(piece)
            size += len(piece)
        if size > MAX_MESSAGE_CHARS:
            break
    text = "".join(out)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS - 3] + "..."


def _spec_problems(spec: str) -> list[str]:
    if "{" in spec or "}" in spec:
        return ["nested fields in a format spec are not allowed"]
    match = _SPEC.fullmatch(spec)
    if match is None:
        return [f"invalid format spec '{clip(spec, 20)}'"]
    return [f"{part} {int(value)} is above the limit of {MAX_SPEC_WIDTH}"
            for part in ("width", "precision")
            if (value := match.group(part)) is not None and int(value) > MAX_SPEC_WIDTH]


def _field(value: Any, spec: str, conversion: str | None) -> str:
    if conversion == "r":
        value = repr(value)
    elif conversion == "a":
        value = ascii(value)
    elif conversion == "s":
        value = str(value)
    if spec and not _spec_problems(spec):
        try:
            return format(value, spec)
        except (ValueError, TypeError):
            pass
    return str(value)
