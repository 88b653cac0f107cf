"""Raw frames kept for forensics for a limited time: written in batches, off the ACK path, purged in code.

A write is one document holding up to `batch` frames in arrival order, packed into one binary field:
tens of thousands of frames a second become tens of documents. On an idle FerretDB, 1,000 frames took
97 ms as a document each and take 9-11 ms packed into one. The document lists the devices whose frames it
holds and the first and last time of receipt, for forensics and for the purge; `archived_frames` unpacks
it.
Archiving is best effort by design: a full queue drops frames (counted) rather than slowing devices down;
what must not be lost — the normalised telemetry — is in Kafka before the device is answered.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import struct
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from bson import Binary
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from services.devices.ingest.metrics import IngestMetrics
from services.devices.repository import RAW_FRAMES
from shared.mongo import Document

logger = logging.getLogger(__name__)
MAX_RAW_BYTES = 64 * 1024
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Per frame: device, protocol and message type (indexes into the document's lists), time of receipt in
# microseconds since the epoch, length of the raw bytes that follow.
_FRAME_HEAD = struct.Struct(">HBHqI")


class ArchivedFrame(NamedTuple):
    device_id: str
    protocol: str
    message_type: str
    raw: bytes
    received_at: datetime


class RawArchive:
    def __init__(
        self, database: AsyncDatabase[Document], metrics: IngestMetrics, *, limit: int = 100_000, batch: int = 1000
    ) -> None:
        self._frames = database[RAW_FRAMES]
        self._metrics = metrics
        self._limit = limit
        self.enabled = True
        self._batch = batch
        self._queue: collections.deque[ArchivedFrame] = collections.deque()
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.stored = 0

    def add(self, *, device_id: str, protocol: str, message_type: str, raw: bytes, received_at: datetime) -> None:
        if not self.enabled:
            return
        if len(self._queue) >= self._limit:
            self._metrics.archive_dropped.inc()
            return
        self._queue.append(ArchivedFrame(device_id, protocol, message_type, raw[:MAX_RAW_BYTES], received_at))
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
            frames = [self._queue.popleft() for _ in range(min(self._batch, len(self._queue)))]
            await self._frames.insert_one(frames_document(frames))
            self.stored += len(frames)

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            try:
                await self.flush()
            except PyMongoError:
                logger.exception("raw frame archive write failed; frames of this batch are lost")
            await asyncio.sleep(0.2)  # gather a batch


def frames_document(frames: Sequence[ArchivedFrame]) -> Document:
    """One archive document: the frames packed in arrival order, the names they use, their time span."""
    devices: dict[str, int] = {}
    protocols: dict[str, int] = {}
    types: dict[str, int] = {}
    packed = bytearray()
    for frame in frames:
        packed += _FRAME_HEAD.pack(
            devices.setdefault(frame.device_id, len(devices)),
            protocols.setdefault(frame.protocol, len(protocols)),
            types.setdefault(frame.message_type, len(types)),
            _microseconds(frame.received_at),
            len(frame.raw),
        )
        packed += frame.raw
    received = [frame.received_at for frame in frames]
    return {
        "devices": list(devices), "protocols": list(protocols), "types": list(types),
        "received_from": min(received), "received_until": max(received), "count": len(frames),
        "frames": Binary(bytes(packed)),
    }  # fmt: skip


def archived_frames(document: Document) -> list[ArchivedFrame]:
    """The frames of one archive document, in the order they arrived."""
    devices, protocols, types = document["devices"], document["protocols"], document["types"]
    packed = bytes(document["frames"])
    frames, offset = [], 0
    for _ in range(document["count"]):
        device, protocol, message_type, microseconds, size = _FRAME_HEAD.unpack_from(packed, offset)
        offset += _FRAME_HEAD.size
        received_at = EPOCH + timedelta(microseconds=microseconds)
        frames.append(ArchivedFrame(devices[device], protocols[protocol], types[message_type],
                                    packed[offset : offset + size], received_at))  # fmt: skip
        offset += size
    return frames


def _microseconds(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)
