"""The feeds the geo service follows by itself: the Interior Ministry's incidents and the Ministry of Mahalla
and Family Support's updates, each polled on its own interval (0 turns a poll off).

Incident windows overlap by a minute (what is stored already is skipped), so nothing falls between two
polls; a failed poll is logged and the next one tries again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from services.geo.handlers import incidents, ministry
from services.geo.handlers.context import Geo
from shared.background import BackgroundLoop

logger = logging.getLogger(__name__)

WINDOW_OVERLAP = timedelta(minutes=1)


class FeedPoller:
    def __init__(self, name: str, every_s: float, poll: Callable[[], Awaitable[object]]) -> None:
        self.name = name
        self._every_s = every_s
        self._poll = poll
        self._loop = BackgroundLoop(self._run, f"feed-{name}")

    def start(self) -> None:
        if self._every_s > 0:
            self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._every_s)
            try:
                report = await self._poll()
            except Exception:
                logger.exception("feed poll failed; the next poll tries again", extra={"feed": self.name})
            else:
                logger.info("feed polled", extra={"feed": self.name, "report": repr(report)})


def feed_pollers(geo_of: Callable[[], Geo], incident_poll_s: float, ministry_sync_s: float) -> list[FeedPoller]:
    async def poll_incidents() -> incidents.IngestReport:
        geo = geo_of()
        end = geo.clock.now()
        return await incidents.ingest_window(end - timedelta(seconds=incident_poll_s) - WINDOW_OVERLAP, end, geo)

    async def sync_ministry() -> ministry.SyncReport:
        return await ministry.sync(geo_of())

    return [FeedPoller("incidents", incident_poll_s, poll_incidents),
            FeedPoller("ministry", ministry_sync_s, sync_ministry)]  # fmt: skip
