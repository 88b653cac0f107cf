"""The territory as every request reads it: an in-memory snapshot, its point → mahalla index and the
sandbox address book, rebuilt when the registry's version changes (checked after each write here and
polled for writes by other processes: the seed, other instances)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Callable

from services.geo.domain.lookup import MahallaIndex
from services.geo.domain.registry import Territory
from services.geo.repository.territory import TerritoryStore

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Snapshot:
    territory: Territory
    index: MahallaIndex
    version: int


class LiveTerritory:
    def __init__(
        self, store: TerritoryStore, *, resolution: int, on_rebuild: Callable[[Territory], None] | None = None
    ) -> None:
        self._store = store
        self._resolution = resolution
        self._on_rebuild = on_rebuild
        self._lock = asyncio.Lock()
        self.current = Snapshot(Territory(), MahallaIndex(()), -1)

    @property
    def territory(self) -> Territory:
        return self.current.territory

    @property
    def index(self) -> MahallaIndex:
        return self.current.index

    async def refresh(self) -> bool:
        """Reload when the stored version differs from the one held; True when it reloaded."""
        async with self._lock:
            version = await self._store.version()
            if version == self.current.version:
                return False
            territory = await self._store.load()
            index = await asyncio.to_thread(self._build, territory)
            self.current = Snapshot(territory, index, version)
            logger.info("territory loaded", extra={"version": version, "mahallas": len(territory.mahallas)})
            return True

    def _build(self, territory: Territory) -> MahallaIndex:
        index = MahallaIndex(territory.mahallas, resolution=self._resolution)
        if self._on_rebuild is not None:
            self._on_rebuild(territory)
        return index

    async def watch(self, interval_s: float) -> None:
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.refresh()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("territory refresh failed; retrying")

    @staticmethod
    async def stop(task: asyncio.Task[None]) -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
