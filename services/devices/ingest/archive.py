"""Raw frames kept for forensics for a limited time: written in batches, off the ACK path, purged in code.

Archiving is best effort by design: a full queue drops frames (counted) rather than slowing devices down;
what must not be lost — the normalised telemetry — is in Kafka before the device is answered.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from services.devices.ingest.metrics import IngestMetrics
from services.devices.repository import RAW_FRAMES
from shared.mongo import Document

logger = logging.getLogger(__name__)
MAX_RAW_BYTES = 64 * 1024


class RawArchive:
    def __init__(
        self, database: AsyncDatabase[Document], metrics: IngestMetrics, *, limit: int = 100_000, batch: int = 1000
    ) -> None:
        self._frames = database[RAW_FRAMES]
        self._metrics = metrics
        self._limit = limit
        self.enabled = True
        self._batch = batch
        self._queue: collections.deque[Document] = collections.deque()
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.stored = 0

    def add(self, *, device_id: str, protocol: str, message_type: str, raw: bytes, received_at: datetime) -> None:
        if not self.enabled:
            return
        if len(self._queue) >= self._limit:
            self._metrics.archive_dropped.inc()
            return
        self._queue.append(
            {
                "device_id": device_id,
                "protocol": protocol,
                "type": message_type,
                "raw": raw[:MAX_RAW_BYTES],
                "received_at": received_at,
            }
        )
        self._ready.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="raw-archive")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(PyMongoError):
            await self.flush()

    async def flush(self) -> None:
        while self._queue:
            batch = [self._queue.popleft() for _ in range(min(self._batch, len(self._queue)))]
            await self._frames.insert_many(batch, ordered=False)
            self.stored += len(batch)

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            try:
                await self.flush()
            except PyMongoError:
                logger.exception("raw frame archive write failed; frames of this batch are lost")
            await asyncio.sleep(0.2)  # gather a batch
