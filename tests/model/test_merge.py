"""Merging facts documents produced separately."""

import pytest

from analyzer.model import Edge, EdgeKind, Evidence, Origin, Service, SystemModel
from analyzer.model.merge import IncompatibleModel, merge_models


def _ev(file: str) -> Evidence:
    return Evidence(origin=Origin.MANIFEST, file=file, line=1)


def test_merge_unions_services_and_edge_evidence():
    a = SystemModel(services=[Service(id="x", image="x:1")],
                    edges=[Edge(source="x", target="y", kind=EdgeKind.HTTP, evidence=[_ev("a.yml")])])
    b = SystemModel(services=[Service(id="x", replicas=3), Service(id="y")],
                    edges=[Edge(source="x", target="y", kind=EdgeKind.HTTP, evidence=[_ev("b.yml")])])
    merged = merge_models([a, b])
    assert [s.id for s in merged.services] == ["x", "y"]
    assert merged.service("x").image == "x:1" and merged.service("x").replicas == 3
    assert len(merged.edges) == 1
    assert [e.file for e in merged.edges[0].evidence] == ["a.yml", "b.yml"]


def test_merge_refuses_other_major_schema():
    with pytest.raises(IncompatibleModel):
        merge_models([SystemModel(schema_version="9.0")])
