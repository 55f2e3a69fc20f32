"""Read Dockerfiles into `Dockerfile` resources with the official BuildKit parser.

The PyPI `dockerfile` package wraps BuildKit's own parser (compiled Go), so continuations,
escapes, heredocs and JSON forms are understood as `docker build` understands them. Facts:
every instruction with its line, stages (base image, tag, digest), ARG/ENV keys (values
masked, `secret_like` per key), USER per stage, HEALTHCHECK, ADD/COPY sources, MAINTAINER
and EXPOSE. Nothing is built or run; nothing is judged here.

The parser is quadratic in continuation lines and refuses lines over 64 KiB, so input is
bounded first: a file over MAX_DOCKERFILE_BYTES or an instruction continued over
MAX_CONTINUATIONS lines is a diagnostic, not a parse.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

import dockerfile

from analyzer.ingest.datastores import image_repository, image_tag
from analyzer.ingest.secrets import is_sensitive_key, mask_text
from analyzer.model import Diagnostic, Resource, Severity

DOCKERFILE_NAME = re.compile(r"^(Dockerfile(\..+)?|.+\.[Dd]ockerfile|Containerfile(\..+)?)$")
MAX_DOCKERFILE_BYTES = 1024 * 1024
MAX_CONTINUATIONS = 1000
MAX_VALUE_CHARS = 200  # instruction values kept in facts are cut here
_ARG_REF = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
_BARE_ARG_REF = re.compile(r"\$()()([A-Za-z_][A-Za-z0-9_]*)")  # _ARG_REF's groups, no braces
_REMOTE = re.compile(r"^(https?://|git@|git://|ssh://)")
_USERINFO = re.compile(r"^([^\s:@/]{1,200}):[^\s@/]{1,500}@")  # anchored, bounded: linear
_WHOLE_CONTEXT = frozenset({".", "./", "*", "./*"})


def is_dockerfile(name: str) -> bool:
    return bool(DOCKERFILE_NAME.match(name))


def read_dockerfile(label: str, text: str) -> tuple[Resource, list[Diagnostic]]:
    """A Resource(kind="Dockerfile", name=<folder label>) with the facts of the file, and a
    diagnostic when the file could not be parsed (its facts are then those of an empty file)."""
    folder = posixpath.dirname(label) or "."
    problem = _too_big(text)
    commands: list[Any] = []
    if problem is None:
        try:
            commands = list(dockerfile.parse_string(text))
        except dockerfile.GoParseError as error:
            problem = f"Dockerfile not parsed: {str(error)[:200]}"
    diagnostics = [] if problem is None else [Diagnostic(
        severity=Severity.WARNING, code="dockerfile-parse", file=label, line=_error_line(problem),
        message=problem)]
    facts = command_facts(commands)
    facts["parsed"] = problem is None
    return Resource(kind="Dockerfile", name=folder, file=label, line=1, facts=facts), diagnostics


def dockerfile_facts(text: str) -> dict[str, Any]:
    """The facts of a Dockerfile's text (those of an empty file when it does not parse)."""
    return read_dockerfile("Dockerfile", text)[0].facts


def command_facts(commands: list[Any]) -> dict[str, Any]:
    """Facts of parsed BuildKit commands: see the module docstring for what is kept."""
    args: dict[str, str] = {}
    stages: list[dict[str, Any]] = []
    facts: dict[str, Any] = {"instructions": [], "args": [], "env": [], "adds": [], "copies": [],
                             "maintainer": None}
    exposed: set[int] = set()
    for cmd in commands:
        name, values, line = cmd.cmd.upper(), [str(v) for v in cmd.value], cmd.start_line
        facts["instructions"].append({"cmd": name, "line": line,
                                      "value": _shown(name, values)[:MAX_VALUE_CHARS]})
        stage = stages[-1] if stages else None
        if name == "FROM":
            stages.append(_stage(values, args, stages, line))
        elif name in ("ARG", "ENV"):
            for key, value in _pairs(name, values):
                if name == "ARG" and not stages:
                    args.setdefault(key, value.strip("\"'"))
                facts[name.lower() if name == "ENV" else "args"].append(
                    _variable(key, value, line, stage))
        elif name == "USER" and stage is not None:
            stage["user"] = (values[0] if values else "") or None
        elif name == "HEALTHCHECK" and stage is not None:
            stage["healthcheck"] = "none" if [v.upper() for v in values] == ["NONE"] else "present"
        elif name == "EXPOSE":
            for token in values:
                port = token.split("/", 1)[0]
                if port.isascii() and port.isdigit():  # isdigit alone admits '¹'
                    exposed.add(int(port))
        elif name in ("ADD", "COPY"):
            facts["adds" if name == "ADD" else "copies"].append(_transfer(cmd, values, line))
        elif name == "MAINTAINER":
            facts["maintainer"] = {"line": line}
    final = stages[-1] if stages else None
    user = final["user"] if final else None
    facts.update({
        "stages": stages,
        "stage_count": len(stages),
        "base_image": final["base_image"] if final else None,
        "base_tag": final["base_tag"] if final else None,
        "base_digest": final["digest"] if final else None,
        "user": user,
        "runs_as_root": user is None or user.split(":", 1)[0] in ("root", "0"),
        "healthcheck": final["healthcheck"] if final else "absent",
        "exposed_ports": sorted(exposed),
        "secret_like": sorted({v["key"] for v in facts["args"] + facts["env"] if v["secret_like"]}),
        "copies_whole_context": any(c["whole_context"] for c in facts["copies"]),
    })
    return facts


def _stage(values: list[str], args: dict[str, str], stages: list[dict[str, Any]],
           line: int) -> dict[str, Any]:
    image = mask_text(_substitute(values[0], args)) if values else ""  # ARG REGISTRY=u:pw@host
    name = values[2] if len(values) >= 3 and values[1].lower() == "as" else None
    previous = next((s for s in stages if s["name"] and s["name"] == image), None)
    digest = image.split("@", 1)[1] if "@" in image else None
    if previous is not None:  # FROM an earlier stage: inherit its base
        base, tag, digest = previous["base_image"], previous["base_tag"], previous["digest"]
    elif image == "scratch":
        base, tag = "scratch", None
    else:
        base = image.split("@", 1)[0]
        last = base.rsplit("/", 1)[-1]
        base = base[: len(base) - len(last)] + last.split(":", 1)[0] if image else ""
        tag = image_tag(image) if image else None
        if digest and ":" not in image.split("@", 1)[0].rsplit("/", 1)[-1]:
            tag = None  # name@sha256:... pins by digest alone
    return {"name": name, "image": image, "base_image": base, "base_tag": tag, "digest": digest,
            "repository": image_repository(image) if image else "", "line": line,
            "from_stage": previous is not None, "user": None, "healthcheck": "absent"}


def _pairs(name: str, values: list[str]) -> list[tuple[str, str]]:
    if name == "ENV":  # BuildKit gives ENV as key, value, key, value, ...
        return [(values[i], values[i + 1] if i + 1 < len(values) else "")
                for i in range(0, len(values), 2)]
    return [(key, value) for key, _, value in (v.partition("=") for v in values)]


def _shown(name: str, values: list[str]) -> str:
    """An instruction's arguments as shown in facts: key=value pairs masked by key and shape."""
    if name in ("ARG", "ENV", "LABEL"):
        pairs = _pairs("ENV" if name == "LABEL" else name, values)
        return " ".join(f"{k}={_masked(k, v)}" if v else k for k, v in pairs)
    return mask_text(" ".join(values))


def _masked(key: str, value: str) -> str:
    if value and is_sensitive_key(key):
        return "****"
    return mask_text(_USERINFO.sub(r"\1:****@", value))  # ARG REGISTRY=user:pw@host


def _variable(key: str, value: str, line: int, stage: dict[str, Any] | None) -> dict[str, Any]:
    masked = _masked(key, value)
    return {"key": key, "value": masked[:MAX_VALUE_CHARS], "line": line,
            "stage": stage["name"] if stage else None,
            "secret_like": bool(value) and (is_sensitive_key(key) or masked != value)}


def _transfer(cmd: Any, values: list[str], line: int) -> dict[str, Any]:
    sources = values[:-1]
    from_stage = any(str(f).startswith("--from") for f in cmd.flags)
    return {"sources": [mask_text(s)[:MAX_VALUE_CHARS] for s in sources], "line": line,
            "remote": any(_REMOTE.match(s) for s in sources),
            "whole_context": not from_stage and any(s in _WHOLE_CONTEXT for s in sources)}


def _substitute(word: str, args: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(3)
        return args.get(name) or match.group(2) or match.group(0)

    cut = word.rfind("}") + 1  # no ${...} ends after the last brace: scanning stays linear
    return _ARG_REF.sub(replace, word[:cut]) + _BARE_ARG_REF.sub(replace, word[cut:])


def _too_big(text: str) -> str | None:
    """Why `text` is not handed to the parser (too large, too many continuations), or None."""
    if len(text) > MAX_DOCKERFILE_BYTES:
        return f"Dockerfile not parsed: larger than {MAX_DOCKERFILE_BYTES // 1024} KiB"
    run = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        run = run + 1 if raw.rstrip().endswith(("\\", "`")) else 0
        if run > MAX_CONTINUATIONS:
            return (f"Dockerfile not parsed: line {number}: an instruction continues over more "
                    f"than {MAX_CONTINUATIONS} lines")
    return None


def _error_line(message: str) -> int | None:
    found = re.search(r"line (\d{1,9})", message)
    return int(found.group(1)) if found else None
