"""Walk the scanned roots safely: no symlink is followed, odd files become diagnostics.

Every ingestor reads its files through `discover`, so the rules about what is read
(size limits, binary files, symlinks, special files, skipped folders, nesting depth) live in
one place. The walk keeps its own stack, so no folder depth can overflow Python's; a FIFO,
socket or device is listed as a diagnostic and never opened. A name that is not valid UTF-8
keeps its real path for reading, and gets a printable label (`\\xNN` for each such byte).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.model import Diagnostic, Severity

SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox",
                          ".mypy_cache", ".pytest_cache", ".idea", ".vscode"})
MAX_TEXT_BYTES = 8 * 1024 * 1024
# Folder levels below a root that are walked; real repositories stay far below (a Java
# package path is ~15), and a deeper tree is a hostile or generated one.
MAX_FOLDER_DEPTH = 256
_SPECIAL = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
            (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


@dataclass(frozen=True)
class SourceFile:
    """A regular file under a root; `rel` is its label in evidence (POSIX, root-relative,
    always valid UTF-8); `path` is the real path it is read from."""

    root: Path
    path: Path
    rel: str
    size: int

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]


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
        base = printable(root.name) or "root"
        label, n = base, 2
        while label in labels.values():
            label, n = f"{base}-{n}", n + 1
        labels[root] = label
    return labels


def printable(name: str) -> str:
    """`name` as valid UTF-8 text: each byte that did not decode is spelled `\\xNN`."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def discover(roots: list[Path], exclude_dirs: frozenset[str] = frozenset()) -> Inventory:
    """List every regular file under `roots`, never following a symlink (sorted by label)."""
    resolved = [r.resolve() for r in roots]
    inventory = Inventory(roots=resolved)
    labels = root_labels(resolved)
    for root in resolved:
        _Walk(root, labels[root], SKIPPED_DIRS | exclude_dirs, inventory).run()
    inventory.files.sort(key=lambda f: f.rel)
    return inventory


def read_bytes(source: SourceFile, max_bytes: int = MAX_TEXT_BYTES
               ) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of a regular file, or why not. Opened without blocking and without following
    a symlink, and checked to still be a regular file, so a FIFO swapped in is never read."""
    if source.size > max_bytes:
        return None, _too_large(source, source.size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(source.path, flags)
    except OSError as err:
        return None, _unreadable(source.rel, err)
    with os.fdopen(fd, "rb") as handle:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None, Diagnostic(severity=Severity.WARNING, code="special-file",
                                        file=source.rel, message="skipped: no longer a regular file")
            data = handle.read(max_bytes + 1)
        except OSError as err:
            return None, _unreadable(source.rel, err)
    if len(data) > max_bytes:
        return None, _too_large(source, len(data), max_bytes)
    return data, None


def read_text(source: SourceFile, max_bytes: int = MAX_TEXT_BYTES) -> tuple[str | None, Diagnostic | None]:
    """Read a file as UTF-8 text, or say why it was skipped (too large, binary, not UTF-8)."""
    data, problem = read_bytes(source, max_bytes)
    if data is None:
        return None, problem
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


class _Walk:
    """One root's depth-first walk: folders in sorted order, each before its subfolders."""

    def __init__(self, root: Path, prefix: str, skipped: frozenset[str], out: Inventory) -> None:
        self.root, self.prefix, self.skipped, self.out = root, prefix, skipped, out

    def run(self) -> None:
        root = self.root
        try:
            st = root.lstat() if root.is_symlink() else root.stat()
        except OSError as err:
            self.out.diagnostics.append(_unreadable(self.prefix or root.name, err))
            return
        if not stat.S_ISDIR(st.st_mode):
            label = self.prefix + "/" + printable(root.name) if self.prefix else printable(root.name)
            self._file(root, label, st, root.parent)
            return
        stack: list[tuple[Path, str, int]] = [(root, "", 0)]
        while stack:
            folder, rel, depth = stack.pop()
            stack.extend(reversed(self._folder(folder, rel, depth)))

    def _folder(self, folder: Path, rel: str, depth: int) -> list[tuple[Path, str, int]]:
        """List one folder: record its files, return its subfolders to walk (sorted)."""
        try:
            with os.scandir(folder) as entries:
                listed = sorted((e.name, *_kind(e)) for e in entries)
        except OSError as err:
            self.out.diagnostics.append(Diagnostic(
                severity=Severity.WARNING, code="unreadable-folder", file=self._label(rel) or ".",
                message=f"folder not read: {err.strerror or err}"))
            return []
        subfolders, files = [], []
        links = {name for name, _d, link in listed if link}
        for name, is_dir, _link in listed:
            (subfolders if is_dir else files).append(name)
        kept = []
        for name in subfolders:
            full, child = folder / name, f"{rel}/{name}" if rel else name
            if name in links:
                self.out.diagnostics.append(_symlink_diagnostic(self.root, full, self._label(child)))
            elif name in self.skipped:
                continue
            elif depth + 1 > MAX_FOLDER_DEPTH:
                self.out.diagnostics.append(Diagnostic(
                    severity=Severity.WARNING, code="folder-too-deep", file=self._label(child),
                    message=f"folder not read: nested more than {MAX_FOLDER_DEPTH} levels "
                            f"below the scanned root (MAX_FOLDER_DEPTH)"))
            else:
                self._name_check(name, child)
                kept.append((full, child, depth + 1))
        for name in files:
            full, child = folder / name, f"{rel}/{name}" if rel else name
            label = self._label(child)
            try:
                st = full.lstat()
            except OSError as err:
                self.out.diagnostics.append(_unreadable(label, err))
                continue
            if stat.S_ISLNK(st.st_mode):
                self.out.diagnostics.append(_symlink_diagnostic(self.root, full, label))
                continue
            self._name_check(name, child)
            self._file(full, label, st, self.root)
        return kept

    def _file(self, full: Path, label: str, st: os.stat_result, root: Path) -> None:
        if stat.S_ISREG(st.st_mode):
            self.out.files.append(SourceFile(root, full, label, st.st_size))
            return
        what = next((name for test, name in _SPECIAL if test(st.st_mode)), "not a regular file")
        self.out.diagnostics.append(Diagnostic(
            severity=Severity.INFO, code="special-file", file=label,
            message=f"skipped: {what}, never opened"))

    def _name_check(self, name: str, rel: str) -> None:
        if printable(name) != name:
            self.out.diagnostics.append(Diagnostic(
                severity=Severity.INFO, code="non-utf8-file-name", file=self._label(rel),
                message="name is not valid UTF-8: labelled with \\xNN for each undecodable "
                        "byte, read by its real name"))

    def _label(self, rel: str) -> str:
        rel = printable(rel)
        return f"{self.prefix}/{rel}" if self.prefix and rel else (self.prefix or rel)


def _kind(entry: os.DirEntry) -> tuple[bool, bool]:
    """(is a folder, is a symlink); like os.walk, a symlink to a folder counts as a folder."""
    try:
        return entry.is_dir(), entry.is_symlink()
    except OSError:
        return False, False


def _unreadable(label: str, err: OSError) -> Diagnostic:
    return Diagnostic(severity=Severity.WARNING, code="unreadable-file", file=label,
                      message=f"cannot be read: {err.strerror or err}")


def _too_large(source: SourceFile, size: int, max_bytes: int) -> Diagnostic:
    return Diagnostic(severity=Severity.WARNING, code="file-too-large", file=source.rel,
                      message=f"skipped: {size // (1024 * 1024)} MiB is over the "
                              f"{max_bytes // (1024 * 1024)} MiB limit for one file")


def _symlink_diagnostic(root: Path, link: Path, rel: str) -> Diagnostic:
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
