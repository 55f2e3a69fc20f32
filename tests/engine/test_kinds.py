"""Rule kinds on small models: parameters change the verdict, findings are well formed."""

from __future__ import annotations

from analyzer.analysis import compute_metrics
from analyzer.engine import apply_overrides, judge, load_builtin_rules
from analyzer.engine.overrides import RuleOverride
from analyzer.model import (Datastore, DatastoreCategory, Edge, EdgeKind, Evidence,
                            ExternalEndpoint, Origin, Service, SystemModel, Topic)

RULES, _ = load_builtin_rules()


def rule(rule_id, **params):
    [found] = [r for r in RULES if r.id == rule_id]
    if params:
        [found] = apply_overrides([found], {rule_id: RuleOverride(params=params)})
    return found


def run(model, *rules):
    findings, _ = judge(model, compute_metrics(model), list(rules))
    return findings


def edge(a, b, kind="http", line=1):
    return Edge(source=a, target=b, kind=EdgeKind(kind),
                evidence=[Evidence(origin=Origin.CODE, file=f"{a}.py", line=line)])


def services(*ids, entry=False):
    return [Service(id=i, entry_points=["HTTP"] if entry else []) for i in ids]


def test_cycle_subject_is_the_closed_example_cycle_and_lists_members():
    model = SystemModel(services=services("a", "b", "c"),
                        edges=[edge("a", "b"), edge("b", "c"), edge("c", "a", "grpc"),
                               edge("b", "a", "async")])
    [finding] = run(model, rule("no-service-cycles"))
    assert finding.subject == "a -> b -> a"
    assert finding.subject_kind == "cycle"
    assert "a, b, c" in finding.message and finding.severity.value == "error"
    assert finding.location.file == "a.py"


def test_cycle_kinds_can_be_ignored():
    model = SystemModel(services=services("a", "b"),
                        edges=[edge("a", "b"), edge("b", "a", "depends-on")])
    assert len(run(model, rule("no-service-cycles"))) == 1
    assert run(model, rule("no-service-cycles", ignore_kinds=["depends-on"])) == []


def test_cycle_through_a_topic_counts_and_has_the_topic_evidence():
    topic = Topic(id="topic:orders", name="orders", system="kafka")
    model = SystemModel(services=services("orders", "billing"), topics=[topic],
                        edges=[edge("orders", "topic:orders", "async"),
                               edge("topic:orders", "billing", "async"),
                               edge("billing", "orders", "http")])
    [finding] = run(model, rule("no-service-cycles"))
    assert finding.subject == "billing -> orders -> billing"
    assert {e.file for e in finding.evidence} == {"billing.py", "orders.py", "topic:orders.py"}


def test_fingerprint_survives_line_moves():
    before = SystemModel(services=services("a", "b"), edges=[edge("a", "b", line=3),
                                                             edge("b", "a", line=9)])
    after = SystemModel(services=services("a", "b"), edges=[edge("a", "b", line=30),
                                                            edge("b", "a", line=90)])
    [one] = run(before, rule("no-service-cycles"))
    [two] = run(after, rule("no-service-cycles"))
    assert one.fingerprint == two.fingerprint and one.location != two.location


def test_fan_out_threshold_is_a_param():
    model = SystemModel(services=services("hub", "x", "y"),
                        datastores=[Datastore(id="pg", technology="postgres",
                                              category=DatastoreCategory.DB)],
                        edges=[edge("hub", "x"), edge("hub", "y"), edge("hub", "pg", "db")])
    assert run(model, rule("max-fan-out")) == []
    [finding] = run(model, rule("max-fan-out", max=2))
    assert finding.message == "hub depends on 3 components (max 2): pg, x, y"


def test_fan_in_counts_distinct_callers():
    model = SystemModel(services=services("auth", "a", "b"),
                        edges=[edge("a", "auth"), edge("a", "auth", "grpc"), edge("b", "auth")])
    [finding] = run(model, rule("max-fan-in", max=1))
    assert finding.subject == "auth" and "2 services depend on auth" in finding.message


def test_shared_datastore_categories_and_ignored_kinds():
    model = SystemModel(
        services=services("a", "b", entry=True),
        datastores=[Datastore(id="redis", technology="redis", category=DatastoreCategory.CACHE)],
        edges=[edge("a", "redis", "cache"), edge("b", "redis", "cache")])
    assert run(model, rule("shared-datastore")) == []
    [finding] = run(model, rule("shared-datastore", categories=["db", "cache"]))
    assert finding.subject == "redis" and finding.subject_kind == "datastore"
    assert "a, b" in finding.message


def test_external_endpoints_group_keys_and_honour_params():
    def endpoint(host, key, ip):
        return ExternalEndpoint(service="pay", host=host, key=key, is_ip_literal=ip,
                                evidence=Evidence(origin=Origin.MANIFEST, file="k8s.yaml", line=5))
    model = SystemModel(services=services("pay", entry=True), external_endpoints=[
        endpoint("api.stripe.com", "STRIPE_URL", False),
        endpoint("api.stripe.com", "STRIPE_WEBHOOK", False),
        endpoint("10.1.2.3", "LEDGER", True)])
    findings = run(model, rule("hard-coded-endpoint"))
    assert [f.subject for f in findings] == ["pay:10.1.2.3", "pay:api.stripe.com"]
    assert "IP literal" in findings[0].message
    assert findings[1].message == ("pay hard-codes host outside the system 'api.stripe.com' "
                                   "in STRIPE_URL, STRIPE_WEBHOOK")
    assert [f.subject for f in run(model, rule("hard-coded-endpoint",
                                               allow_hosts=["*.STRIPE.com"]))] == ["pay:10.1.2.3"]
    assert [f.subject for f in run(model, rule("hard-coded-endpoint",
                                               ip_literals_only=True))] == ["pay:10.1.2.3"]


def test_orphan_service_inbound_via_topic_and_ignore_globs():
    topic = Topic(id="topic:jobs", name="jobs", system="nats")
    model = SystemModel(services=services("web", entry=True) + services("worker", "cron-x"),
                        topics=[topic],
                        edges=[edge("web", "topic:jobs", "async"),
                               edge("topic:jobs", "worker", "async")])
    assert [f.subject for f in run(model, rule("orphan-service"))] == ["cron-x"]
    assert run(model, rule("orphan-service", ignore=["cron-*"])) == []
