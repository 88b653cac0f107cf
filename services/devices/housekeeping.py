"""Expiry in code (FerretDB has no TTL indexes): raw frames after hours, position history after 30 days."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from services.devices.repository.monitoring import MonitoringRepository
from services.devices.settings import DevicesSettings
from shared.clock import Clock

logger = logging.getLogger(__name__)


async def purge_once(repository: MonitoringRepository, settings: DevicesSettings, clock: Clock) -> dict[str, int]:
    now = clock.now()
    return await repository.purge(
        positions_before=now - timedelta(days=settings.position_history_days),
        frames_before=now - timedelta(hours=settings.raw_frame_retention_hours),
    )


async def run(repository: MonitoringRepository, settings: DevicesSettings, clock: Clock) -> None:
    while True:
        try:
            removed = await purge_once(repository, settings, clock)
            if any(removed.values()):
                logger.info("expired data purged", extra=removed)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("purge failed; retrying at the next interval")
        await asyncio.sleep(settings.purge_interval_s)
