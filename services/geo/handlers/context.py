"""Everything a use case may touch, built by `deps.py`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from services.geo.adapters.cadastre import Cadastre
from services.geo.adapters.incident_feed import IncidentFeed
from services.geo.adapters.ministry import MinistryFeed
from services.geo.live import LiveTerritory
from services.geo.repository.incidents import IncidentStore
from services.geo.repository.territory import TerritoryStore
from services.geo.settings import GeoSettings
from shared.clock import Clock


def _nothing() -> None:
    return None


@dataclasses.dataclass(frozen=True)
class Geo:
    settings: GeoSettings
    clock: Clock
    store: TerritoryStore
    incidents: IncidentStore
    live: LiveTerritory
    cadastre: Cadastre
    feed: IncidentFeed
    ministry: MinistryFeed
    wake_relay: Callable[[], None] = _nothing

    async def changed(self) -> None:
        """After a registry write: bump the version, reload here at once, let the events leave."""
        await self.store.bump()
        await self.live.refresh()
        self.wake_relay()
