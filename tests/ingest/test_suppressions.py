"""Inline suppression facts: comments in YAML and Dockerfiles, Kubernetes annotations."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.suppressions import KIND, comment_suppressions

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    archgov.dev/ignore-no-probes: "batch worker, no HTTP"
    archgov.dev/ignore-no-limits: ""
    other.io/x: y
spec:
  template:
    spec:
      containers: [{name: api, image: api:1}]
"""


def marks(root):
    model = scan([root], ScanOptions(cache_dir="", code=False))
    return [(r.name, r.file, r.line, r.facts) for r in model.resources if r.kind == KIND]


def test_comment_above_an_object_targets_the_next_code_line_and_trailing_its_own():
    text = "a: 1\n# archgov:ignore=rule-one   first reason\n\n# other\nb: 2  # archgov:ignore=rule-two why\n"
    found = [(r.name, r.line, r.facts["target_line"], r.facts["reason"])
             for r in comment_suppressions("f.yml", text)]
    assert found == [("rule-one", 2, 5, "first reason"), ("rule-two", 5, 5, "why")]


def test_missing_reason_is_recorded_empty_and_malformed_markers_are_skipped():
    text = "# archgov:ignore=rule-one\n# archgov:ignore=Bad_Id reason\n# archgov:ignore=\nx: 1\n"
    assert [(r.name, r.facts["reason"]) for r in comment_suppressions("f", text)] == [
        ("rule-one", "")]


def test_reasons_are_masked():
    text = "# archgov:ignore=r token AKIAIOSFODNN7EXAMPLE here\nx: 1\n"
    [mark] = comment_suppressions("f", text)
    assert "AKIAIOSFODNN7EXAMPLE" not in mark.facts["reason"]


def test_scan_records_annotations_and_dockerfile_comments(tmp_path):
    (tmp_path / "deploy.yaml").write_text(DEPLOYMENT)
    (tmp_path / "Dockerfile").write_text(
        "FROM python:3.12\n# archgov:ignore=root-user needs port 80\nUSER root\n")
    found = marks(tmp_path)
    assert ("root-user", "Dockerfile", 2, {"form": "comment", "object": "", "reason":
                                            "needs port 80", "target_line": 3}) in found
    annotations = sorted((n, line, f["object"], f["reason"], f["target_line"])
                         for n, _, line, f in found if f["form"] == "annotation")
    assert annotations == [("no-limits", 7, "api", "", 1),
                           ("no-probes", 6, "api", "batch worker, no HTTP", 1)]


def test_long_markers_are_rejected_in_linear_time(tmp_path):
    import time

    line = "# archgov:ignore=" + "a" * 5000 + " " + "b" * 5000 + "\n"
    start = time.monotonic()
    assert comment_suppressions("f", line * 200) == []  # ids over 100 characters never match
    assert time.monotonic() - start < 10  # a generous no-hang bound
