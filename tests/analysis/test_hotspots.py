"""Hotspots: churn x complexity per file, ranked, rolled up per service."""

from __future__ import annotations

from analyzer.analysis.hotspots import file_hotspots, service_hotspots
from analyzer.model import SystemModel
from analyzer.model.history import FileComplexity, FileHistory


def _model() -> SystemModel:
    history = [FileHistory(file="a/x.py", service="a", revisions=9, added=90, deleted=10),
               FileHistory(file="a/y.py", service="a", revisions=2, added=5, deleted=0),
               FileHistory(file="b/z.go", service="b", revisions=4, added=300, deleted=0),
               FileHistory(file="b/gone.go", service="b", revisions=4, added=1, deleted=99,
                           exists=False)]
    complexity = [FileComplexity(file="a/x.py", service="a", language="python", tool="radon",
                                 cyclomatic=40, max_cyclomatic=12),
                  FileComplexity(file="a/y.py", service="a", language="python", tool="radon",
                                 cyclomatic=3, max_cyclomatic=3),
                  FileComplexity(file="b/z.go", service="b", language="go", tool="lizard",
                                 cyclomatic=10, max_cyclomatic=4),
                  FileComplexity(file="b/new.go", service="b", language="go", tool="lizard",
                                 cyclomatic=50, max_cyclomatic=9)]
    return SystemModel(file_history=history, complexity=complexity)


def test_files_are_ranked_by_churn_times_complexity():
    frame = file_hotspots(_model())
    assert [(r.rank, r.file, r.score) for r in frame.itertuples()] == [
        (1, "a/x.py", 4000), (2, "b/z.go", 3000), (3, "a/y.py", 15), (4, "b/new.go", 0)]


def test_services_roll_up_with_their_worst_file():
    frame = service_hotspots(_model())
    assert [(r.service, r.files, r.churn, r.score, r.top_file) for r in frame.itertuples()] == [
        ("a", 2, 105, 4015, "a/x.py"), ("b", 2, 300, 3000, "b/z.go")]


def test_no_facts_give_empty_tables():
    assert file_hotspots(SystemModel()).empty and service_hotspots(SystemModel()).empty
