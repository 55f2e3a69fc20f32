"""The `metric` kind: thresholds on derived service and file metrics, unknown names rejected."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from analyzer.analysis import compute_metrics
from analyzer.engine import judge
from analyzer.engine.kinds.metric import METRICS, MetricParams
from analyzer.engine.loader import check_params
from analyzer.model import SystemModel
from analyzer.model.history import FileHistory
from tests.engine.helpers import edge, make_rule, services


def run(model, rule):
    findings, _ = judge(model, compute_metrics(model), [rule])
    return findings


def chain_model():
    return SystemModel(services=services("a", "b", "c", "d"),
                       edges=[edge("a", "b"), edge("b", "c"), edge("c", "d")])


def test_sync_depth_threshold_reports_only_the_deep_services():
    findings = run(chain_model(), make_rule("metric", metric="sync_depth", op=">=", value=2,
                                            message="{subject} {metric}={value} {op} {threshold}"))
    assert [f.subject for f in findings] == ["a", "b"]
    assert findings[0].message == "a sync_depth=3 >= 2"


@pytest.mark.parametrize(("op", "value", "expected"), [
    (">", 0, ["b", "c", "d"]), ("==", 1, ["b", "c", "d"]), ("<", 1, ["a"]), ("!=", 1, ["a"]),
    ("<=", 0, ["a"])])
def test_every_operator_compares_fan_in(op, value, expected):
    findings = run(chain_model(), make_rule("metric", metric="fan_in", op=op, value=value))
    assert sorted(f.subject for f in findings) == expected


def test_file_metrics_read_history_and_name_the_file_and_service():
    model = SystemModel(services=services("a"), file_history=[
        FileHistory(file="a/big.py", service="a", revisions=9, added=400, deleted=200),
        FileHistory(file="a/small.py", service="a", revisions=1, added=3, deleted=1)])
    [finding] = run(model, make_rule("metric", metric="churn", value=500))
    assert finding.subject == "a/big.py"
    assert finding.location.file == "a/big.py" and finding.subject_kind == "file"


def test_ignore_globs_skip_subjects():
    findings = run(chain_model(), make_rule("metric", metric="fan_in", value=0, ignore=["b*"]))
    assert [f.subject for f in findings] == ["c", "d"]


def test_unknown_metric_is_rejected_with_the_valid_names():
    with pytest.raises(ValidationError):
        MetricParams(metric="fanout")
    [error] = check_params("metric", {"metric": "fanout"})
    assert error.startswith("params.metric: unknown metric 'fanout' (valid: ")
    assert all(name in error for name in METRICS)


def test_scope_is_every_service_for_service_metrics():
    from analyzer.engine import EvalContext, KINDS

    model = chain_model()
    ctx = EvalContext.build(model, compute_metrics(model))
    scope = list(KINDS["metric"].scope(ctx, MetricParams(metric="fan_out")))
    assert [s.service for s in scope] == ["a", "b", "c", "d"]
