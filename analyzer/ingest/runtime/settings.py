"""The `prometheus:` section of archgov.yml: where runtime facts come from and how labels map.

    prometheus:
      url: https://prometheus.example:9090   # or a snapshot file; --prometheus wins
      window: 7d                              # --window wins
      end: 2026-01-31T00:00:00Z               # the window's end (default: now)
      preset: auto                            # or a list: [istio, kubernetes], or custom
      custom:                                 # role -> PromQL, labels source/target/service
        edge_rate: sum by (source, target) (rate(my_calls_total[$w]))
      labels: {source: source, target: target, service: service}
      aliases: {cart-v2: cart, legacy-shop.prod: shop}   # runtime name[.namespace] -> id
      namespaces: [shop]                      # only these namespaces (default: all)
      strip_versions: true                    # cart-v2, cart-1.4.0 -> cart
      timeout_seconds: 30
      retries: 2
      ca_file: /etc/ssl/corp-ca.pem

Credentials are never configured here: see `client.py` for the environment variables.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from analyzer.ingest.runtime.presets import PRESET_CHOICES, ROLES, Labels
from analyzer.ingest.runtime.window import BadWindow, parse_duration


class CustomLabels(BaseModel):
    """Which labels the custom queries' answers carry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = "source"
    target: str = "target"
    service: str = "service"
    namespace: str = "namespace"
    route: str = "route"
    method: str = "method"

    def labels(self) -> Labels:
        return Labels(source=self.source, source_ns="", target=self.target, target_ns="",
                      service=self.service, service_ns=self.namespace, route=self.route,
                      method=self.method)


class PrometheusSettings(BaseModel):
    """Validated `prometheus:` settings (every key optional)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str | None = None
    window: str = "7d"
    end: datetime | None = None
    preset: list[str] = Field(default_factory=lambda: ["auto"])
    custom: dict[str, str] = Field(default_factory=dict)
    labels: CustomLabels = Field(default_factory=CustomLabels)
    aliases: dict[str, str] = Field(default_factory=dict)
    namespaces: list[str] = Field(default_factory=list)
    strip_versions: bool = True
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    retries: int = Field(default=2, ge=0, le=5)
    ca_file: str | None = None

    @field_validator("window")
    @classmethod
    def _window(cls, value: str) -> str:
        try:
            parse_duration(value)
        except BadWindow:
            raise ValueError("must be a duration like 30m, 6h, 7d or 2w, between 1m and 2y") from None
        return value

    @field_validator("preset", mode="before")
    @classmethod
    def _preset(cls, value):
        names = [value] if isinstance(value, str) else value
        if isinstance(names, list):
            unknown = [n for n in names if n not in PRESET_CHOICES]
            if unknown:
                raise ValueError(f"unknown preset {', '.join(map(str, unknown))} "
                                 f"(choose from {', '.join(PRESET_CHOICES)})")
        return names

    @field_validator("custom")
    @classmethod
    def _custom(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown query role {', '.join(unknown)} "
                             f"(choose from {', '.join(ROLES)})")
        return value
