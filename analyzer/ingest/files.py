"""Walk the scanned roots safely: no symlink is followed, odd files become diagnostics.

Every ingestor reads its files through `discover`, so the rules about what is read
(size limits, binary files, symlinks, skipped folders) live in one place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.model import Diagnostic, Severity

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox",
                          ".mypy_cache", ".pytest_cache", ".idea", ".vscode"})
MAX_TEXT_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A regular file under a root; `rel` is its label in evidence (POSIX, root-relative)."""

    root: Path
    path: Path
    rel: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Inventory:
    """The files found under all roots, in sorted order, and what was skipped."""

    roots: list[Path]
    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def under(self, rel_dir: str) -> list[SourceFile]:
        prefix = rel_dir.rstrip("/") + "/"
        return [f for f in self.files if f.rel.startswith(prefix) or rel_dir in ("", ".")]


def root_labels(roots: list[Path]) -> dict[Path, str]:
    """Label prefix per root: empty for a single root, the folder name when there are several."""
    if len(roots) == 1:
        return {roots[0]: ""}
    labels: dict[Path, str] = {}
    for root in roots:
        base = root.name or "root"
        label, n = base, 2
        while label in labels.values():
            label, n = f"{base}-{n}", n + 1
        labels[root] = label
    return labels


def discover(roots: list[Path], exclude_dirs: frozenset[str] = frozenset()) -> Inventory:
    """List every regular file under `roots`, never following a symlink."""
    resolved = [r.resolve() for r in roots]
    inventory = Inventory(roots=resolved)
    labels = root_labels(resolved)
    skipped = SKIPPED_DIRS | exclude_dirs
    for root in resolved:
        prefix = labels[root]
        if root.is_file():
            rel = f"{prefix}/{root.name}" if prefix else root.name
            inventory.files.append(SourceFile(root.parent, root, rel, root.stat().st_size))
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            current = Path(dirpath)
            kept = []
            for d in sorted(dirnames):
                full = current / d
                if full.is_symlink():
                    inventory.diagnostics.append(_symlink_diagnostic(root, full, prefix))
                elif d not in skipped:
                    kept.append(d)
            dirnames[:] = kept
            for name in sorted(filenames):
                full = current / name
                rel = _label(root, full, prefix)
                if full.is_symlink():
                    inventory.diagnostics.append(_symlink_diagnostic(root, full, prefix))
                    continue
                try:
                    st = full.stat()
                except OSError as err:
                    inventory.diagnostics.append(Diagnostic(
                        severity=Severity.WARNING, code="unreadable-file", file=rel,
                        message=f"cannot be read: {err.strerror}"))
                    continue
                if not full.is_file():
                    continue
                inventory.files.append(SourceFile(root, full, rel, st.st_size))
    inventory.files.sort(key=lambda f: f.rel)
    return inventory


def read_text(source: SourceFile, max_bytes: int = MAX_TEXT_BYTES) -> tuple[str | None, Diagnostic | None]:
    """Read a file as UTF-8 text, or say why it was skipped (too large, binary, not UTF-8)."""
    if source.size > max_bytes:
        return None, Diagnostic(
            severity=Severity.WARNING, code="file-too-large", file=source.rel,
            message=f"skipped: {source.size // (1024 * 1024)} MiB is over the "
                    f"{max_bytes // (1024 * 1024)} MiB limit for one file")
    try:
        data = source.path.read_bytes()
    except OSError as err:
        return None, Diagnostic(severity=Severity.WARNING, code="unreadable-file",
                                file=source.rel, message=f"cannot be read: {err.strerror}")
    if b"\x00" in data[:8192]:
        return None, Diagnostic(severity=Severity.INFO, code="binary-file", file=source.rel,
                                message="skipped: binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, Diagnostic(severity=Severity.WARNING, code="not-utf8", file=source.rel,
                                line=line, message="skipped: not valid UTF-8 text")
    return text, None


def _label(root: Path, path: Path, prefix: str) -> str:
    rel = path.relative_to(root).as_posix()
    return f"{prefix}/{rel}" if prefix else rel


def _symlink_diagnostic(root: Path, link: Path, prefix: str) -> Diagnostic:
    rel = _label(root, link, prefix)
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return Diagnostic(severity=Severity.WARNING, code="symlink-broken", file=rel,
                          message="symlink not followed: it is broken or loops")
    if target == root or root in target.parents:
        if link.is_dir() and (target == root or target in link.parents or link.parent == target):
            why = "it loops back to a parent folder"
        else:
            why = "symlinks are never followed; scan the target directly if it matters"
        return Diagnostic(severity=Severity.INFO, code="symlink-skipped", file=rel,
                          message=f"symlink not followed: {why}")
    return Diagnostic(severity=Severity.WARNING, code="symlink-outside-root", file=rel,
                      message="symlink not followed: it points outside the scanned root")
