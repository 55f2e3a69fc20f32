"""Which service a file belongs to: the service whose source folder most deeply encloses it."""

from __future__ import annotations

from analyzer.model import SystemModel


class ServiceDirs:
    """Service source folders (labels), deepest first, to map file labels to service ids."""

    def __init__(self, model: SystemModel) -> None:
        dirs = [(_norm(s.source_dir), s.id) for s in model.services if s.source_dir is not None]
        self.dirs = sorted(dirs, key=lambda d: (-len(d[0]), d[0], d[1]))

    def owner(self, label: str) -> str | None:
        """The id of the service owning the file `label`, or None."""
        for prefix, service in self.dirs:
            if not prefix or label == prefix or label.startswith(prefix + "/"):
                return service
        return None

    def folders(self) -> list[str]:
        return sorted({prefix for prefix, _s in self.dirs})


def _norm(path: str) -> str:
    path = path.strip().removeprefix("./").strip("/")
    return "" if path in ("", ".") else path
