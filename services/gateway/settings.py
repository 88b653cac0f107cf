"""The gateway's settings (env prefix `SM_GATEWAY_`); infrastructure addresses come from `shared.settings`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from services.gateway.domain.rate_limit import Limit
from services.gateway.edge.rate_limits import Limits
from shared.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SM_GATEWAY_", extra="ignore", populate_by_name=True)

    service_name: str = "gateway"
    port: int = 8000

    otp_pepper: SecretStr = SecretStr("sandbox-otp-pepper")
    key_encryption_key: SecretStr = SecretStr("sandbox-key-encryption-key")
    consent_version: str = "2026-01"
    key_rotation_hours: float = 24.0

    sms_adapter: Literal["sandbox", "http"] = "sandbox"
    sms_url: str = ""
    sms_token: SecretStr = SecretStr("sandbox-sms-token")
    sms_sender: str = "SmartMahalla"
    registry_latency_s: float = 0.05

    appeals_url: str = "http://127.0.0.1:8001"
    ratings_url: str = "http://127.0.0.1:8002"
    geo_url: str = "http://127.0.0.1:8003"
    sos_url: str = "http://127.0.0.1:8004"
    devices_url: str = "http://127.0.0.1:8005"
    docs_vault_url: str = "http://127.0.0.1:8006"
    bulletins_url: str = "http://127.0.0.1:8007"
    upstream_timeout_s: float = 15.0

    rate_per_address_per_minute: int = 600
    rate_per_user_per_minute: int = 300
    codes_per_phone_per_hour: int = 5
    max_json_body_bytes: int = 1_000_000
    max_upload_body_bytes: int = 30_000_000
    cors_origins: list[str] = Field(default_factory=list)
    bootstrap_admin_password: SecretStr = SecretStr("sandbox-admin-Passw0rd!")

    @property
    def notifications_consumer_group(self) -> str:
        """One group per deployment: every gateway instance of it shares the records, other deployments don't."""
        return f"{self.database_name}.notifications"

    def upstreams(self) -> dict[str, str]:
        return {
            "appeals": self.appeals_url, "ratings": self.ratings_url, "geo": self.geo_url, "sos": self.sos_url,
            "devices": self.devices_url, "docs_vault": self.docs_vault_url, "bulletins": self.bulletins_url,
        }  # fmt: skip

    def limits(self) -> Limits:
        return Limits(
            per_address=Limit(rate=self.rate_per_address_per_minute, period_seconds=60,
                              burst=max(1, self.rate_per_address_per_minute // 5)),
            per_user=Limit(rate=self.rate_per_user_per_minute, period_seconds=60,
                           burst=max(1, self.rate_per_user_per_minute // 5)),
            per_phone_codes=Limit(rate=self.codes_per_phone_per_hour, period_seconds=3600,
                                  burst=min(3, self.codes_per_phone_per_hour)),
        )  # fmt: skip

    @property
    def is_sandbox(self) -> bool:
        return self.profile == "sandbox"
