"""Read `.env` files (compose `env_file` and the project `.env`) and interpolate `${VAR}`.

Only `KEY=VALUE` lines are understood: comments, blank lines, `export`, quotes and inline
comments after unquoted values. Nothing is ever executed or expanded from the environment.

Hand-written on purpose: python-dotenv's parser (the library this would be) strips inline
comments from unquoted values with `re.sub(r"\s+#.*", ...)`, which takes quadratic time on a
long run of blanks without a `#` (2 MB of spaces in one value: minutes), one of the
hostile-input reproducers every reader must pass (tests/ingest/bounds). The Compose
interpolation below is the Compose Specification's (`$VAR`, `${VAR:-d}`, `${VAR-d}`,
`${VAR:+a}`, `${VAR+a}`, `$$`), of which python-dotenv knows two forms.
"""

from __future__ import annotations

import re

# matched against the stripped line: a lazy `(.*?)\s*$` would backtrack quadratically
_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s*(.*)$")
_COMMENT = re.compile(r"\s#")
_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
_BARE_VAR = re.compile(r"\$()()()([A-Za-z_][A-Za-z0-9_]*)")  # _VAR's groups, no braces


def parse_env_file(text: str) -> list[tuple[str, str, int]]:
    """(key, value, line) for every assignment in an env file, in file order."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _LINE.match(stripped)
        if match:
            entries.append((match.group(1), _unquote(match.group(2)), number))
    return entries


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Apply compose variable substitution with the variables known from `.env` files.

    `${VAR:-default}` and `${VAR-default}` use the default when VAR is unknown; an unknown
    variable without a default is left as written (it is not an address we can resolve).
    """
    if "$" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(4)
        op, default = match.group(2), match.group(3) or ""
        value = variables.get(name)
        if op in (":-", "-"):
            if value is None or (op == ":-" and value == ""):
                return default
            return value
        if op in (":+", "+"):
            return default if value else ""
        return value if value is not None else match.group(0)

    text = text.replace("$$", "\x00")
    cut = text.rfind("}") + 1  # no ${...} ends after the last brace: scanning stays linear
    return (_VAR.sub(replace, text[:cut]) + _BARE_VAR.sub(replace, text[cut:])).replace("\x00", "$")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value[:1] in "\"'":
        return value[1:]
    comment = _COMMENT.search(value)  # fixed width: `\s+#` backtracks on long blank runs
    return value[:comment.start()].rstrip() if comment else value
