"""assess: blast-radius escalation, the scorecard, ignores, baselines and inline suppressions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from analyzer.analysis import compute_metrics
from analyzer.engine import KINDS
from analyzer.engine.assess import EXPIRED_IGNORE, assess
from analyzer.engine.kinds import EvalContext, Hit, Params, RuleKind, Scope
from analyzer.engine.policy import EscalationSpec, IgnoreSpec, Policy, raised
from analyzer.engine.suppressions import NO_REASON
from analyzer.model import Resource, Service, Severity, SystemModel
from tests.engine.helpers import edge, make_rule, services


class HasImage(RuleKind):
    """Test-only readiness kind: every service must have an image; services named `skip-*`
    are out of scope (so they are n/a)."""

    name = "test-has-image"
    description = "Test kind."
    subject_kind = "service"
    fields = frozenset({"service"})
    Params = Params

    def check(self, ctx: EvalContext, params: Params) -> Iterator[Hit]:
        for s in ctx.model.services:
            if not s.id.startswith("skip-") and not s.image:
                yield Hit(subject=s.id, service=s.id, fields={"service": s.id})

    def scope(self, ctx: EvalContext, params: Params) -> Iterator[Scope]:
        for s in ctx.model.services:
            if not s.id.startswith("skip-"):
                yield Scope(service=s.id, subject=s.id)


@pytest.fixture
def has_image(monkeypatch):
    monkeypatch.setitem(KINDS, HasImage.name, HasImage())
    return make_rule(HasImage.name, rule_id="has-image", pack="readiness",
                     message="{service} has no image")


def hub_model(dependents: int = 6) -> SystemModel:
    """`core` (no image) that `dependents` services depend on, plus `lonely` and `skip-me`."""
    callers = [f"c{i}" for i in range(dependents)]
    return SystemModel(
        services=[Service(id="core"), Service(id="lonely"), Service(id="skip-me"),
                  *(Service(id=c, image="img") for c in callers)],
        edges=[edge(c, "core") for c in callers])


def run(model, rules, policy=None):
    return assess(model, compute_metrics(model), rules, policy or Policy())


def test_scorecard_counts_pass_fail_and_not_applicable(has_image):
    verdict = run(hub_model(2), [has_image])
    status = {c.service: c.status for c in verdict.checks}
    assert status == {"c0": "pass", "c1": "pass", "core": "fail", "lonely": "fail",
                      "skip-me": "n/a"}


def test_rules_outside_scorecard_packs_or_without_scope_make_no_checks(has_image):
    other = has_image.model_copy(update={"pack": "smells"})
    assert run(hub_model(2), [other]).checks == []
    cycle = make_rule("service-cycle", pack="readiness")
    assert run(hub_model(2), [cycle]).checks == []


def test_a_failing_check_on_a_wide_blast_radius_is_raised_and_says_why(has_image):
    verdict = run(hub_model(6), [has_image])
    by_subject = {f.subject: f for f in verdict.findings}
    assert by_subject["core"].severity is Severity.ERROR
    assert by_subject["core"].message == ("core has no image (raised to error: 6 services "
                                          "depend on core transitively)")
    assert by_subject["lonely"].severity is Severity.WARNING


def test_escalation_threshold_packs_and_off_switch(has_image):
    high = Policy(escalation=EscalationSpec(blast_radius=7))
    assert {f.severity for f in run(hub_model(6), [has_image], high).findings} == {Severity.WARNING}
    assert {f.severity for f in run(hub_model(6), [has_image], Policy(escalation=None)
                                    ).findings} == {Severity.WARNING}
    smells = Policy(escalation=EscalationSpec(packs=["smells"]))
    assert {f.severity for f in run(hub_model(6), [has_image], smells).findings} == {
        Severity.WARNING}


def test_raised_goes_one_level_and_never_above_the_ceiling():
    assert raised(Severity.INFO, Severity.ERROR) is Severity.WARNING
    assert raised(Severity.WARNING, Severity.ERROR) is Severity.ERROR
    assert raised(Severity.ERROR, Severity.ERROR) is Severity.ERROR
    assert raised(Severity.INFO, Severity.INFO) is Severity.INFO


def test_ignores_suppress_with_reason_expired_ones_are_findings_stale_ones_reported(has_image):
    today = dt.date(2026, 12, 3)
    policy = Policy(today=today, ignores=(
        IgnoreSpec(rule="has-*", subject="lonely", reason="being retired"),
        IgnoreSpec(rule="has-image", subject="core", reason="old", expires=dt.date(2026, 1, 1)),
        IgnoreSpec(rule="nothing", subject="*", reason="stale one"),
        IgnoreSpec(rule="has-image", subject="nobody", reason="stale two",
                   expires=dt.date(2027, 1, 31)),
    ))
    verdict = run(hub_model(2), [has_image], policy)
    assert sorted(f.rule_id for f in verdict.findings) == [EXPIRED_IGNORE, "has-image"]
    [expired] = [f for f in verdict.findings if f.rule_id == EXPIRED_IGNORE]
    assert "expired on 2026-01-01" in expired.message
    assert [(s.by, s.reason, s.finding.subject) for s in verdict.suppressed] == [
        ("ignore", "being retired", "lonely")]
    stale = [d.message for d in verdict.diagnostics if d.code == "stale-ignore"]
    assert len(stale) == 2 and "ignores.2" in stale[0] and "ignores.3" in stale[1]


def test_baseline_drops_known_findings_and_lists_stale_entries(has_image):
    first = run(hub_model(2), [has_image])
    baseline = {f.fingerprint: f"{f.rule_id} {f.subject}" for f in first.findings}
    baseline["deadbeefdeadbeef"] = "gone-rule gone"
    verdict = run(hub_model(2), [has_image], Policy(baseline=baseline))
    assert verdict.findings == []
    assert {s.by for s in verdict.suppressed} == {"baseline"} and len(verdict.suppressed) == 2
    assert verdict.stale_baseline == ["deadbeefdeadbeef gone-rule gone"]


def mark(rule, line, reason="why", target=None, obj=""):
    return Resource(kind="ArchgovSuppression", name=rule, file="a.py", line=line,
                    facts={"form": "comment", "object": obj, "reason": reason,
                           "target_line": target or line})


def test_inline_suppression_covers_its_target_line_and_one_without_reason_is_a_finding():
    def model(*marks):
        return SystemModel(services=services("a", "b", "c"),
                           edges=[edge("a", "b", line=4), edge("a", "c", line=4)],
                           resources=list(marks))

    rule = make_rule("fan-out", max=1)  # the finding's location is a.py:4
    assert [f.location.line for f in run(model(), [rule]).findings] == [4]
    verdict = run(model(mark("test-rule", 3, target=4), mark("test-rule", 9, "")), [rule])
    assert [(s.by, s.reason) for s in verdict.suppressed] == [("inline", "why")]
    assert [f.rule_id for f in verdict.findings] == [NO_REASON]
    assert verdict.findings[0].location.line == 9
    other_rule = run(model(mark("other-rule", 3, target=4)), [rule])
    assert other_rule.suppressed == [] and len(other_rule.findings) == 1
