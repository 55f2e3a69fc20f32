"""The `prometheus:` config section: validation with clear errors, trust, CLI precedence."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.config import ConfigError, load_config

SHOP = Path(__file__).resolve().parents[3] / "fixtures" / "shop"


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "archgov.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_section(tmp_path):
    settings = load_config(config(tmp_path, "prometheus:\n  url: http://prom:9090\n  window: 2w\n"
                                  "  preset: [istio, kubernetes]\n  aliases: {cart-v2: cart}\n"
                                  "  namespaces: [shop]\n"), tmp_path)
    assert settings.prometheus.window == "2w"
    assert settings.prometheus.preset == ["istio", "kubernetes"]
    assert settings.prometheus.aliases == {"cart-v2": "cart"}


def test_a_single_preset_name_is_a_list(tmp_path):
    settings = load_config(config(tmp_path, "prometheus: {preset: linkerd}\n"), tmp_path)
    assert settings.prometheus.preset == ["linkerd"]


@pytest.mark.parametrize("text,message", [
    ("prometheus: {window: 7x}", "prometheus.window"),
    ("prometheus: {preset: [nagios]}", "unknown preset nagios"),
    ("prometheus: {custom: {edge_count: up}}", "unknown query role edge_count"),
    ("prometheus: {retries: 50}", "prometheus.retries"),
    ("prometheus: {token: abc}", "unknown key 'token'")])
def test_invalid_sections_name_the_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as err:
        load_config(config(tmp_path, text + "\n"), tmp_path)
    assert any(message in line and "archgov.yml: " in line for line in err.value.errors), \
        err.value.errors


def test_a_repository_config_may_not_name_a_server(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    config(repo, "prometheus: {url: 'http://attacker.example:9090'}\n")
    with pytest.raises(ConfigError) as err:
        load_config(None, repo, [repo])
    assert "may not name a Prometheus server" in err.value.errors[0]
    trusted = load_config(repo / "archgov.yml", repo)  # --config: the user's own file
    assert trusted.prometheus.url == "http://attacker.example:9090"


def test_cli_window_must_be_a_duration(tmp_path):
    result = CliRunner().invoke(main, ["audit", str(SHOP), "--out", str(tmp_path / "o"),
                                       "--prometheus", str(SHOP / "runtime" / "snapshot.json"),
                                       "--window", "soon"])
    assert result.exit_code == 2
    assert result.stderr.startswith("archgov: error: --window:")
