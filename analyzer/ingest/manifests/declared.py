"""What one manifest declares about one workload, before identities are merged.

Compose and Kubernetes readers both produce `Declared` records; `assemble` merges the records
that name the same service and turns them into model nodes and edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.model import Evidence, Origin


@dataclass(frozen=True)
class EnvEntry:
    """One environment value reaching a workload, with where it was written.

    `secret` marks values read from a Kubernetes Secret: used to resolve hosts, never printed.
    """

    key: str
    value: str
    origin: Origin
    file: str
    line: int | None
    secret: bool = False


@dataclass(frozen=True)
class DependsOn:
    """A compose `depends_on` or `links` entry."""

    target: str
    file: str
    line: int | None
    detail: str


@dataclass(frozen=True)
class Declared:
    """A compose service or a Kubernetes workload (with the Services selecting it)."""

    id: str
    platform: str  # "compose" | "kubernetes" | "aspire" | "dockerfile"
    namespace: str | None = None
    image: str | None = None
    source_dir: str | None = None  # compose build context, root-relative POSIX label
    dockerfile: str | None = None  # compose build.dockerfile, root-relative POSIX label
    replicas: int | None = None
    ports: tuple[int, ...] = ()
    aliases: frozenset[str] = frozenset()
    env: tuple[EnvEntry, ...] = ()
    depends_on: tuple[DependsOn, ...] = ()
    entry_points: frozenset[str] = frozenset()
    declared_in: tuple[Evidence, ...] = field(default_factory=tuple)
    port_protocols: tuple[tuple[int, str], ...] = ()  # (port, "grpc" | "http")
