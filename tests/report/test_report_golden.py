"""Golden files for the text reporters.

Regenerate them after an intended change with ONE command, then review the diff:

    ARCHGOV_REGEN_GOLDEN=1 /work/venv/bin/pytest -q tests/report/test_report_golden.py
"""

import os
from pathlib import Path

import pytest

from analyzer.report import REPORTERS

GOLDEN = Path(__file__).parent / "golden"
FORMATS = ["dot", "mermaid", "json", "findings", "sarif", "junit", "markdown"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_matches_golden(result, fmt):
    reporter = REPORTERS[fmt]
    text = reporter.render(result)
    golden = GOLDEN / reporter.file_name
    if os.environ.get("ARCHGOV_REGEN_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run with ARCHGOV_REGEN_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_is_deterministic(result, fmt):
    from report_sample import sample_result

    first = REPORTERS[fmt].render(result)
    second = REPORTERS[fmt].render(sample_result())
    assert first == second
    assert first.endswith("\n")
