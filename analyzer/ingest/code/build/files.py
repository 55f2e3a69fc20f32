"""One build file, parsed: the dependencies it declares and what could not be read.

Readers are pure (text in, `BuildFile` out) so they are easy to test and never execute
anything. XML (pom.xml, *.csproj) goes through `safe_xml`, which refuses any DTD or entity
declaration before the stdlib parser sees the text: no entity expansion, no external fetch.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from analyzer.ingest.code.facts import ParseProblem

JVM_KINDS = frozenset({"maven", "gradle"})
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)


@dataclass(frozen=True)
class Dependency:
    """One declared dependency: ecosystem (maven|npm|go|pypi|nuget), name, literal version."""

    ecosystem: str
    name: str
    version: str | None
    line: int | None


@dataclass
class BuildFile:
    """A parsed build file. `complete` is False when some dependency could not be named
    (a Gradle version-catalog alias, a project dependency): its classpath is then unknown.
    Maven files also carry their coordinates, parent and `<modules>` for `collect`."""

    kind: str  # maven | gradle | npm | go | pypi | nuget
    file: str
    dependencies: list[Dependency] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)
    complete: bool = True
    coordinates: str = ""            # maven groupId:artifactId
    parent: str = ""                 # maven parent groupId:artifactId
    parent_path: str | None = None   # maven parent relativePath ("" = look up in a repository)
    shares: bool = False             # gradle: an allprojects/subprojects block


def build_kind(rel: str) -> str | None:
    """The kind of build file `rel` is, or None."""
    name = rel.rsplit("/", 1)[-1]
    lower = name.lower()
    if lower == "pom.xml":
        return "maven"
    if lower in ("build.gradle", "build.gradle.kts"):
        return "gradle"
    if lower == "package.json":
        return "npm"
    if lower == "go.mod":
        return "go"
    if re.fullmatch(r"requirements[\w.-]*\.txt", lower) or lower == "pyproject.toml":
        return "pypi"
    if lower.endswith(".csproj"):
        return "nuget"
    return None


def parse_build(text: str, rel: str) -> BuildFile:
    """Parse one build file by its name; malformed input becomes problems, never an error."""
    from analyzer.ingest.code.build import gradle, maven, packages

    kind = build_kind(rel) or ""
    readers = {"maven": maven.read_pom, "gradle": gradle.read_gradle, "npm": packages.read_npm,
               "go": packages.read_go_mod, "nuget": packages.read_csproj,
               "pypi": packages.read_pyproject if rel.lower().endswith(".toml")
               else packages.read_requirements}
    result = BuildFile(kind, rel)
    if kind in readers:
        readers[kind](text, result)
    return result


def safe_xml(text: str, result: BuildFile) -> ET.Element | None:
    """The root element, or None with a problem when the text declares a DTD or entities
    (refused unparsed) or is not well-formed XML."""
    found = _DTD.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        result.problems.append(ParseProblem(line, "refused: XML with a DTD or entity "
                                                  "declaration is not read"))
        return None
    try:
        return ET.fromstring(text)
    except ET.ParseError as err:
        result.problems.append(ParseProblem(err.position[0], f"invalid XML: {err}"))
        return None


def line_of(lines: list[str], needle: str, start: int = 0) -> int | None:
    """1-based number of the first line at or after `start` (0-based) containing `needle`."""
    for index in range(start, len(lines)):
        if needle in lines[index]:
            return index + 1
    return None
