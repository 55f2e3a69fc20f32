"""Dead code: vulture's verdicts per service, on the tree radon parsed, framework-aware."""

from __future__ import annotations

import ast
import textwrap

import pytest

from analyzer.ingest.health.dead_code import dead_code
from analyzer.ingest.health.python_dead import dead_code_candidates
from analyzer.ingest.health.python_radon import Unparsable, measure_python


def candidates(source: str, rel: str = "svc/app.py") -> dict:
    text = textwrap.dedent(source)
    return dead_code_candidates(ast.parse(text), text, rel)


def dead_names(files: dict[str, str], service: str = "svc") -> list[tuple[str, str, str, int]]:
    found = dead_code((rel, service, candidates(text, rel)) for rel, text in files.items())
    return [(d.file, d.kind, d.name, d.confidence) for d in found]


def test_unused_function_import_and_unreachable_code_are_dead():
    found = dead_names({"svc/app.py": """
        import os
        import json

        def helper():
            return 1

        def main_loop():
            return json.dumps([])
            print("never")

        main_loop()
    """})
    assert ("svc/app.py", "import", "os", 90) in found
    assert ("svc/app.py", "function", "helper", 60) in found
    assert any(kind == "unreachable_code" and confidence == 100
               for _f, kind, _n, confidence in found)
    assert not any(name in ("json", "main_loop") for _f, _k, name, _c in found)


def test_framework_entry_points_and_model_fields_are_not_dead():
    found = dead_names({"svc/app.py": """
        from dataclasses import dataclass
        from enum import Enum
        import pytest
        from celery import shared_task
        from fastapi import FastAPI
        from flask import Flask
        from pydantic import BaseModel, field_validator

        api = FastAPI()
        web = Flask(__name__)

        class Order(BaseModel):
            order_id: int
            note: str = ""

            @field_validator("note")
            def strip_note(cls, value):
                return value.strip()

        @dataclass
        class Line:
            sku: str
            quantity: int

        class Colour(Enum):
            RED = 1
            BLUE = 2

        @api.get("/orders/{order_id}")
        def read_order(order_id: int) -> Order:
            return Order(order_id=order_id)

        @web.route("/health")
        def health():
            return "ok"

        @shared_task
        def nightly_export():
            return Line, Colour

        @pytest.fixture
        def client():
            return api
    """})
    names = {name for _f, _k, name, _c in found}
    assert not names & {"order_id", "note", "strip_note", "sku", "quantity", "RED", "BLUE",
                        "read_order", "health", "nightly_export", "client", "Order", "Line",
                        "Colour"}, found


def test_a_name_used_by_another_file_of_the_service_is_alive_but_not_by_another_service():
    files = {"svc/app.py": "from svc.util import used\nprint(used())\n",
             "svc/util.py": "def used():\n    return 1\n\ndef unused():\n    return 2\n"}
    assert dead_names(files) == [("svc/util.py", "function", "unused", 60)]
    other = dead_code([("a/app.py", "a", candidates("def shared():\n    return 1\n", "a/app.py")),
                       ("b/app.py", "b", candidates("print(shared())\n", "b/app.py"))])
    assert [(d.service, d.name) for d in other] == [("a", "shared")]


def test_vulture_stdlib_whitelists_count_as_uses():
    found = dead_names({"svc/worker.py": """
        import threading

        class Worker(threading.Thread):
            def run(self):
                return 1

        Worker().start()
    """})
    assert "run" not in {name for _f, _k, name, _c in found}


def test_measure_python_parses_once_and_carries_the_candidates():
    fields = measure_python("import os\n\ndef f():\n    return 1\n", "svc/a.py")
    assert fields["cyclomatic"] == 1
    assert [row[:2] for row in fields["dead"]["defined"]] == [["f", "function"], ["os", "import"]]


def test_deep_nesting_is_unparsable_not_a_crash():
    deep = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(Unparsable):
        measure_python(deep, "svc/deep.py")
