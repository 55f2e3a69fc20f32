"""Windows, label mapping, the query plan and snapshot reading, without a server."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.ingest.runtime.client import BadUrl, check_url, parse_answer, QueryFailed
from analyzer.ingest.runtime.collect import MAX_SERIES, collect
from analyzer.ingest.runtime.mapping import NameMap, strip_version
from analyzer.ingest.runtime.presets import PRESETS, detection_names
from analyzer.ingest.runtime.snapshot import BadSnapshot, read_snapshot
from analyzer.ingest.runtime.sources import Replay, request_key
from analyzer.ingest.runtime.window import MAX_POINTS, BadWindow, parse_duration, window_ending
from analyzer.model import Datastore, DatastoreCategory, Service, SystemModel

END = datetime(2026, 1, 31, tzinfo=UTC)


@pytest.mark.parametrize("text,seconds", [("30m", 1800), ("7d", 604800), ("1d12h", 129600),
                                          ("2w", 1209600)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "7", "7x", "-1d", "1s", "99y", "7d;drop", "1" * 50 + "d"])
def test_bad_durations(text):
    with pytest.raises(BadWindow):
        parse_duration(text)


@pytest.mark.parametrize("text", ["1h", "1d", "7d", "30d", "1y"])
def test_range_steps_keep_series_bounded(text):
    window = window_ending(text, END)
    assert window.seconds / window.step <= MAX_POINTS
    assert window.end == END


def model() -> SystemModel:
    return SystemModel(services=[Service(id="cart", aliases=["cart-svc"]),
                                 Service(id="orders", namespace="shop")],
                       datastores=[Datastore(id="redis", technology="redis",
                                             category=DatastoreCategory.CACHE)])


@pytest.mark.parametrize("name,namespace,want", [
    ("cart", "", "cart"), ("cart-svc", "shop", "cart"), ("cart-v2", "shop", "cart"),
    ("cart-1.4.0", "", "cart"), ("redis", "", "redis"), ("legacy", "", "shop-legacy"),
    ("orders.shop.svc.cluster.local:8080", "", "orders"), ("http://cart:8000", "", "cart"),
    ("ghost", "", "ghost"), ("unknown", "", None), ("", "", None), ("cart", "other", None)])
def test_names_map_to_nodes(name, namespace, want):
    names = NameMap.of(model(), {"legacy": "shop-legacy"}, ["shop"])
    assert names.resolve(name, namespace) == want


def test_version_stripping_can_be_turned_off():
    names = NameMap.of(model(), {}, [], strip_versions=False)
    assert names.resolve("cart-v2") == "cart-v2"
    assert strip_version("cart-v1-2") == "cart" and strip_version("v2") == "v2"


def test_urls_with_credentials_or_other_schemes_are_refused():
    assert check_url("https://prom.example:9090/") == "https://prom.example:9090"
    for bad in ("ftp://x", "http://user:pw@prom:9090", "prom:9090"):
        with pytest.raises(BadUrl):
            check_url(bad)


@pytest.mark.parametrize("raw,code", [(b"[]", "prometheus-bad-response"),
                                      (b"\xff", "prometheus-bad-response"),
                                      (b"[" * 5000, "prometheus-bad-response"),
                                      (b'{"status":"error","error":"x"}', "prometheus-query-failed")])
def test_bad_answers_are_query_failures(raw, code):
    with pytest.raises(QueryFailed) as err:
        parse_answer(raw)
    assert err.value.code == code


class Answers:
    """A replayable source whose every instant query returns `n` series."""

    def __init__(self, n: int):
        self.n, self.window, self.label, self.queries = n, window_ending("7d", END), "fake", 0

    def names(self, match):
        self.queries += 1
        return detection_names()

    def instant(self, promql):
        self.queries += 1
        return {"resultType": "vector", "result": [
            {"metric": {"destination_workload": f"svc-{i}", "container": f"svc-{i}"},
             "value": [0, "1"]} for i in range(self.n)]}

    range = instant


def test_query_count_does_not_grow_with_services():
    counts = set()
    for n in (1, 10, 2000):
        source = Answers(n)
        seen = collect(source, ["auto"])
        counts.add(source.queries)
        assert len(seen.samples[("istio", "service_rate")]) == n
    expected = 1 + sum(len(p.queries) for p in PRESETS.values())
    assert counts == {expected}


def test_oversized_answers_are_truncated_with_a_diagnostic(monkeypatch):
    module = importlib.import_module("analyzer.ingest.runtime.collect")  # not the function
    monkeypatch.setattr(module, "MAX_SERIES", 5)
    seen = collect(Answers(8), ["istio"])
    assert len(seen.samples[("istio", "edge_rate")]) == 5
    assert "prometheus-truncated" in {d.code for d in seen.diagnostics}
    assert MAX_SERIES >= 100_000


def test_replay_without_an_answer_says_the_snapshot_is_incomplete():
    replay = Replay(label="x", window=window_ending("7d", END),
                    answers={request_key("names", "m"): {"data": ["a"]}})
    assert replay.names("m") == ["a"]
    with pytest.raises(QueryFailed) as err:
        replay.instant("up")
    assert err.value.code == "prometheus-snapshot-incomplete"


@pytest.mark.parametrize("text", ["not json", "[]", '{"format": "archgov-prometheus-snapshot"}',
                                  '{"format": "archgov-prometheus-snapshot", "version": 1, '
                                  '"window": "7x", "end": "2026-01-01T00:00:00Z", "answers": {}}'])
def test_bad_snapshots(tmp_path, text):
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BadSnapshot):
        read_snapshot(path)


json_values = st.recursive(st.none() | st.booleans() | st.floats() | st.text(max_size=8)
                           | st.integers(), lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                           max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_an_answer_or_a_query_failure(raw):
    try:
        parse_answer(raw)
    except QueryFailed:
        pass


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_answer_data_becomes_samples_or_a_diagnostic(data):
    class Odd(Answers):
        def instant(self, promql):
            self.queries += 1
            return data

        range = instant

    seen = collect(Odd(0), ["auto"])
    assert all(isinstance(s.value, float) for rows in seen.samples.values() for s in rows)
