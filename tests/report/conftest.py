"""Fixtures for the reporter tests: the hand-built sample AuditResult."""

import pytest
from report_sample import sample_result as _sample_result

from analyzer.model import AuditResult


@pytest.fixture
def result() -> AuditResult:
    return _sample_result()
