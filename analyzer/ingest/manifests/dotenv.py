"""Read `.env` files (compose `env_file`, the project `.env`) and interpolate `${VAR}`.

Assignments are parsed by python-dotenv's parser (`dotenv.parser.parse_stream`: quotes,
escapes, `export`, comments, multi-line quoted values, with the line of each binding), never
`load_dotenv`: nothing touches the process environment, nothing is expanded from it, nothing
is executed. Lines it cannot read are skipped as Compose skips them.

`interpolate` stays hand-written: it is the Compose Specification's substitution (`${VAR}`,
`$VAR`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, `$$`), of which
python-dotenv's own expansion knows only the first and the `:-` form.
"""

from __future__ import annotations

import io
import re

from dotenv.parser import parse_stream

_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
_BARE_VAR = re.compile(r"\$()()()([A-Za-z_][A-Za-z0-9_]*)")  # _VAR's groups, no braces


def parse_env_file(text: str) -> list[tuple[str, str, int]]:
    """(key, value, line) for every assignment in an env file, in file order; a key without
    `=` (which Compose reads as "take it from the shell") has no value here and is skipped."""
    return [(binding.key, binding.value, binding.original.line)
            for binding in parse_stream(io.StringIO(text))
            if binding.key is not None and binding.value is not None and not binding.error]


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
