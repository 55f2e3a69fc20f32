"""Config-server repositories: which folders are one, and which service each file configures."""

from __future__ import annotations

from analyzer.ingest.code.config.files import ConfigFile, ConfigValue
from analyzer.ingest.code.config.repo import (ServedConfig, assign, find_repo_dirs,
                                             is_config_server, repo_file)


def _cfg(file: str, **values: str) -> ConfigFile:
    return ConfigFile("spring", file, [ConfigValue(k, v, file, i + 1)
                                      for i, (k, v) in enumerate(values.items())])


SERVER = _cfg("cs/application.yml", **{
    "spring.cloud.config.server.native.search-locations": "file:/srv/settings/{application},"
                                                          "classpath:/shared"})


def test_config_server_by_its_own_settings_or_env():
    assert is_config_server([SERVER], {})
    assert not is_config_server([_cfg("x/application.yml", **{"spring.application.name": "x"})], {})
    assert is_config_server([], {"SPRING_CLOUD_CONFIG_SERVER_GIT_URI": "file:///repo"})


def test_repo_dirs_from_search_locations_and_convention_hold_config_files():
    files = ["settings/orders.yml", "settings/billing/application-prod.yml",
             "src/main/resources/shared/application.yml", "src/main/resources/application.yml",
             "config-repo/payments.properties", "docs/config-repo.md",
             "src/main/java/com/x/settings/Foo.java"]
    assert find_repo_dirs([SERVER], {}, files) == [
        "src/main/resources/shared", "config-repo", "settings"]
    assert find_repo_dirs([], {}, ["src/main/resources/application.yml"]) == []


def test_repo_file_names_are_repo_relative_without_suffix():
    dirs = ["settings"]
    assert repo_file("settings/billing/application-prod.yml", dirs) == "billing/application-prod"
    assert repo_file("settings/orders.yml", dirs) == "orders"
    assert repo_file("settings/README.md", dirs) is None
    assert repo_file("src/main/resources/application.yml", dirs) is None


def test_assign_by_name_profile_folder_and_shared_to_clients():
    names = {"payment-service": "payment-service", "orders": "orders", "billing": "billing"}
    served = [ServedConfig("cs", "payment-service", _cfg("r/payment-service.yml", a="1")),
              ServedConfig("cs", "payment-service-dev", _cfg("r/payment-service-dev.yml", a="2")),
              ServedConfig("cs", "billing/application-prod", _cfg("r/billing/application-prod.yml",
                                                                  b="3")),
              ServedConfig("cs", "application", _cfg("r/application.yml", c="4")),
              ServedConfig("cs", "inventory", _cfg("r/inventory.yml", d="5"))]
    assigned, unknown = assign(served, names.get, {"cs": {"orders", "payment-service"}})
    got = {sid: [(c.file, [v.profile for v in c.values]) for c in configs]
           for sid, configs in assigned.items()}
    assert got == {
        "billing": [("r/billing/application-prod.yml", ["prod"])],
        "orders": [("r/application.yml", [""])],
        "payment-service": [("r/application.yml", [""]), ("r/payment-service.yml", [""]),
                            ("r/payment-service-dev.yml", ["dev"])],
    }
    assert [u.name for u in unknown] == ["inventory"]
