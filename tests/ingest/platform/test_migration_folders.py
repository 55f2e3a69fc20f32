"""Migration folders of every supported tool, their owner and their target."""

from __future__ import annotations

import pytest

from platformfacts import kinds

COMPOSE = """services:
  orders:
    build: ./orders
    environment: {DB_URL: "jdbc:postgresql://orders-db:5432/orders"}
  billing:
    build: ./billing
    environment: {DATABASE_URL: "postgresql://shared-db:5432/billing"}
  orders-db: {image: "postgres:16"}
  shared-db: {image: "postgres:16"}
"""

TOOLS = {
    "flyway": {"orders/src/main/resources/db/migration/V1__init.sql": "select 1;",
               "orders/src/main/resources/db/migration/V1_1__more.sql": "select 1;",
               "orders/src/main/resources/db/migration/V10__later.sql": "select 1;"},
    "liquibase": {"orders/src/main/resources/db/changelog/db.changelog-master.yaml":
                  "databaseChangeLog: []\n"},
    "alembic": {"orders/alembic/env.py": "", "orders/alembic/versions/ab12cd34ef56_init.py": ""},
    "ef-core": {"orders/Migrations/20240101120000_Init.cs": "class Init {}",
                "orders/Migrations/20240101120000_Init.Designer.cs": "class X {}"},
    "golang-migrate": {"orders/migrations/000001_init.up.sql": "select 1;",
                       "orders/migrations/000001_init.down.sql": "select 1;"},
    "django": {"orders/app/migrations/__init__.py": "",
               "orders/app/migrations/0001_initial.py": ""},
}


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_each_tool_is_recognised_and_owned_by_its_service(scan_tree, tool):
    model = scan_tree({"docker-compose.yml": COMPOSE, **TOOLS[tool]})
    [found] = kinds(model, "Migrations")
    assert (found.service, found.facts["tool"], found.facts["count"]) == ("orders", tool, 1
                                                                         if tool != "flyway" else 3)
    assert found.facts["target"] == "orders-db/default"


def test_flyway_versions_are_ordered_and_the_schema_comes_from_settings(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, **TOOLS["flyway"],
                       "orders/src/main/resources/application.yml":
                           "spring:\n  flyway:\n    schemas: sales,audit\n"})
    [found] = kinds(model, "Migrations")
    assert found.facts["versions"] == ["1", "1_1", "10"] and found.facts["latest"] == "10"
    assert found.facts["target"] == "orders-db/sales"
    assert found.file == "orders/src/main/resources/db/migration/V10__later.sql"


def test_look_alikes_are_not_migrations(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE,
                       "billing/versions/ab12cd34_init.py": "",  # no alembic env.py
                       "billing/migrations/0001_initial.py": "",  # no __init__.py
                       "billing/sql/V1__init.sql": "select 1;"})  # not a migration folder
    assert kinds(model, "Migrations") == []
