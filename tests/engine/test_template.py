"""Rule message templates are untrusted text: checked at load, rendered with hard caps."""

from __future__ import annotations

import time

import pytest

from analyzer.engine.template import (MAX_MESSAGE_CHARS, check_template, clip, render, show,
                                      unknown_fields)

FIELDS = frozenset({"service", "count", "max"})


def test_plain_named_fields_and_sane_specs_are_valid():
    assert check_template("{service} calls {count:>3} things (max {max!r:<10.5})") == []
    assert unknown_fields("{service} {count}", FIELDS, "fan-out") == []


@pytest.mark.parametrize(("template", "problem"), [
    ("{service:>300000000}", "field {service}: width 300000000 is above the limit of 200"),
    ("{count:.999}", "field {count}: precision 999 is above the limit of 200"),
    ("{service.__class__.__init__.__globals__}", "may not use '.' or '[...]'"),
    ("{service[0]}", "may not use '.' or '[...]'"),
    ("{0} calls", "positional fields are not allowed"),
    ("{} calls", "positional fields are not allowed"),
    ("{service:{max}}", "nested fields in a format spec are not allowed"),
    ("{service:zz}", "invalid format spec 'zz'"),
    ("{service!x}", "unknown conversion !x"),
    ("{service", "not a valid format template"),
    ("x" * 2001, "longer than 2000 characters"),
])
def test_hostile_templates_are_refused(template, problem):
    problems = check_template(template)
    assert any(problem in p for p in problems), problems


def test_unknown_fields_name_what_the_kind_provides():
    assert unknown_fields("{service} {nope}", FIELDS, "fan-out") == [
        "message: unknown field {nope} (kind 'fan-out' provides: count, max, service)"]


def test_render_caps_length_and_never_raises():
    assert render("{service} calls {count:>3}", {"service": "cart", "count": 7}) == "cart calls   7"
    assert render("{service:d}!", {"service": "cart"}) == "cart!"  # spec does not fit: plain
    assert render("{missing}", {}) == "{missing}"
    start = time.monotonic()
    text = render("{service:>300000000}" * 3, {"service": "cart"})  # not checked: still capped
    assert text == "cart" * 3 and time.monotonic() - start < 5
    long = render("{service}" * 100, {"service": "x" * 1_000})
    assert len(long) == MAX_MESSAGE_CHARS and long.endswith("...")


def test_echoed_values_are_short_without_building_the_whole_repr():
    deep: list = []
    for _ in range(3_000):
        deep = [deep]
    assert len(show(deep)) <= 80 and len(show({"a": [1] * 100_000})) <= 80
    assert len(show("x" * 10_000_000)) <= 80
    assert clip("y" * 500) == "y" * 77 + "..."
