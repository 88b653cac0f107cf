"""Telemetry straight to Kafka from the ingestion path, with an idempotent producer and `acks=all`.

Positions are many and each is its own fact, so they skip the outbox. Connections hand their records to
one publisher that group-commits: while one flush is on its way to the broker, the next connections'
records gather; each flush becomes one record batch per partition (keyed by device, Kafka's murmur2
partitioner), and every caller is released once the broker has acknowledged all of its records. Only
then is the device answered: a device that got no ACK sends again — the device is the outbox.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import logging
from collections.abc import Sequence
from typing import Any, NamedTuple

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner

from shared.events.envelope import Event

logger = logging.getLogger(__name__)
MAX_BATCH_BYTES = 512 * 1024
MAX_FLUSHES_IN_FLIGHT = 4
MAX_REMEMBERED_KEYS = 500_000


class OutgoingRecord(NamedTuple):
    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]

    @classmethod
    def of(cls, event: Event, topic: str) -> OutgoingRecord:
        headers = [(name, value.encode()) for name, value in event.headers().items()]
        return cls(topic, event.key(), event.model_dump_json().encode(), headers)


@dataclasses.dataclass
class _Waiting:
    records: Sequence[OutgoingRecord]
    done: asyncio.Future[None]


class TelemetryPublisher:
    def __init__(self, bootstrap: str, *, client_id: str) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap, client_id=client_id, acks="all", enable_idempotence=True, linger_ms=0,
            max_batch_size=MAX_BATCH_BYTES, request_timeout_ms=15_000,
        )  # fmt: skip
        self._partitioner = DefaultPartitioner()
        self._partitions: dict[str, list[int]] = {}
        self._chosen: dict[tuple[str, bytes], int] = {}
        self._waiting: list[_Waiting] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._room = asyncio.Semaphore(MAX_FLUSHES_IN_FLIGHT)

    async def start(self) -> None:
        await self._producer.start()
        self._task = asyncio.create_task(self._run(), name="telemetry-publisher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for waiting in self._waiting:
            waiting.done.cancel()
        await self._producer.stop()

    async def publish(self, records: Sequence[OutgoingRecord]) -> None:
        """Return once Kafka has every record (all in-sync replicas); raise if the flush failed."""
        if not records:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Waiting(records, done))
        self._wake.set()
        await done

    async def _run(self) -> None:
        in_flight: set[asyncio.Task[None]] = set()
        while True:
            await self._wake.wait()
            self._wake.clear()
            taken, self._waiting = self._waiting, []
            if not taken:
                continue
            await self._room.acquire()
            try:
                acknowledgements = await self._send([record for waiting in taken for record in waiting.records])
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self._room.release()
                _settle(taken, error)
                continue
            # The next flush is built while this one waits for the broker: a slow acknowledgement holds up
            # only its own callers.
            task = asyncio.create_task(self._acknowledged(taken, acknowledgements))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)

    async def _acknowledged(self, taken: list[_Waiting], acknowledgements: list[asyncio.Future[Any]]) -> None:
        try:
            await asyncio.gather(*acknowledgements)
        except Exception as error:
            logger.warning("telemetry flush failed; devices will send again", extra={"error": repr(error)})
            _settle(taken, error)
        else:
            _settle(taken, None)
        finally:
            self._room.release()

    async def _send(self, records: list[OutgoingRecord]) -> list[asyncio.Future[Any]]:
        by_partition: dict[tuple[str, int], list[OutgoingRecord]] = collections.defaultdict(list)
        for record in records:
            by_partition[(record.topic, await self._partition(record))].append(record)
        acknowledgements = []
        for (topic, partition), chunk in by_partition.items():
            batch = self._producer.create_batch()
            for record in chunk:
                if batch.append(key=record.key, value=record.value, timestamp=None, headers=record.headers) is None:
                    acknowledgements.append(await self._producer.send_batch(batch, topic, partition=partition))
                    batch = self._producer.create_batch()
                    batch.append(key=record.key, value=record.value, timestamp=None, headers=record.headers)
            acknowledgements.append(await self._producer.send_batch(batch, topic, partition=partition))
        return acknowledgements

    async def _partition(self, record: OutgoingRecord) -> int:
        """Kafka's murmur2 partition of the key, remembered: hashing in Python costs more than a look-up."""
        chosen = self._chosen.get((record.topic, record.key))
        if chosen is not None:
            return chosen
        partitions = self._partitions.get(record.topic)
        if partitions is None:
            partitions = sorted(await self._producer.partitions_for(record.topic))
            self._partitions[record.topic] = partitions
        if len(self._chosen) >= MAX_REMEMBERED_KEYS:
            self._chosen.clear()
        chosen = self._chosen[(record.topic, record.key)] = int(self._partitioner(record.key, partitions, partitions))
        return chosen


def _settle(taken: list[_Waiting], error: BaseException | None) -> None:
    for waiting in taken:
        if waiting.done.done():
            continue
        if error is None:
            waiting.done.set_result(None)
        else:
            waiting.done.set_exception(error)
