"""Per-file cache of extraction results, keyed by content hash, stored as small JSON files.

key = sha256(extractor version + language + file bytes), so an unchanged file is never
parsed twice and an edited extractor invalidates only its own language. The location follows
the user-cache convention (`$XDG_CACHE_HOME/archgov`, else `~/.cache/archgov`); `cache_dir=""`
disables caching (the CLI's `--no-cache`). A corrupt or unwritable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from analyzer.ingest.code.facts import FileFacts


class FactsCache:
    """Read/write FileFacts by key; a disabled cache misses every lookup and stores nothing."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.directory is not None

    def get(self, key: str) -> FileFacts | None:
        if self.directory is None:
            self.misses += 1
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            facts = FileFacts.from_dict(data)
        except (OSError, ValueError, TypeError, KeyError):
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts: FileFacts) -> None:
        if self.directory is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(facts.to_dict(), out, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            return  # a read-only or full cache only costs speed

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / "code" / key[:2] / f"{key}.json"


def open_cache(cache_dir: str | os.PathLike | None) -> FactsCache:
    """None -> the default user cache folder; "" -> disabled; anything else -> that folder."""
    if cache_dir is None:
        return FactsCache(default_cache_dir())
    if str(cache_dir) == "":
        return FactsCache(None)
    return FactsCache(Path(cache_dir))


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/archgov` when set (and absolute), else `~/.cache/archgov`."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "archgov"


def cache_key(version: str, language: str, data: bytes) -> str:
    """sha256 over extractor version, language and the file's bytes."""
    digest = hashlib.sha256()
    digest.update(version.encode())
    digest.update(b"\x00")
    digest.update(language.encode())
    digest.update(b"\x00")
    digest.update(data)
    return digest.hexdigest()
