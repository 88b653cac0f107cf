"""The geo service's settings (env prefix `SM_GEO_`); infrastructure addresses come from `shared.settings`."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict

from services.geo.pilot import DEFAULT_SEED
from shared.settings import ServiceSettings


class GeoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SM_GEO_", extra="ignore", populate_by_name=True)

    service_name: str = "geo"
    port: int = 8003

    cadastre_adapter: Literal["sandbox"] = "sandbox"
    incident_feed_adapter: Literal["sandbox"] = "sandbox"
    ministry_adapter: Literal["sandbox"] = "sandbox"
    # How often an instance checks whether another process (the seed, another instance) changed the registry.
    territory_poll_s: float = 2.0
    index_resolution: int = 8

    pilot_seed: int = DEFAULT_SEED
    seed_incident_days: int = 90
    # The sandbox feed at a quarter of real volumes: ~7,000 pilot incidents in 3 months, which the local
    # database (FerretDB, one request at a time) ingests in about a minute. 1.0 gives realistic volumes.
    incident_rate_multiplier: float = 0.25
    # How often the feeds are polled, in seconds (0: only through the sandbox triggers).
    incident_poll_s: float = 300.0
    ministry_sync_s: float = 21600.0

    @property
    def is_sandbox(self) -> bool:
        return self.profile == "sandbox"
