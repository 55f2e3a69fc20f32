"""The other ecosystems' manifests: package.json, go.mod, requirements*.txt, pyproject.toml
and *.csproj. Each reader fills a `BuildFile` with name, literal version and line.

package.json: `dependencies` only (devDependencies are not shipped). go.mod: every `require`,
single or in a block. requirements: one PEP 508 requirement a line (`-r`, `-e`, options and
URLs skipped; version literal only for `==`). pyproject: `[project].dependencies` and
`[tool.poetry.dependencies]` (without `python`). csproj: `<PackageReference Include Version>`.
"""

from __future__ import annotations

import re
import tomllib

from analyzer.ingest.code.build.files import BuildFile, Dependency, line_of, safe_xml
from analyzer.ingest.code.facts import ParseProblem
from analyzer.ingest.jsonsafe import MAX_JSON_DEPTH, JsonProblem, load_json, too_deep_at

_REQUIREMENT = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:==\s*([^\s;,#]+))?")
_GO_REQUIRE = re.compile(r"^\s*(?:require\s+)?([^\s()]+)\s+(v[^\s]+)")


def read_npm(text: str, result: BuildFile) -> None:
    try:
        data = load_json(text)
    except JsonProblem as err:
        result.problems.append(ParseProblem(err.line, err.message, err.code))
        return
    deps = data.get("dependencies") if isinstance(data, dict) else None
    if not isinstance(deps, dict):
        return
    lines = text.splitlines()
    start = line_of(lines, '"dependencies"') or 1
    for name, version in deps.items():
        result.dependencies.append(Dependency(
            "npm", str(name), str(version) if isinstance(version, str) else None,
            line_of(lines, f'"{name}"', start - 1)))


def read_go_mod(text: str, result: BuildFile) -> None:
    in_block = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("//", 1)[0].strip()
        if line.startswith("require") and line.endswith("("):
            in_block = True
            continue
        if in_block and line == ")":
            in_block = False
            continue
        if not (in_block or line.startswith("require ")):
            continue
        match = _GO_REQUIRE.match(line)
        if match is not None:
            result.dependencies.append(Dependency("go", match.group(1), match.group(2), number))


def read_requirements(text: str, result: BuildFile) -> None:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")) or "://" in line:
            continue
        match = _REQUIREMENT.match(line)
        if match is not None:
            result.dependencies.append(Dependency("pypi", match.group(1), match.group(2), number))


def read_pyproject(text: str, result: BuildFile) -> None:
    deep = too_deep_at(text)  # tomllib recurses into nested arrays and inline tables
    if deep is not None:
        result.problems.append(ParseProblem(deep, f"skipped: brackets nested more than "
                                            f"{MAX_JSON_DEPTH} levels deep (MAX_JSON_DEPTH)",
                                            "toml-too-deep"))
        return
    try:
        data = tomllib.loads(text)
    except RecursionError:
        result.problems.append(ParseProblem(None, "skipped: nested deeper than the TOML parser "
                                            "can read", "toml-too-deep"))
        return
    except tomllib.TOMLDecodeError as err:
        result.problems.append(ParseProblem(None, f"invalid TOML: {err}"))
        return
    lines = text.splitlines()
    project = data.get("project")
    specs = project.get("dependencies") if isinstance(project, dict) else None
    for spec in specs if isinstance(specs, list) else []:
        match = _REQUIREMENT.match(str(spec).strip())
        if match is not None:
            result.dependencies.append(Dependency("pypi", match.group(1), match.group(2),
                                                  line_of(lines, str(spec))))
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    deps = poetry.get("dependencies") if isinstance(poetry, dict) else None
    for name, spec in (deps.items() if isinstance(deps, dict) else []):
        if name.lower() == "python":
            continue
        version = spec if isinstance(spec, str) else (
            spec.get("version") if isinstance(spec, dict) else None)
        literal = version if isinstance(version, str) and re.fullmatch(r"=*\s*[\w.]+", version) \
            else None
        result.dependencies.append(Dependency("pypi", name, literal.lstrip("= ") if literal
                                              else None, line_of(lines, name)))


def read_csproj(text: str, result: BuildFile) -> None:
    root = safe_xml(text, result)
    if root is None:
        return
    lines = text.splitlines()
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag.rsplit("}", 1)[-1] != "PackageReference":
            continue
        name = node.get("Include")
        if not name:
            continue
        version = node.get("Version") or next(
            ((c.text or "").strip() for c in node if str(c.tag).endswith("Version")), None)
        result.dependencies.append(Dependency(
            "nuget", name, version if version and "$(" not in version else None,
            line_of(lines, f'"{name}"')))
