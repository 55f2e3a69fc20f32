"""build.gradle / build.gradle.kts: dependencies in the runtime configurations, read by line.

Forms: `implementation 'g:a:v'`, `implementation("g:a")`, `api group: 'g', name: 'a',
version: 'v'` (Groovy map), for the configurations `implementation`, `api`, `compile`,
`runtime`, `runtimeOnly`, `compileOnly`, `developmentOnly`; test configurations are left out. A
dependency this reader cannot name — a version-catalog alias (`libs.x`), a project
(`project(':common')`) or a variable — marks the file incomplete: its classpath is unknown.
A file with an `allprojects`/`subprojects` block shares its dependencies with sub-projects.
"""

from __future__ import annotations

import re

from analyzer.ingest.code.build.files import BuildFile, Dependency

_CONFIGS = r"(?:implementation|api|compile|runtime|runtimeOnly|compileOnly|developmentOnly)"
_START = re.compile(rf"^\s*{_CONFIGS}\s*\(?\s*(.*)$")
_COORD = re.compile(r"""^(?:(?:enforcedP|p)latform\s*\(\s*)?["']([^"'$:\s]+):([^"'$:\s]+)"""
                    r"""(?::([^"'@:\s]+))?[^"']*["']""")
_MAP = re.compile(r"""group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']"""
                  r"""(?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?""")
_SHARED = re.compile(r"^\s*(allprojects|subprojects)\s*\{", re.M)


def read_gradle(text: str, result: BuildFile) -> None:
    """Fill `result` from a Gradle script's text (see module docstring)."""
    result.shares = _SHARED.search(text) is not None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("//", 1)[0] if "://" not in raw else raw
        match = _START.match(line)
        if match is None:
            continue
        rest = match.group(1).strip()
        coord = _COORD.match(rest)
        mapped = _MAP.search(rest)
        if coord is not None:
            group, artifact, version = coord.groups()
        elif mapped is not None:
            group, artifact, version = mapped.groups()
        else:
            if rest and not rest.startswith(("{", "(")):
                result.complete = False  # libs.x, project(':x'), files(...), a variable
            continue
        result.dependencies.append(Dependency(
            "maven", f"{group}:{artifact}",
            version if version and "$" not in version else None, number))
