"""Scorecard renderers: the same checks and scores in text, JSON and Markdown."""

from __future__ import annotations

import json

from analyzer.model import AuditResult, GraphMetrics, ServiceCheck, SystemModel
from analyzer.report import REPORTERS
from analyzer.report.scorecard import (render_scorecard_json, render_scorecard_markdown,
                                       render_scorecard_text)


def result(checks=()):
    return AuditResult(model=SystemModel(), metrics=GraphMetrics(), checks=[
        ServiceCheck(rule_id=r, service=s, status=st) for r, s, st in checks])


CHECKS = [("probes", "api", "pass"), ("limits", "api", "fail"), ("probes", "web", "pass"),
          ("limits", "web", "n/a"), ("probes", "db-proxy", "n/a"), ("limits", "db-proxy", "n/a")]


def test_text_is_aligned_with_a_score_per_service_and_overall():
    assert render_scorecard_text(result(CHECKS)) == (
        "service   limits  probes  score\n"
        "api       FAIL    pass    50%\n"
        "db-proxy  -       -       n/a\n"
        "web       -       pass    100%\n"
        "overall                   67%\n")


def test_json_has_scores_0_to_100_and_null_when_nothing_applied():
    doc = json.loads(render_scorecard_json(result(CHECKS)))
    assert doc["rules"] == ["limits", "probes"] and doc["score"] == 66.7
    assert [(s["service"], s["score"]) for s in doc["services"]] == [
        ("api", 50.0), ("db-proxy", None), ("web", 100.0)]
    assert doc["services"][0]["checks"] == {"limits": "fail", "probes": "pass"}
    assert REPORTERS["scorecard"].render(result(CHECKS)) == render_scorecard_json(result(CHECKS))


def test_markdown_table():
    md = render_scorecard_markdown(result(CHECKS))
    assert "| service | `limits` | `probes` | score |" in md
    assert "| api | FAIL | pass | 50% |" in md and "**Overall score: 67%**" in md


def test_no_checks_says_so_in_every_format():
    assert "no scorecard checks ran" in render_scorecard_text(result())
    assert "No scorecard checks ran." in render_scorecard_markdown(result())
    assert json.loads(render_scorecard_json(result()))["score"] is None
