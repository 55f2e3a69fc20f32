"""History analyses over hand-built facts: per-service stats, bus factor, change coupling
thresholds, dependency-only and large commits, and polyrepo grouping."""

from __future__ import annotations

from analyzer.analysis.history import (
    bus_factor,
    change_pairs,
    coupled_pairs,
    file_stats,
    logical_changes,
    service_stats,
)
from analyzer.model import Service, SystemModel
from analyzer.model.history import AuthorShare, ChangeKind, ChangeSet, FileHistory, HistoryRepo

REPO = HistoryRepo(path="", head="0" * 12, since="2025-01-01T00:00:00Z",
                   until="2025-12-31T00:00:00Z")


def _change(n: int, services: list[str], kind=ChangeKind.CODE, repo="", author="ann",
            hour=0, ticket=None) -> ChangeSet:
    return ChangeSet(repo=repo, commit=f"{n:012x}", date=f"2025-03-{(n % 28) + 1:02d}T{hour:02d}:00:00Z",
                     author=author, kind=kind, ticket=ticket, services=services)


def _model(changes, files=()) -> SystemModel:
    services = [Service(id=s) for s in ("a", "b", "c")]
    return SystemModel(services=services, history_repos=[REPO], change_sets=list(changes),
                       file_history=list(files))


def test_bus_factor_and_main_author():
    assert bus_factor({"ann": 60, "ben": 40}) == 1
    assert bus_factor({"ann": 50, "ben": 30, "cy": 20}) == 2
    assert bus_factor({}) == 0
    files = [FileHistory(file="a/x.py", service="a", revisions=3, added=80, deleted=20,
                         last_change="2025-12-01T00:00:00Z",
                         authors=[AuthorShare(author="ann", revisions=2, churn=70),
                                  AuthorShare(author="ben", revisions=1, churn=30)])]
    model = _model([_change(1, ["a"]), _change(2, ["a"], ChangeKind.DEPENDENCY_ONLY)], files)
    row = service_stats(model).set_index("service").loc["a"]
    assert (row.revisions, row.code_revisions, row.churn, row.main_author,
            row.main_author_share, row.bus_factor, row.age_days) == (2, 1, 100, "ann", 0.7, 1, 30)
    assert file_stats(model).iloc[0].churn == 100


def test_coupling_degree_and_thresholds():
    changes = ([_change(i, ["a", "b"]) for i in range(5)] + [_change(10 + i, ["a"]) for i in range(5)]
               + [_change(20 + i, ["b", "c"]) for i in range(2)] + [_change(30, ["c"])])
    pairs = change_pairs(_model(changes))
    assert [(r.service_a, r.service_b, r.shared, r.revisions_a, r.revisions_b, r.degree)
            for r in pairs.itertuples()] == [("a", "b", 5, 10, 7, 0.5882), ("b", "c", 2, 7, 3, 0.4)]
    assert [(r.service_a, r.service_b) for r in coupled_pairs(_model(changes)).itertuples()] == [
        ("a", "b")]
    assert coupled_pairs(_model(changes), min_degree=0.6).empty
    assert coupled_pairs(_model(changes), min_shared=6).empty


def test_lockstep_dependency_bumps_and_large_commits_do_not_couple():
    changes = ([_change(i, ["a", "b", "c"], ChangeKind.DEPENDENCY_ONLY) for i in range(8)]
               + [_change(10 + i, ["a", "b"], ChangeKind.LARGE) for i in range(8)]
               + [_change(20 + i, [s]) for i in range(6) for s in ("a", "b", "c")])
    assert change_pairs(_model(changes)).empty


def test_polyrepo_commits_group_by_author_window_or_ticket():
    changes = [
        _change(1, ["a"], repo="a", author="ann", hour=9),
        _change(1, ["b"], repo="b", author="ann", hour=15),       # same author, 6 h later
        _change(5, ["a"], repo="a", author="ann", ticket="LED-7"),
        _change(9, ["c"], repo="c", author="ben", ticket="LED-7"),  # same ticket, other day
        _change(3, ["b"], repo="b", author="ben", hour=1),
        _change(3, ["c"], repo="c", author="ann", hour=2),        # other author: apart
    ]
    groups = sorted(sorted(g) for g in logical_changes(changes, window_hours=24))
    assert groups == [["a", "b"], ["a", "c"], ["b"], ["c"]]
    no_ticket = sorted(sorted(g) for g in logical_changes(changes, 24, group_by_ticket=False))
    assert no_ticket == [["a"], ["a", "b"], ["b"], ["c"], ["c"]]
    narrow = sorted(sorted(g) for g in logical_changes(changes, window_hours=1))
    assert ["a", "b"] not in narrow


def test_one_repository_never_groups_commits():
    changes = [_change(1, ["a"], hour=1), _change(2, ["b"], hour=1)]
    assert sorted(sorted(g) for g in logical_changes(changes)) == [["a"], ["b"]]
