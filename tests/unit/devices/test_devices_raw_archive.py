"""The raw-frame archive: frames leave in documents of up to a batch each, in arrival order; a full queue
drops (and counts) rather than waits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from prometheus_client import CollectorRegistry

from services.devices.ingest.archive import ArchivedFrame, RawArchive, archived_frames
from services.devices.ingest.metrics import IngestMetrics
from services.devices.repository import RAW_FRAMES

START = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


class RecordingCollection:
    def __init__(self) -> None:
        self.documents: list[dict[str, Any]] = []

    async def insert_one(self, document: dict[str, Any]) -> None:
        self.documents.append(document)


class RecordingDatabase:
    def __init__(self) -> None:
        self.collections: dict[str, RecordingCollection] = {}

    def __getitem__(self, name: str) -> RecordingCollection:
        return self.collections.setdefault(name, RecordingCollection())


def archive_of(database: RecordingDatabase, *, limit: int, batch: int) -> tuple[RawArchive, CollectorRegistry]:
    registry = CollectorRegistry()
    return RawArchive(database, IngestMetrics(registry), limit=limit, batch=batch), registry  # type: ignore[arg-type]


def add_frames(archive: RawArchive, count: int) -> None:
    for number in range(count):
        archive.add(device_id=f"dev-{number % 3}", protocol="gt06", message_type="0x12",
                    raw=bytes([number % 256]), received_at=START + timedelta(seconds=number))  # fmt: skip


async def test_frames_are_written_in_documents_of_a_batch_each_and_read_back_in_arrival_order() -> None:
    database = RecordingDatabase()
    archive, _ = archive_of(database, limit=100, batch=4)
    add_frames(archive, 10)
    await archive.flush()

    documents = database[RAW_FRAMES].documents
    assert [document["count"] for document in documents] == [4, 4, 2]
    read_back = [frame for document in documents for frame in archived_frames(document)]
    assert read_back == [
        ArchivedFrame(f"dev-{n % 3}", "gt06", "0x12", bytes([n % 256]), START + timedelta(seconds=n)) for n in range(10)
    ]
    first = documents[0]
    assert first["devices"] == ["dev-0", "dev-1", "dev-2"]
    assert (first["received_from"], first["received_until"]) == (START, START + timedelta(seconds=3))
    assert archive.stored == 10


async def test_a_frame_of_the_largest_size_kept_survives_the_packing() -> None:
    database = RecordingDatabase()
    archive, _ = archive_of(database, limit=10, batch=10)
    archive.add(device_id="dev-big", protocol="hikvision", message_type="event", raw=bytes(range(256)) * 300,
                received_at=START)  # fmt: skip
    await archive.flush()

    [document] = database[RAW_FRAMES].documents
    [frame] = archived_frames(document)
    assert len(frame.raw) == 64 * 1024
    assert frame.raw == (bytes(range(256)) * 300)[: 64 * 1024]


async def test_a_full_queue_drops_the_newest_frames_and_counts_them() -> None:
    database = RecordingDatabase()
    archive, registry = archive_of(database, limit=5, batch=100)
    add_frames(archive, 8)
    await archive.flush()

    [document] = database[RAW_FRAMES].documents
    assert [frame.raw for frame in archived_frames(document)] == [bytes([n]) for n in range(5)]
    assert registry.get_sample_value("devices_archive_dropped_total") == 3
