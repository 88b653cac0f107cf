"""The appeals service's settings (env prefix `SM_APPEALS_`); infrastructure addresses come from `shared.settings`."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.events.registry import TERRITORY, USERS
from shared.settings import ServiceSettings


class AppealsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SM_APPEALS_", extra="ignore", populate_by_name=True)

    service_name: str = "appeals"
    port: int = 8001

    # Open311 clients identify themselves with an api_key (GeoReport v2); the citizen with his token.
    open311_api_keys: list[SecretStr] = Field(default_factory=lambda: [SecretStr("sandbox-open311-key")])
    open311_base_url: str = "http://127.0.0.1:8000/v1/open311/v2"
    open311_contact: str = "Smart Mahalla, murojaat@smartmahalla.uz"
    # A JSON list replacing the default category catalogue (see domain/categories.load_categories).
    categories_json: str | None = None
    # Where a point of an appeal is located (geo's /v1/locate); empty: routed by the citizen's mahalla only.
    geo_url: str = "http://127.0.0.1:8003"
    # territory.v1 is read from its beginning into the read model of THIS database, so the consumer group
    # is named after the database by default: a fresh database (a new prefix) replays the whole topic.
    territory_topic: str = TERRITORY.name
    territory_group: str | None = None
    # users.v1: a deleted account's appeals are unlinked from it
    users_topic: str = USERS.name
    users_group: str | None = None
    # The sandbox may move its clock forward (demos of reminders and breaches); never in production.
    sandbox_clock: bool = True

    @property
    def territory_consumer_group(self) -> str:
        return self.territory_group or f"{self.database_name}.territory"

    @property
    def users_consumer_group(self) -> str:
        return self.users_group or f"{self.database_name}.users"

    @property
    def is_sandbox(self) -> bool:
        return self.profile == "sandbox"
