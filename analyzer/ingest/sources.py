"""Find each service's source folder: compose build context, config, or a folder named after it.

Order of trust: the compose `build` context, then `ScanOptions.sources` from config, then a
folder at depth <= 3 under a root (or a whole root in a multi-root scan) whose name is the
service id and which holds source files, a Dockerfile, a build file (`pom.xml`, `package.json`,
`go.mod`...) or a framework config file (`application.properties`, `bootstrap.yml`), then one named like the service's
image (`acme/shop-api-gateway:1.2` -> `shop-api-gateway`): repositories often prefix their
module folders with the project name and build each image from the folder of the same name.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from analyzer.ingest.manifests.dockerfile import is_dockerfile
from analyzer.ingest.files import Inventory, root_labels
from analyzer.model import Diagnostic, Severity

SOURCE_SUFFIXES = frozenset({".py", ".go", ".java", ".kt", ".kts", ".scala", ".groovy", ".js",
                             ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".cs", ".fs", ".vb", ".rb",
                             ".php", ".rs", ".ex", ".exs", ".erl", ".clj", ".swift", ".c",
                             ".cc", ".cpp", ".h", ".hpp", ".dart", ".lua", ".pl"})
MAX_DEPTH = 3
# files that mark a project folder even when it holds no source files (a config-only module)
PROJECT_FILES = frozenset({"pom.xml", "build.gradle", "build.gradle.kts", "package.json", "go.mod",
                           "cargo.toml", "pyproject.toml", "setup.py", "requirements.txt",
                           "gemfile", "composer.json", "mix.exs"})
_FRAMEWORK_CONFIG_STEMS = ("application", "bootstrap")
_FRAMEWORK_CONFIG_SUFFIXES = (".properties", ".yml", ".yaml")


def find_source_dirs(service_ids: list[str], declared: dict[str, str], inventory: Inventory,
                     configured: tuple[tuple[str, str], ...],
                     images: dict[str, str] | None = None
                     ) -> tuple[dict[str, str], list[Diagnostic]]:
    """Source folder label per service id (only for ids that have one), and config problems."""
    result = dict(declared)
    diagnostics: list[Diagnostic] = []
    wanted = set(service_ids)
    for service_id, path in configured:
        label = config_label(path, inventory)
        if label is None:
            diagnostics.append(Diagnostic(
                severity=Severity.WARNING, code="source-dir-outside-roots",
                message=f"sources.{service_id}: {path} is not under a scanned root; "
                        f"add its folder to the scanned paths"))
        elif service_id in wanted and service_id not in result:
            result[service_id] = label
    candidates = _candidate_folders(inventory)
    for service_id in sorted(wanted - set(result)):
        found = candidates.get(service_id) or candidates.get(image_name((images or {}).get(
            service_id)) or "")
        if found:
            result[service_id] = min(found, key=lambda c: (c[0], c[1]))[1]
    return result, diagnostics


def image_name(image: str | None) -> str | None:
    """The repository's last path part of an image reference, without registry, tag or digest."""
    if not image:
        return None
    name = image.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0].strip()
    return name or None


def config_label(path: str, inventory: Inventory) -> str | None:
    """The label of a configured path: relative to the first root, or absolute under any root."""
    if not inventory.roots:
        return None
    labels = root_labels(inventory.roots)
    candidate = Path(path)
    full = (candidate if candidate.is_absolute() else inventory.roots[0] / candidate).resolve()
    for root in inventory.roots:
        if full == root or root in full.parents:
            rel = full.relative_to(root).as_posix()
            prefix = labels[root]
            if rel in ("", "."):
                return prefix or "."
            return f"{prefix}/{rel}" if prefix else rel
    return None


def _candidate_folders(inventory: Inventory) -> dict[str, list[tuple[int, str]]]:
    """Folder name -> [(depth, label)] for folders holding source files or a Dockerfile."""
    prefixes = [p for p in root_labels(inventory.roots).values() if p]
    out: dict[str, set[tuple[int, str]]] = {}
    for source in inventory.files:
        if not _marks_project(source.name):
            continue
        prefix = next((p for p in prefixes if source.rel.startswith(p + "/")), "")
        inner = source.rel[len(prefix) + 1:] if prefix else source.rel
        parts = inner.split("/")[:-1]
        if prefix:
            out.setdefault(posixpath.basename(prefix), set()).add((0, prefix))
        for depth in range(1, min(len(parts), MAX_DEPTH) + 1):
            folder = "/".join(parts[:depth])
            label = f"{prefix}/{folder}" if prefix else folder
            out.setdefault(parts[depth - 1], set()).add((depth, label))
    return {name: sorted(found) for name, found in out.items()}


def _marks_project(name: str) -> bool:
    """True for a source file, a Dockerfile, a build file or a framework config file."""
    lower = name.lower()
    if is_dockerfile(name) or Path(name).suffix in SOURCE_SUFFIXES or lower in PROJECT_FILES:
        return True
    return (lower.startswith(_FRAMEWORK_CONFIG_STEMS) and lower.endswith(_FRAMEWORK_CONFIG_SUFFIXES)
            and lower.split(".", 1)[0].split("-", 1)[0] in _FRAMEWORK_CONFIG_STEMS)
