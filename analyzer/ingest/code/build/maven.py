"""pom.xml: the project's coordinates, its parent, and the dependencies it declares.

Read: `<dependencies>` of the project and of its `<profiles>` (a profile may be active), test
scope left out (not on the runtime classpath). Not read: `<dependencyManagement>` (versions
only, nothing is added) and plugin dependencies (the build's classpath, not the service's).
The parent (`spring-boot-starter-parent`, or a local aggregator) is not a dependency; its
coordinates and `relativePath` are kept so `collect` can follow a local parent.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from analyzer.ingest.code.build.files import BuildFile, Dependency, line_of, safe_xml

_DEFAULT_PARENT_PATH = "../pom.xml"


def read_pom(text: str, result: BuildFile) -> None:
    """Fill `result` from a pom's text (see module docstring)."""
    root = safe_xml(text, result)
    if root is None:
        result.complete = False
        return
    parent = _child(root, "parent")
    parent_group = _text(parent, "groupId") if parent is not None else ""
    group = _text(root, "groupId") or parent_group
    result.coordinates = f"{group}:{_text(root, 'artifactId')}"
    if parent is not None:
        result.parent = f"{parent_group}:{_text(parent, 'artifactId')}"
        relative = _child(parent, "relativePath")
        result.parent_path = (_DEFAULT_PARENT_PATH if relative is None
                              else (relative.text or "").strip())
    lines = text.splitlines()
    cursor = 0
    blocks = [_child(root, "dependencies")]
    profiles = _child(root, "profiles")
    if profiles is not None:
        blocks += [_child(p, "dependencies") for p in profiles if _local(p.tag) == "profile"]
    for block in blocks:
        if block is None:
            continue
        for dep in block:
            if _local(dep.tag) != "dependency" or _text(dep, "scope") == "test":
                continue
            artifact = _text(dep, "artifactId")
            dep_group = _text(dep, "groupId").replace("${project.groupId}", group)
            if not artifact:
                continue
            version = _text(dep, "version")
            found = line_of(lines, f">{artifact}<", cursor)
            cursor = found if found is not None else cursor
            result.dependencies.append(Dependency(
                "maven", f"{dep_group}:{artifact}",
                version if version and "${" not in version else None, found))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(node: ET.Element | None, name: str) -> ET.Element | None:
    if node is None:
        return None
    return next((c for c in node if _local(c.tag) == name), None)


def _text(node: ET.Element | None, name: str) -> str:
    child = _child(node, name)
    return (child.text or "").strip() if child is not None else ""
