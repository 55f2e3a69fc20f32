"""Versioned database migrations (Flyway, Liquibase, Alembic, EF Core, golang-migrate, Django)
as `Migrations` resources: one per folder, with its tool, versions, owning service and the
database/schema it targets when that is visible.

The owner is the service whose source folder holds the migrations. The database is the one
datastore of category db that the owner uses (its db edge), the schema the one its Flyway
settings name (`flyway.schemas`, `spring.flyway.schemas` / `default-schema`), else "default".
Only file names and settings are read: no migration is ever run or imported.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict

from analyzer.ingest.files import Inventory, SourceFile, read_text
from analyzer.ingest.platform.common import Collected, ServiceIndex, text
from analyzer.model import DatastoreCategory, EdgeKind, Resource, SystemModel

MAX_VERSIONS = 50
_FLYWAY = re.compile(r"^[VUR](\d+(?:[._]\d+)*)?__.+\.sql$", re.IGNORECASE)
_GOLANG = re.compile(r"^(\d+)_[^.]+\.(up|down)\.sql$")
_EF = re.compile(r"^(\d{14})_[A-Za-z0-9_]+\.cs$")
_DJANGO = re.compile(r"^(\d{4})_[A-Za-z0-9_]+\.py$")
_ALEMBIC = re.compile(r"^([0-9a-f]{4,40})_[A-Za-z0-9_]+\.py$")
_LIQUIBASE = re.compile(r"^(db\.)?changelog[A-Za-z0-9_.-]*\.(xml|ya?ml|json|sql)$", re.I)
_SCHEMA = re.compile(r"^\s*(?:spring\.)?flyway\.(?:schemas|default-schema)\s*[=:]\s*"
                     r"([A-Za-z0-9_,.-]{1,200})", re.MULTILINE)
_YAML_SCHEMA = re.compile(r"^\s*(?:schemas|default-schema)\s*:\s*['\"]?([A-Za-z0-9_,.-]{1,200})",
                          re.MULTILINE)
_SETTINGS = ("flyway.conf", "flyway.toml", "application.properties", "application.yml",
             "application.yaml")


def migration_tool(source: SourceFile, folders: set[str]) -> tuple[str, str] | None:
    """(tool, version) when `source` is one migration of a known tool, else None.

    `folders` holds every folder of the inventory (an Alembic `versions/` folder counts only
    next to its `env.py`, a Django `migrations/` folder only with its `__init__.py`).
    """
    name, folder = source.name, posixpath.dirname(source.rel)
    parent = posixpath.basename(folder).lower()
    if (m := _FLYWAY.match(name)) and ("migration" in folder.lower() or "/db/" in
                                       f"/{folder}/"):
        return "flyway", m.group(1) or name
    if (m := _GOLANG.match(name)) and m.group(2) == "up":
        return "golang-migrate", m.group(1)
    if (m := _EF.match(name)) and parent == "migrations" and not name.endswith(".Designer.cs"):
        return "ef-core", m.group(1)
    if parent == "migrations" and (m := _DJANGO.match(name)) and \
            f"{folder}/__init__.py" in folders:
        return "django", m.group(1)
    if parent == "versions" and (m := _ALEMBIC.match(name)) and \
            f"{posixpath.dirname(folder)}/env.py" in folders:
        return "alembic", m.group(1)
    if _LIQUIBASE.match(name) and "changelog" in folder.lower() + name.lower():
        return "liquibase", name
    return None


def read_migrations(inventory: Inventory, model: SystemModel, index: ServiceIndex,
                    out: Collected) -> None:
    files = {f.rel for f in inventory.files}
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for source in inventory.files:
        found = migration_tool(source, files)
        if found:
            groups[(posixpath.dirname(source.rel), found[0])].append((found[1], source.rel))
    databases = _databases(model)
    for (folder, tool), entries in sorted(groups.items()):
        versions = [v for v, _ in entries]
        owner = index.folder(folder) or next(iter(sorted(index.words(folder.replace("/", " ")))),
                                             None)
        schema = _schema(inventory, index, owner) if owner else None
        ordered = sorted(set(versions), key=_version_key)
        database = databases.get(owner) if owner else None
        out.resources.append(Resource(kind="Migrations", name=folder, file=min(f for _, f in entries),
                                      line=1,
                                      service=owner, facts={
            "tool": tool, "count": len(versions), "versions": ordered[:MAX_VERSIONS],
            "latest": ordered[-1], "folder": folder, "database": database,
            "schema": schema or "default",
            "target": f"{database}/{schema or 'default'}" if database else None,
            "services": [owner] if owner else []}))


def _databases(model: SystemModel) -> dict[str, str]:
    """service -> the one db datastore it uses (services using several are left out)."""
    stores = {d.id for d in model.datastores if d.category == DatastoreCategory.DB}
    used: dict[str, set[str]] = defaultdict(set)
    for edge in model.edges:
        if edge.kind == EdgeKind.DB and edge.target in stores:
            used[edge.source].add(edge.target)
    return {s: next(iter(t)) for s, t in used.items() if len(t) == 1}


def _schema(inventory: Inventory, index: ServiceIndex, owner: str) -> str | None:
    folder = index.by_id[owner].source_dir or ""
    for source in inventory.under(folder):
        if source.name not in _SETTINGS:
            continue
        body, _ = read_text(source)
        if not body:
            continue
        pattern = _YAML_SCHEMA if source.name.endswith((".yml", ".yaml")) else _SCHEMA
        if source.name.endswith((".yml", ".yaml")) and "flyway" not in body:
            continue
        if m := pattern.search(body):
            return text(m.group(1).split(",")[0])
    return None


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[._]", version)), version
