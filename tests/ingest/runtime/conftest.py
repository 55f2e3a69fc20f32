"""A real Prometheus serving the shop's runtime metrics, once per session, and small fakes.

The metrics are written by fixtures/shop/runtime/build.py with timestamps relative to the
session's start, backfilled with promtool and served by the Debian `prometheus` binary on a
free port (fixtures/shop/runtime/server.py); the test command installs the package when it
is missing, and these tests are skipped without it.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from runtime_fixture import load


@pytest.fixture(scope="session")
def shop_prometheus(tmp_path_factory):
    """(base URL, the window's end) of a Prometheus holding the shop's last 26 hours."""
    server = load("server")
    if not server.available():
        pytest.skip("prometheus/promtool not installed (apt-get install prometheus)")
    work = tmp_path_factory.mktemp("prometheus")
    now = time.time()
    metrics = load("build").build(work / "shop.om", now)
    server.backfill(metrics, work / "data")
    with server.serve(work / "data", work) as url:
        yield url, datetime.fromtimestamp(int(now), UTC)
