"""The accuracy evaluator's own logic on a tiny made-up system: id mapping, topic collapsing,
optional edges, infra nodes, kind accuracy, micro averages; plus the corpus files' consistency
and materialize.py on a throw-away git mirror."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ACCURACY = Path(__file__).resolve().parents[2] / "benchmarks" / "accuracy"


def _load(name: str):
    if str(ACCURACY) not in sys.path:
        sys.path.insert(0, str(ACCURACY))
    spec = importlib.util.spec_from_file_location(f"accuracy_{name}", ACCURACY / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scoring = _load("scoring")
materialize = _load("materialize")

TRUTH = {
    "system": "tiny",
    "services": {"web": {"aliases": ["web-v1", "web-v2"]}, "orders": {}, "billing": {}},
    "datastores": {"orders_db": {"aliases": ["postgres"]}},
    "infra": {"collector": {}},
    "edges": [
        {"source": "web", "target": "orders", "kind": "http", "evidence": "web.py:3"},
        {"source": "orders", "target": "orders_db", "kind": "db", "evidence": "db.py:1"},
        {"source": "orders", "target": "billing", "kind": "async", "evidence": "ev.py:9"},
        {"source": "web", "target": "billing", "kind": "grpc", "evidence": "web.py:7"},
    ],
    "optional": [{"source": "billing", "target": "orders", "why": "feature flag"}],
    "non_edges": [{"source": "orders", "target": "web", "why": "callback URL"}],
}


def _edge(src: str, dst: str, kind: str) -> dict:
    return {"source": src, "target": dst, "kind": kind,
            "evidence": [{"file": "f.py", "line": 1, "detail": f"{src}->{dst}"}]}


FACTS = {
    "services": [{"id": "web-v1"}, {"id": "orders"}, {"id": "billing"}],
    "datastores": [{"id": "postgres"}],
    "edges": [
        _edge("web-v1", "orders", "http"),              # alias mapped: true positive
        _edge("web-v2", "orders", "http"),              # same pair again: counted once
        _edge("orders", "postgres", "db"),              # datastore alias: true positive
        _edge("orders", "topic:order-events", "async"),  # collapsed with the next one
        _edge("topic:order-events", "billing", "async"),
        _edge("web-v1", "billing", "http"),             # true pair, wrong kind
        _edge("billing", "orders", "http"),             # optional: ignored
        _edge("orders", "web", "http"),                 # trap: false edge
        _edge("orders", "collector", "grpc"),           # infra not marked: false edge
        _edge("web", "web-v2", "http"),                 # self edge after mapping: dropped
        _edge("topic:unused", "orders", "async"),        # topic with no producer: dropped
    ],
}


def test_score_counts_true_false_and_missing_edges():
    truth = scoring.Truth.from_dict(TRUTH)
    s = scoring.score(FACTS, truth)
    assert s.tp == [("orders", "billing"), ("orders", "orders_db"), ("web", "billing"), ("web", "orders")]
    assert s.fp == [("orders", "collector"), ("orders", "web")]
    assert s.fn == []
    assert s.precision == pytest.approx(4 / 6)
    assert s.recall == 1.0
    assert s.f1 == pytest.approx(0.8)
    assert s.kind_right == 3
    assert s.kind_wrong == [(("web", "billing"), "grpc", ["http"])]


def test_misses_and_unknown_nodes():
    truth = scoring.Truth.from_dict(TRUTH)
    facts = {"edges": [_edge("web", "orders", "http"), _edge("web", "payments", "http")]}
    s = scoring.score(facts, truth)
    assert s.fp == [("web", "?payments")]
    assert s.fn == [("orders", "billing"), ("orders", "orders_db"), ("web", "billing")]
    assert s.recall == pytest.approx(1 / 4)


def test_infra_marked_by_archgov_is_not_a_false_edge():
    truth = scoring.Truth.from_dict(TRUTH)
    facts = {"services": [{"id": "collector", "kind": "infra"}],
             "edges": [_edge("web", "orders", "http"), _edge("orders", "collector", "grpc")]}
    assert scoring.score(facts, truth).fp == []


def test_micro_average_sums_counts_over_systems():
    truth = scoring.Truth.from_dict(TRUTH)
    full = scoring.score(FACTS, truth)
    empty = scoring.score({"edges": []}, truth)
    p, r, f1, kinds = scoring.micro([full, empty])
    assert p == pytest.approx(4 / 6)
    assert r == pytest.approx(4 / 8)
    assert f1 == pytest.approx(2 * p * r / (p + r))
    assert kinds == pytest.approx(3 / 4)


def test_truth_rejects_undeclared_nodes_and_double_listing():
    bad = dict(TRUTH, edges=[{"source": "web", "target": "ghost", "kind": "http"}])
    with pytest.raises(ValueError, match="ghost"):
        scoring.Truth.from_dict(bad)
    twice = dict(TRUTH, optional=[{"source": "web", "target": "orders"}])
    with pytest.raises(ValueError, match="twice"):
        scoring.Truth.from_dict(twice)


def test_corpus_manifest_and_truth_files_are_consistent():
    systems = materialize.load_manifest()
    assert len(systems) >= 12
    assert sum(1 for s in systems if s.get("fixture_style") is False) >= 6
    ids = [s["id"] for s in systems]
    assert len(ids) == len(set(ids))
    for system in systems:
        assert re.fullmatch(r"[0-9a-f]{40}", system["commit"]), system["id"]
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", system["repo"]), system["id"]
        doc = yaml.safe_load((ACCURACY / "truth" / f"{system['id']}.yaml").read_text(encoding="utf-8"))
        truth = scoring.Truth.from_dict(doc)
        assert doc["system"] == system["id"] and doc.get("derived")
        assert truth.edges, system["id"]
        for edge in doc["edges"]:
            assert edge["kind"] in {"http", "grpc", "thrift", "async", "db", "cache"}
            assert edge.get("evidence"), (system["id"], edge)


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
                               "HOME": str(cwd), "PATH": "/usr/bin:/bin:/usr/local/bin"}).stdout


def test_materialize_extracts_the_subfolder_at_the_commit_and_prunes(tmp_path):
    work = tmp_path / "work"
    (work / "sys" / "svc").mkdir(parents=True)
    (work / "sys" / "svc" / "main.py").write_text("print('v1')\n")
    (work / "sys" / "helm").mkdir()
    (work / "sys" / "helm" / "values.yaml").write_text("a: 1\n")
    (work / "other.txt").write_text("not part of the system\n")
    _git("init", "-q", cwd=work)
    _git("add", "-A", cwd=work)
    _git("commit", "-qm", "one", cwd=work)
    commit = _git("rev-parse", "HEAD", cwd=work).strip()
    (work / "sys" / "svc" / "main.py").write_text("print('v2')\n")
    _git("commit", "-qam", "two", cwd=work)
    mirrors = tmp_path / "mirrors"
    _git("clone", "-q", "--bare", str(work), str(mirrors / "acme+shop" / "repo"), cwd=tmp_path)
    system = {"id": "shop", "repo": "acme/shop", "commit": commit, "subfolder": "sys", "prune": ["helm"]}
    target = tmp_path / "corpus"
    assert materialize.materialize(system, mirrors, target) == ""
    assert (target / "shop" / "svc" / "main.py").read_text() == "print('v1')\n"
    assert not (target / "shop" / "helm").exists()
    assert not (target / "shop" / "other.txt").exists()
    missing = dict(system, repo="acme/none")
    assert "no mirror" in materialize.materialize(missing, mirrors, target)


causes = _load("causes")


def test_causes_group_misses_and_false_edges():
    doc = dict(TRUTH, edges=TRUTH["edges"] + [
        {"source": "billing", "target": "orders", "kind": "thrift", "evidence": "src/Billing.cpp:12"},
        {"source": "web", "target": "orders_db", "kind": "db", "evidence": "web.py:9",
         "mechanism": "host is a code default"},
    ], optional=[])
    truth = scoring.Truth.from_dict(doc)
    facts = {"services": [{"id": "web"}, {"id": "orders"}, {"id": "billing"}],
             "edges": [_edge("orders", "collector", "grpc"),
                       {"source": "billing", "target": "web", "kind": "depends-on",
                        "evidence": [{"file": "docker-compose.yml", "line": 4, "detail": "depends_on web"}]},
                       {"source": "web", "target": "billing", "kind": "http",
                        "evidence": [{"file": "config/.env", "line": 2, "detail": "BILLING=billing"}]}]}
    s = scoring.score(facts, truth)
    nodes = causes.archgov_nodes(facts, truth)
    assert causes.miss_cause(("billing", "orders"), truth, nodes) == \
        "code in a language with no extractor (C++)"
    assert causes.miss_cause(("web", "orders_db"), truth, nodes) == \
        "target not recognised as a node (identity / datastore not declared)"
    assert "message flow" in causes.miss_cause(("orders", "billing"), truth, nodes)
    assert causes.false_cause(("orders", "collector"), s, truth).startswith("infrastructure")
    assert causes.false_cause(("billing", "web"), s, truth).startswith("compose depends_on")
    misses, falses = causes.grouped([(s, truth, nodes)])
    assert sum(misses.values()) == len(s.fn)
    assert sum(falses.values()) == len(s.fp) == 2
    nodes_all = nodes | {"orders_db"}
    assert causes.miss_cause(("web", "orders_db"), truth, nodes_all) == "not resolved: host is a code default"
