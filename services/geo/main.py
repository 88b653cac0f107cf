"""The geo service: `create_app()` for uvicorn (`--factory`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, cast

from fastapi import FastAPI

from services.geo import messages, repository
from services.geo.api import administration, citizens, crime_map, locate, sandbox, territory
from services.geo.deps import build_parts, geo_for, parts_of
from services.geo.feeds import feed_pollers
from services.geo.settings import GeoSettings
from shared.clock import Clock
from shared.events import geo as geo_events
from shared.service import Runtime, ServiceSpec, create_service_app

JwksFetcherFactory = Callable[[Runtime], Callable[[], Awaitable[Any]]]


async def start_geo(runtime: Runtime) -> None:
    settings = cast(GeoSettings, runtime.settings)
    parts = build_parts(runtime)
    runtime.extras["geo"] = parts
    await parts.live.refresh()
    parts.watcher = asyncio.create_task(parts.live.watch(settings.territory_poll_s), name="territory-watch")
    parts.territory_relay.start()
    parts.incident_relay.start()
    parts.pollers = feed_pollers(lambda: geo_for(runtime), settings.incident_poll_s, settings.ministry_sync_s)
    for poller in parts.pollers:
        poller.start()


async def stop_geo(runtime: Runtime) -> None:
    if "geo" not in runtime.extras:
        return
    parts = parts_of(runtime)
    for poller in parts.pollers:
        await poller.stop()
    if parts.watcher is not None:
        await parts.live.stop(parts.watcher)
    await parts.territory_relay.stop()
    await parts.incident_relay.stop()


def create_app(
    settings: GeoSettings | None = None, *, jwks_fetcher: JwksFetcherFactory | None = None, clock: Clock | None = None
) -> FastAPI:
    settings = settings or GeoSettings()
    spec = ServiceSpec(
        name="geo",
        title="Smart Mahalla — territory and crime map",
        routers=[
            locate.router,
            citizens.router,
            territory.router,
            administration.router,
            crime_map.router,
            sandbox.router,
        ],
        indexes=repository.INDEXES,
        catalogues=[messages.MESSAGES],
        publishes=[
            geo_events.UnitCreatedV1,
            geo_events.UnitRetiredV1,
            geo_events.OfficialAssignedV1,
            geo_events.OfficialRemovedV1,
            geo_events.PostMovedV1,
            geo_events.IncidentRecordedV1,
        ],
        on_start=[start_geo],
        on_stop=[stop_geo],
        jwks_fetcher=jwks_fetcher,
        clock=clock,
    )
    return create_service_app(spec, settings)
