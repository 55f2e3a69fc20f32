"""What a service's code can see at run time: its env and its config files, with profiles.

Env comes from the manifests (`Service.env`; else `env` facts on its Resources) and, with
lower priority, from `.env` files in its source folder. Config keys are looked up with
Spring/.NET relaxed binding (case, `-`, `_`, `:` ignored), an env var overrides a key
(`orders.url` <- ORDERS_URL, `Orders:BaseUrl` <- ORDERS__BASEURL), and `${NAME:default}`
placeholders are expanded. When the active profile is unknown every profile's value is a
candidate, so a key yields a list of values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.ingest.code.config.files import ConfigFile, ConfigValue, normalize_key, placeholders
from analyzer.model import Service, SystemModel

_PROFILE_ENV = ("SPRING_PROFILES_ACTIVE", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
                "NODE_ENV")


_DISCOVERY_KEYS = ("eureka.client.", "spring.cloud.consul.", "spring.cloud.nacos.discovery.",
                   "consul.", "eureka.")


@dataclass(frozen=True)
class Found:
    """A value and where it came from ("env ORDERS_URL", "application.yml:12 orders.url");
    `entry` is the config-file entry it was read from (None for manifest env and code)."""

    value: str
    via: str
    entry: ConfigValue | None = None


class ServiceContext:
    """Env and config lookups of one service (pure: built from already-read facts)."""

    def __init__(self, env: dict[str, Found], configs: list[ConfigFile]) -> None:
        self.env = env
        self.configs = configs
        self.by_key: dict[str, list[ConfigValue]] = {}
        for config in configs:
            if config.kind == "dotenv":
                continue
            for entry in config.values:
                self.by_key.setdefault(normalize_key(entry.key), []).append(entry)
        self.profiles = self._active_profiles()

    @classmethod
    def build(cls, model: SystemModel, service: Service, configs: list[ConfigFile]) -> ServiceContext:
        env: dict[str, Found] = {}
        for config in configs:
            if config.kind == "dotenv":
                for entry in config.values:
                    env.setdefault(entry.key, Found(entry.value, f"{entry.file}:{entry.line}",
                                                    entry))
        for key, value in _resource_env(model, service.id).items():
            env[key] = Found(value, f"env {key}")
        for var in service.env:
            if not var.masked:
                env[var.key] = Found(var.value, f"env {var.key}")
        return cls(env, configs)

    def env_var(self, name: str) -> list[Found]:
        found = self.env.get(name)
        if found is None:
            return []
        return [Found(v, found.via, found.entry) for v in self._expand(found.value, 0)]

    def config_key(self, key: str) -> list[Found]:
        folded = {name.upper(): name for name in self.env}
        for env_name in _env_forms(key):
            if env_name.upper() in folded:
                return self.env_var(folded[env_name.upper()])
        entries = self._entries(key)
        results: list[Found] = []
        for entry in entries:
            via = f"{entry.file}:{entry.line} {entry.key}"
            results.extend(Found(v, via, entry) for v in self._expand(entry.value, 0))
        return list(dict.fromkeys(results))

    def any_value(self, name: str) -> list[Found]:
        """A name read in code as env or config: env first, then config keys."""
        return self.env_var(name) or self.config_key(name)

    def discovery_client(self) -> bool:
        """Whether the service resolves names through a registry (Eureka, Consul, Nacos), so a
        bare host in a URL it calls (`http://orders/api`) is a registry id, not an address."""
        keys = [*self.by_key, *(normalize_key(name.replace("_", ".")) for name in self.env)]
        return any(key.startswith(_DISCOVERY_KEYS) for key in keys)

    def bindings(self, name: str) -> list[ConfigValue]:
        """Every config-file entry that binds `name` (any profile; .env files for env names)."""
        found = self.env.get(name)
        own = [found.entry] if found is not None and found.entry is not None else []
        return own + self.by_key.get(normalize_key(name), [])

    def literal(self, entry: ConfigValue) -> list[str]:
        """What a config entry itself states: placeholders filled from config and their
        defaults, never from env, so a host here is one written in a config file."""
        return self._expand(entry.value, 0, use_env=False)

    def effective(self, entry: ConfigValue) -> bool:
        """False for an entry of a profile other than the active ones (when those are known)."""
        return not self.profiles or not entry.profile or entry.profile in self.profiles

    # -- private ---------------------------------------------------------------------

    def _entries(self, key: str) -> list[ConfigValue]:
        entries = self.by_key.get(normalize_key(key), [])
        if not entries:
            return []
        if self.profiles:
            chosen = [e for e in entries if e.profile in self.profiles]
            if chosen:
                return [max(chosen, key=lambda e: self.profiles.index(e.profile))]
            base = [e for e in entries if not e.profile]
            return base[-1:] if base else []
        base = [e for e in entries if not e.profile]
        others = [e for e in entries if e.profile]
        return base[-1:] + others

    def _expand(self, value: str, depth: int, use_env: bool = True) -> list[str]:
        found = placeholders(value)
        if not found or depth > 5:
            return [value]
        whole, name, default = found[0]
        options = [f.value for f in (self.env_var(name) if use_env and name in self.env else [])]
        if not options:
            options = [e.value for e in self._entries(name)]
        if not options and default is not None:
            options = [default]
        if not options:
            return [value]
        results: list[str] = []
        for option in options:
            results.extend(self._expand(value.replace(whole, option, 1), depth + 1, use_env))
        return results

    def _active_profiles(self) -> list[str]:
        for name in _PROFILE_ENV:
            if name in self.env and self.env[name].value:
                return [p.strip() for p in self.env[name].value.split(",") if p.strip()]
        for key in ("spring.profiles.active", "spring.profiles.include"):
            entries = [e for e in self.by_key.get(normalize_key(key), []) if not e.profile]
            if entries and "${" not in entries[-1].value:
                return [p.strip() for p in entries[-1].value.split(",") if p.strip()]
        return []


def _env_forms(key: str) -> list[str]:
    if re.fullmatch(r"[A-Z0-9_]+", key):
        return [key]
    upper = key.upper()
    return list(dict.fromkeys([re.sub(r"[.\-]", "_", upper.replace(":", "__")),
                               re.sub(r"[.\-:]", "_", upper).replace("__", "_")]))


def _resource_env(model: SystemModel, service_id: str) -> dict[str, str]:
    """Fallback when the manifest ingest did not fill `Service.env`: `env` facts of its Resources."""
    env: dict[str, str] = {}
    for resource in model.resources:
        if resource.service != service_id:
            continue
        raw = resource.facts.get("env")
        if isinstance(raw, dict):
            env.update({str(k): str(v) for k, v in raw.items() if v is not None})
        elif isinstance(raw, list):
            for item in raw:
                if isinstance(item, dict) and "name" in item and item.get("value") is not None:
                    env[str(item["name"])] = str(item["value"])
    return env
