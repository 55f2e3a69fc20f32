"""Every way Prometheus can fail is one diagnostic in the report, one line on stderr, and the
rest of the audit completes (the reports are written, the static findings are there)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import FakePrometheus, Reply, api

from analyzer.cli import main
from analyzer.ingest.runtime.client import TOKEN_ENV, USER_ENV, PASSWORD_ENV
from analyzer.ingest.runtime.presets import detection_names

SHOP = Path(__file__).resolve().parents[3] / "fixtures" / "shop"
NAMES = "/api/v1/label/__name__/values"
QUERY = "/api/v1/query"


def run_audit(tmp_path: Path, url: str, config: str = "", env: dict | None = None):
    cfg = tmp_path / "archgov.yml"
    cfg.write_text("prometheus:\n  timeout_seconds: 1\n  retries: 1\n" + config, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner(env={TOKEN_ENV: None, USER_ENV: None, PASSWORD_ENV: None, **(env or {})}
                       ).invoke(main, ["audit", str(SHOP), "--out", str(out), "--no-code",
                                       "--no-cache", "--fail-on", "never", "--prometheus", url,
                                       "--config", str(cfg)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    facts = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert (out / "report.html").is_file()
    assert any(f["rule_id"] == "no-service-cycles" for f in findings["findings"])  # static part done
    codes = [d["code"] for d in facts["diagnostics"] if d["code"].startswith("prometheus")]
    lines = [line for line in result.stderr.splitlines() if "prometheus" in line.lower()]
    assert "Traceback" not in result.output
    return codes, lines, facts


def closed_port() -> str:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_connection_refused(tmp_path):
    codes, lines, _ = run_audit(tmp_path, closed_port())
    assert codes == ["prometheus-unreachable"]
    assert len(lines) == 1 and "cannot connect" in lines[0]


def test_server_down_hanging_up(tmp_path):
    with FakePrometheus(default=Reply(hang_up=True)) as url:
        codes, lines, _ = run_audit(tmp_path, url)
    assert codes in (["prometheus-unreachable"], ["prometheus-bad-response"])
    assert len(lines) == 1


def test_timeout(tmp_path):
    with FakePrometheus(default=Reply(delay=3)) as url:
        started = time.monotonic()
        codes, lines, _ = run_audit(tmp_path, url)
    assert codes == ["prometheus-timeout"] and len(lines) == 1
    assert time.monotonic() - started < 60  # no hang: one timed-out request and one retry


@pytest.mark.parametrize("status,code", [(400, "prometheus-http-error"),
                                         (503, "prometheus-http-error"),
                                         (401, "prometheus-unauthorized")])
def test_http_errors(tmp_path, status, code):
    body = json.dumps({"status": "error", "errorType": "bad_data", "error": "parse error"}).encode()
    fake = FakePrometheus(default=Reply(status, body))
    with fake as url:
        codes, lines, _ = run_audit(tmp_path, url)
    assert codes == [code] and len(lines) == 1 and f"HTTP {status}" in lines[0]
    assert len(fake.seen) == (2 if status == 503 else 1)  # 5xx retried (retries: 1), 4xx not


def test_401_names_the_environment_variables(tmp_path):
    with FakePrometheus(default=Reply(401, b"")) as url:
        _, lines, _ = run_audit(tmp_path, url)
    assert TOKEN_ENV in lines[0]


def test_malformed_json(tmp_path):
    with FakePrometheus(default=Reply(200, b'{"status": "success", "data": [')) as url:
        codes, lines, _ = run_audit(tmp_path, url)
    assert codes == ["prometheus-bad-response"] and len(lines) == 1


def test_empty_results_say_no_data(tmp_path):
    with FakePrometheus(replies={NAMES: Reply(200, api([]))}) as url:
        codes, lines, facts = run_audit(tmp_path, url)
    assert codes == ["prometheus-no-data"] and len(lines) == 1
    assert facts["runtime_sources"][0]["presets"] == [] and facts["runtime_edges"] == []


def test_a_preset_whose_metrics_are_absent(tmp_path):
    fake = FakePrometheus(replies={NAMES: Reply(200, api(["istio_requests_total"]))})
    with fake as url:
        codes, lines, facts = run_audit(tmp_path, url, "  preset: [linkerd, istio]\n")
    assert codes == ["prometheus-preset-absent"] and "linkerd" in lines[0]
    assert facts["runtime_sources"][0]["presets"] == ["istio"]
    asked = [p for p, _ in fake.seen if p == QUERY]
    assert len(asked) == 11  # istio's instant queries only; its peak is a range query


def test_a_failing_query_skips_only_that_query(tmp_path):
    fake = FakePrometheus(replies={NAMES: Reply(200, api(detection_names())),
                                   "/api/v1/query_range": Reply(422, b"")})
    with fake as url:
        codes, lines, _ = run_audit(tmp_path, url, "  preset: istio\n")
    assert codes == ["prometheus-http-error"] and "service_peak" in lines[0]


def test_credentials_come_from_the_environment_only(tmp_path):
    fake = FakePrometheus(replies={NAMES: Reply(200, api([]))})
    with fake as url:
        run_audit(tmp_path, url, env={TOKEN_ENV: "t0ken-value"})
    assert fake.seen[0][1]["Authorization"] == "Bearer t0ken-value"
    facts = (tmp_path / "out" / "facts.json").read_text(encoding="utf-8")
    assert "t0ken-value" not in facts


def test_basic_auth_from_the_environment(tmp_path):
    fake = FakePrometheus(replies={NAMES: Reply(200, api([]))})
    with fake as url:
        run_audit(tmp_path, url, env={USER_ENV: "ops", PASSWORD_ENV: "pw"})
    assert fake.seen[0][1]["Authorization"] == "Basic b3BzOnB3"


def test_credentials_in_the_url_are_refused(tmp_path):
    result = CliRunner().invoke(main, ["audit", str(SHOP), "--out", str(tmp_path / "o"),
                                       "--no-code", "--prometheus", "http://u:p@127.0.0.1:9"])
    assert result.exit_code == 2
    assert "ARCHGOV_PROMETHEUS_USER" in result.stderr and "Traceback" not in result.output


def test_a_missing_snapshot_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["audit", str(SHOP), "--out", str(tmp_path / "o"),
                                       "--no-code", "--prometheus", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_an_invalid_snapshot_is_a_diagnostic(tmp_path):
    bad = tmp_path / "snap.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    codes, lines, _ = run_audit(tmp_path, str(bad))
    assert codes == ["prometheus-snapshot-invalid"] and len(lines) == 1
