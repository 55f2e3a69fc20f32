"""`--format csv`: metrics.csv holds the file, service and pair tables, loadable by pandas."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analyzer.config import Settings
from analyzer.ingest.options import ScanOptions
from analyzer.model import AuditResult, GraphMetrics, SystemModel
from analyzer.pipeline import run_audit, write_reports
from analyzer.report import REPORTERS
from analyzer.report.csv_tables import render_csv


@pytest.fixture(scope="module")
def ledger(ledger_repo) -> AuditResult:
    return run_audit([ledger_repo], Settings.default(), ScanOptions(jobs=1, cache_dir=""))


def test_tables_of_the_ledger_fixture(ledger):
    text = render_csv(ledger)
    frame = pd.read_csv(io.StringIO(text))
    assert sorted(set(frame.table)) == ["file", "pair", "service"]
    files = frame[frame.table == "file"].set_index("file")
    pricing = files.loc["services/catalog/catalog/pricing.py"]
    assert (pricing.revisions, pricing.churn, pricing.hotspot_rank) == (20, 160, 1)
    assert files.loc["services/shipping/legacy.go", "revisions"] == 0  # measured, untouched
    services = frame[frame.table == "service"].set_index("service")
    assert services.loc["catalog", "revisions"] == 29
    pairs = frame[frame.table == "pair"]
    assert [(r.service_a, r.service_b, r.shared) for r in pairs.itertuples()] == [
        ("billing", "invoicing", 8)]
    assert "17.0" not in text.split("\n")[1]  # whole numbers print as integers
    assert render_csv(ledger) == text  # deterministic


def test_no_history_gives_a_header_only(tmp_path):
    result = AuditResult(model=SystemModel(), metrics=GraphMetrics())
    assert render_csv(result) == "table\n"
    assert REPORTERS["csv"].file_name == "metrics.csv"
    written = write_reports(result, tmp_path, ("csv",)).written
    assert [p.name for p in written] == ["metrics.csv"]
