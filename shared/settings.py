"""Settings every service shares: infrastructure addresses, the profile, and the placeholder-secret guard.

Each service subclasses `ServiceSettings` with its own env prefix (`SM_APPEALS_` …). The infrastructure
addresses are common to all services and read from `SM_KAFKA_BOOTSTRAP`, `SM_MONGO_URL`, `SM_REDIS_URL`; so
is the identity digest key (`SM_IDENTITY_DIGEST_KEY`), which the gateway and the services must share.
Nothing else in the code base reads the environment.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SANDBOX_SECRET_PREFIX = "sandbox-"
_Value = TypeVar("_Value", str, SecretStr)


def _common(name: str, default: _Value) -> _Value:
    return Field(default, validation_alias=AliasChoices(f"SM_{name}"))  # type: ignore[no-any-return]


class ServiceSettings(BaseSettings):
    """Base settings; `profile=production` refuses sandbox placeholder secrets."""

    model_config = SettingsConfigDict(env_prefix="SM_", extra="ignore", populate_by_name=True)

    service_name: str = "smart-mahalla"
    profile: Literal["sandbox", "production"] = Field("sandbox", validation_alias=AliasChoices("SM_PROFILE"))
    kafka_bootstrap: str = _common("KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    mongo_url: str = _common("MONGO_URL", "mongodb://127.0.0.1:27017/")
    redis_url: str = _common("REDIS_URL", "redis://127.0.0.1:6379/0")
    database_prefix: str = _common("DATABASE_PREFIX", "sm_")
    gateway_jwks_url: str = _common("GATEWAY_JWKS_URL", "http://127.0.0.1:8000/.well-known/jwks.json")
    token_issuer: str = _common("TOKEN_ISSUER", "https://smartmahalla.uz")
    token_audience: str = _common("TOKEN_AUDIENCE", "smart-mahalla")
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = _common("LOG_LEVEL", "INFO")
    # `shared.memory.settle_after_start` once the service has started (off where one process starts many apps).
    settle_memory_after_start: bool = Field(True, validation_alias=AliasChoices("SM_SETTLE_MEMORY_AFTER_START"))
    otlp_endpoint: str | None = Field(None, validation_alias=AliasChoices("SM_OTLP_ENDPOINT"))
    # The key of `shared.auth.identity_digest`: the gateway signs digests with it, services compare with it.
    identity_digest_key: SecretStr = _common("IDENTITY_DIGEST_KEY", SecretStr("sandbox-identity-digest-key"))

    @property
    def database_name(self) -> str:
        return f"{self.database_prefix}{self.service_name}"

    @model_validator(mode="after")
    def _refuse_placeholder_secrets_in_production(self) -> ServiceSettings:
        if self.profile != "production":
            return self
        for name, value in self:
            if isinstance(value, SecretStr) and (
                not value.get_secret_value() or value.get_secret_value().startswith(SANDBOX_SECRET_PREFIX)
            ):
                raise ValueError(f"{name} holds a sandbox placeholder; set a real secret for production")
        return self
