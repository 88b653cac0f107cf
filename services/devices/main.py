"""The devices service: `create_app()` for uvicorn (`--factory`), with its protocol servers beside it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping

from fastapi import FastAPI

from services.devices import consumers, housekeeping, messages, repository
from services.devices.api import guardians, ingest, registry
from services.devices.deps import PARTS, build_parts, context_for, parts_of, settings_of
from services.devices.handlers import attendance, monitoring
from services.devices.repository.monitoring import MonitoringRepository
from services.devices.settings import DevicesSettings
from shared.auth.verifier import JwksFetcher
from shared.clock import Clock
from shared.events import devices as device_events
from shared.events.notifications import NotificationRequestedV1
from shared.service import Runtime, ServiceSpec, create_service_app
from shared.timers import TimerHandler

logger = logging.getLogger(__name__)


async def start_devices(runtime: Runtime) -> None:
    settings = settings_of(runtime)
    parts = build_parts(runtime)
    runtime.extras[PARTS] = parts
    restored = await parts.devices.restore_lookups()
    if restored:
        logger.warning("device lookups restored at start", extra={"count": restored})
    await parts.publisher.start()
    parts.archive.start()
    ports = {
        "gt06": settings.gt06_port,
        "watch": settings.watch_port,
        "h02": settings.h02_port,
        "osmand": settings.osmand_port,
    }
    await parts.servers.start(settings.protocol_host, ports, reuse_port=settings.reuse_port)
    parts.housekeeping = asyncio.create_task(
        housekeeping.run(MonitoringRepository(runtime.db), settings, runtime.clock), name="devices-housekeeping"
    )


async def stop_devices(runtime: Runtime) -> None:
    if PARTS not in runtime.extras:
        return
    parts = parts_of(runtime)
    await parts.servers.stop()
    if parts.housekeeping is not None:
        parts.housekeeping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await parts.housekeeping
    await parts.archive.stop()
    await parts.publisher.stop()


def timer_handlers(runtime: Runtime) -> Mapping[str, TimerHandler]:
    async def not_arrived(timer_id: str, payload: Mapping[str, object]) -> None:
        await attendance.on_not_arrived_timer(timer_id, payload, context_for(runtime))

    async def offline(timer_id: str, payload: Mapping[str, object]) -> None:
        await monitoring.on_offline_timer(timer_id, payload, context_for(runtime))

    return {attendance.NOT_ARRIVED: not_arrived, monitoring.OFFLINE: offline}


def create_app(
    settings: DevicesSettings | None = None,
    *,
    jwks_fetcher: Callable[[Runtime], JwksFetcher] | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or DevicesSettings()
    spec = ServiceSpec(
        name="devices",
        title="Smart Mahalla — devices and child monitoring",
        routers=[registry.router, guardians.router, ingest.router],
        register_subscribers=consumers.register,
        outbox_collections=repository.OUTBOX_COLLECTIONS,
        indexes=repository.INDEXES,
        timer_handlers=timer_handlers,
        catalogues=[messages.MESSAGES],
        publishes=[
            device_events.PositionReportedV1,
            device_events.DeviceStatusReportedV1,
            device_events.AccessPassRecordedV1,
            device_events.CameraEventRecordedV1,
            device_events.ChildAlertRaisedV1,
            device_events.ChildAttendanceRecordedV1,
            NotificationRequestedV1,
        ],
        on_start=[start_devices],
        on_stop=[stop_devices],
        jwks_fetcher=jwks_fetcher,
        clock=clock,
    )
    return create_service_app(spec, settings)
