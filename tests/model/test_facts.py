"""The facts document: JSON round trip, determinism and the committed schema."""

from pathlib import Path

import jsonschema

from analyzer.model import (
    Datastore,
    DatastoreCategory,
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    Origin,
    Service,
    Severity,
    SystemModel,
)
from analyzer.model.facts import SCHEMA_VERSION, facts_json_schema
from analyzer.model.schema import schema_text

REPO = Path(__file__).resolve().parents[2]


def sample_model() -> SystemModel:
    ev = Evidence(origin=Origin.MANIFEST, file="docker-compose.yml", line=12, detail="env X=http://b")
    return SystemModel(
        roots=["shop"],
        services=[Service(id="b", ports=[80, 80]), Service(id="a", entry_points=["gateway"])],
        datastores=[Datastore(id="db", technology="postgres", category=DatastoreCategory.DB)],
        edges=[
            Edge(source="a", target="db", kind=EdgeKind.DB, evidence=[ev, ev]),
            Edge(source="a", target="b", kind=EdgeKind.HTTP, evidence=[ev]),
        ],
        diagnostics=[Diagnostic(severity=Severity.WARNING, code="x", message="m", file="f", line=3)],
    )


def test_round_trip_is_identical():
    text = sample_model().to_json()
    assert SystemModel.from_json(text).to_json() == text


def test_json_is_sorted_and_deduplicated():
    model = SystemModel.from_json(sample_model().to_json())
    assert [s.id for s in model.services] == ["a", "b"]
    assert [e.target for e in model.edges] == ["b", "db"]
    assert len(model.edges[1].evidence) == 1
    assert model.service("b").ports == [80]
    assert model.schema_version == SCHEMA_VERSION


def test_document_validates_against_its_schema():
    import json

    jsonschema.validate(json.loads(sample_model().to_json()), facts_json_schema())


def test_committed_schema_is_current():
    committed = REPO / "docs" / "facts.schema.json"
    assert committed.exists(), "run: python -m analyzer.model.schema docs/facts.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text(), (
        "docs/facts.schema.json is stale: run python -m analyzer.model.schema docs/facts.schema.json")


def test_diagnostic_renders_file_and_line():
    d = Diagnostic(severity=Severity.ERROR, code="yaml-parse-error", message="bad", file="k8s/a.yaml", line=7)
    assert d.render() == "k8s/a.yaml:7: error: bad [yaml-parse-error]"
