"""The composition root: the geo service's long-lived parts, and what routes get, from the service runtime."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Annotated, cast

from fastapi import Depends
from starlette.requests import HTTPConnection

from services.geo.adapters.cadastre import SandboxCadastre
from services.geo.adapters.incident_feed import SandboxIncidentFeed
from services.geo.adapters.ministry import SandboxMinistryFeed
from services.geo.feeds import FeedPoller
from services.geo.handlers.context import Geo
from services.geo.live import LiveTerritory
from services.geo.repository import EVENTS, OUTBOX_COLLECTIONS
from services.geo.repository.incidents import IncidentStore
from services.geo.repository.territory import TerritoryStore
from services.geo.settings import GeoSettings
from shared.outbox import OutboxRelay
from shared.service import Runtime, runtime_of


@dataclasses.dataclass
class GeoParts:
    """Made in the lifespan (`main.start_geo`)."""

    live: LiveTerritory
    cadastre: SandboxCadastre
    feed: SandboxIncidentFeed
    ministry: SandboxMinistryFeed
    territory_relay: OutboxRelay
    incident_relay: OutboxRelay
    watcher: asyncio.Task[None] | None = None
    pollers: list[FeedPoller] = dataclasses.field(default_factory=list)


def build_parts(runtime: Runtime) -> GeoParts:
    settings = cast(GeoSettings, runtime.settings)
    cadastre = SandboxCadastre()
    live = LiveTerritory(TerritoryStore(runtime.db), resolution=settings.index_resolution, on_rebuild=cadastre.rebuild)

    # Two relays of the service's own: thousands of incident events never hold up territory events.
    def relay(collections: list[str], name: str) -> OutboxRelay:
        return OutboxRelay(runtime.db, collections, runtime.publish_outbox, name=name, clock=runtime.clock)

    feed = SandboxIncidentFeed(settings.pilot_seed, settings.incident_rate_multiplier)
    territory_relay, incident_relay = relay(OUTBOX_COLLECTIONS, "geo"), relay([EVENTS], "geo-incidents")
    return GeoParts(live, cadastre, feed, SandboxMinistryFeed(), territory_relay, incident_relay)


def parts_of(runtime: Runtime) -> GeoParts:
    return cast(GeoParts, runtime.extras["geo"])


def geo_for(runtime: Runtime) -> Geo:
    parts = parts_of(runtime)

    def wake() -> None:
        parts.territory_relay.wake()
        parts.incident_relay.wake()

    return Geo(
        settings=cast(GeoSettings, runtime.settings), clock=runtime.clock, store=TerritoryStore(runtime.db),
        incidents=IncidentStore(runtime.db), live=parts.live, cadastre=parts.cadastre, feed=parts.feed,
        ministry=parts.ministry, wake_relay=wake,
    )  # fmt: skip


async def _geo(connection: HTTPConnection) -> Geo:
    return geo_for(runtime_of(connection))


GeoDep = Annotated[Geo, Depends(_geo)]
