"""Read Dockerfiles into `Dockerfile` resources: stages, final base image, USER, HEALTHCHECK, EXPOSE.

Only the instructions readiness rules need are understood. Line continuations, comments and
simple `ARG` substitution in `FROM` are handled; nothing is built or run.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from analyzer.ingest.datastores import image_repository, image_tag
from analyzer.ingest.secrets import mask_text
from analyzer.model import Resource

DOCKERFILE_NAME = re.compile(r"^(Dockerfile(\..+)?|.+\.[Dd]ockerfile|Containerfile(\..+)?)$")
_ARG_REF = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
_BARE_ARG_REF = re.compile(r"\$()()([A-Za-z_][A-Za-z0-9_]*)")  # _ARG_REF's groups, no braces


def is_dockerfile(name: str) -> bool:
    return bool(DOCKERFILE_NAME.match(name))


def read_dockerfile(label: str, text: str) -> Resource:
    """A Resource(kind="Dockerfile", name=<folder label>) with the facts of the file."""
    folder = posixpath.dirname(label) or "."
    return Resource(kind="Dockerfile", name=folder, file=label, line=1, facts=dockerfile_facts(text))


def dockerfile_facts(text: str) -> dict[str, Any]:
    """Stages, final base image and tag, user, healthcheck and exposed ports of a Dockerfile."""
    args: dict[str, str] = {}
    stages: list[dict[str, Any]] = []
    user: str | None = None
    healthcheck = "absent"
    exposed: set[int] = set()
    for line, instruction, rest in _instructions(text):
        if instruction == "ARG":
            name, _, default = rest.partition("=")
            if not stages and name.strip():
                args.setdefault(name.strip(), default.strip().strip("\"'"))
        elif instruction == "FROM":
            stages.append(_stage(rest, args, stages, line))
            user, healthcheck, exposed = None, "absent", set()
        elif instruction == "USER":
            user = rest.strip() or None
        elif instruction == "HEALTHCHECK":
            healthcheck = "none" if rest.strip().upper() == "NONE" else "present"
        elif instruction == "EXPOSE":
            for token in rest.split():
                port = token.split("/", 1)[0]
                if port.isascii() and port.isdigit():  # isdigit alone admits '¹', which int() refuses
                    exposed.add(int(port))
    final = stages[-1] if stages else None
    return {
        "stages": stages,
        "stage_count": len(stages),
        "base_image": final["base_image"] if final else None,
        "base_tag": final["base_tag"] if final else None,
        "user": user,
        "runs_as_root": user is None or user.split(":", 1)[0] in ("root", "0"),
        "healthcheck": healthcheck,
        "exposed_ports": sorted(exposed),
    }


def _stage(rest: str, args: dict[str, str], stages: list[dict[str, Any]], line: int) -> dict[str, Any]:
    words = [w for w in rest.split() if not w.startswith("--")]
    image = mask_text(_substitute(words[0], args)) if words else ""  # ARG REGISTRY=u:pw@host
    name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    previous = next((s for s in stages if s["name"] and s["name"] == image), None)
    if previous is not None:  # FROM an earlier stage: inherit its base
        base, tag = previous["base_image"], previous["base_tag"]
    elif image == "scratch":
        base, tag = "scratch", None
    else:
        base = image.split("@", 1)[0]
        last = base.rsplit("/", 1)[-1]
        base = base[: len(base) - len(last)] + last.split(":", 1)[0] if image else ""
        tag = image_tag(image) if image else None
    return {"name": name, "image": image, "base_image": base, "base_tag": tag,
            "repository": image_repository(image) if image else "", "line": line}


def _substitute(word: str, args: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(3)
        return args.get(name) or match.group(2) or match.group(0)

    cut = word.rfind("}") + 1  # no ${...} ends after the last brace: scanning stays linear
    return _ARG_REF.sub(replace, word[:cut]) + _BARE_ARG_REF.sub(replace, word[cut:])


def _instructions(text: str) -> list[tuple[int, str, str]]:
    """(line, INSTRUCTION, arguments) with continuations joined and comments dropped."""
    out: list[tuple[int, str, str]] = []
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and buffer):
            continue
        if not buffer:
            start = number
        if stripped.endswith("\\"):
            buffer.append(stripped[:-1])
            continue
        buffer.append(stripped)
        logical = " ".join(part.strip() for part in buffer).strip()
        buffer = []
        if logical:
            instruction, _, rest = logical.partition(" ")
            out.append((start, instruction.upper(), rest.strip()))
    if buffer:  # a continuation on the last line
        instruction, _, rest = " ".join(buffer).strip().partition(" ")
        out.append((start, instruction.upper(), rest.strip()))
    return out
