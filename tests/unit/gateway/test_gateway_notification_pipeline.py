"""The gateway's notification loop: fan out at once, store behind, commit only what is stored, in order."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from services.gateway.consumers import SettleBeforeHandingOver
from services.gateway.realtime.pipeline import Backlog, Delivery, Fetched, NotificationPipeline
from shared.events.notifications import LocalisedText, NotificationRequestedV1

PARTITION = ("notifications.v1", 0)
TEXT = LocalisedText(**{"uz-Latn": "Xabar", "uz-Cyrl": "Хабар", "ru": "Сообщение", "en": "Message"})


@dataclasses.dataclass(frozen=True)
class Record:
    offset: int
    value: bytes
    topic: str = "notifications.v1"
    partition: int = 0
    key: bytes = b"c-1"
    headers: tuple[tuple[str, bytes], ...] = ()
    timestamp: float = dataclasses.field(default_factory=lambda: time.time() * 1000)


def notification_at(offset: int) -> Record:
    event = NotificationRequestedV1(subject="c-1", kind="appeal.assigned", title=TEXT, body=TEXT)
    return Record(offset, event.model_dump_json().encode())


class QueuedKafka:
    """Kafka as the loop sees it: batches handed out in the order offered, commits remembered."""

    def __init__(self) -> None:
        self._batches: asyncio.Queue[dict[Any, list[Record]]] = asyncio.Queue()
        self.commits: list[dict[Any, int]] = []

    def offer(self, *records: Record) -> None:
        self._batches.put_nowait({PARTITION: list(records)})

    async def getmany(self, *partitions: Any, timeout_ms: int = 0, max_records: int | None = None) -> Any:
        try:
            return await asyncio.wait_for(self._batches.get(), timeout_ms / 1000)
        except TimeoutError:
            return {}

    async def commit(self, offsets: Any = None) -> None:
        self.commits.append(dict(offsets))

    def committed(self) -> int | None:
        return self.commits[-1][PARTITION] if self.commits else None


class ScriptedDelivery:
    """Records what was fanned out, stored and rejected; storage waits for `storing` and fails `failures` times."""

    def __init__(self, *, failures: int = 0, fan_out_fails: bool = False) -> None:
        self.fanned_out: list[int] = []
        self.kept: list[int] = []
        self.rejected: list[int] = []
        self.storing = asyncio.Event()
        self.storing.set()
        self.failures = failures
        self.fan_out_fails = fan_out_fails

    def parse(self, record: Any) -> NotificationRequestedV1:
        return NotificationRequestedV1.model_validate(json.loads(record.value))

    async def fan_out(self, notifications: Delivery) -> None:
        if self.fan_out_fails:
            raise ConnectionError("Redis unreachable")
        self.fanned_out += [cursor for _, cursor in notifications]

    async def keep(self, notifications: Delivery) -> None:
        await self.storing.wait()
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database unreachable")
        self.kept += [cursor for _, cursor in notifications]

    async def reject(self, record: Any, error: BaseException) -> None:
        self.rejected.append(record.offset)


async def until(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():
            await asyncio.sleep(0.005)


async def fanned_out_and_not_stored(kafka: QueuedKafka, delivery: ScriptedDelivery) -> None:
    """One notification, at offset 0, is on the streams' way while its storage waits."""
    delivery.storing.clear()
    kafka.offer(notification_at(0))
    await until(lambda: delivery.fanned_out == [0])


@pytest.fixture
def kafka() -> QueuedKafka:
    return QueuedKafka()


@pytest.fixture
def delivery() -> ScriptedDelivery:
    return ScriptedDelivery()


@pytest.fixture
async def pipeline(kafka: QueuedKafka, delivery: ScriptedDelivery) -> AsyncIterator[NotificationPipeline]:
    running = NotificationPipeline(kafka, delivery, max_behind=2, backoff_s=0.01)
    running.start()
    yield running
    delivery.storing.set()
    await running.stop()


async def test_a_batch_is_fanned_out_while_it_waits_for_storage_and_committed_only_once_stored(
    kafka: QueuedKafka, delivery: ScriptedDelivery, pipeline: NotificationPipeline
) -> None:
    delivery.storing.clear()
    kafka.offer(notification_at(0), notification_at(1))

    await until(lambda: delivery.fanned_out == [0, 1])
    await asyncio.sleep(0.3)  # several fetches later
    assert (delivery.kept, kafka.commits) == ([], [])

    delivery.storing.set()
    await until(lambda: kafka.committed() == 2)
    assert delivery.kept == [0, 1]


async def test_a_record_that_is_not_a_notification_is_dead_lettered_and_the_rest_of_its_batch_delivered(
    kafka: QueuedKafka, delivery: ScriptedDelivery, pipeline: NotificationPipeline
) -> None:
    kafka.offer(notification_at(0), Record(1, b'{"kind": 5'), notification_at(2))

    await until(lambda: kafka.committed() == 3)

    assert (delivery.fanned_out, delivery.kept, delivery.rejected) == ([0, 2], [0, 2], [1])


async def test_storage_that_fails_for_a_moment_is_retried_and_nothing_is_dead_lettered(
    kafka: QueuedKafka, delivery: ScriptedDelivery, pipeline: NotificationPipeline
) -> None:
    delivery.failures = 2
    kafka.offer(notification_at(0))

    await until(lambda: kafka.committed() == 1)

    assert (delivery.kept, delivery.rejected) == ([0], [])


async def test_storage_that_keeps_failing_is_dead_lettered_so_that_the_partition_moves_on(
    kafka: QueuedKafka, delivery: ScriptedDelivery, pipeline: NotificationPipeline
) -> None:
    delivery.failures = 1_000
    kafka.offer(notification_at(0), notification_at(1))

    await until(lambda: kafka.committed() == 2)

    assert (delivery.kept, delivery.rejected) == ([], [0, 1])


async def test_a_fan_out_that_fails_still_lets_the_batch_be_stored_and_committed(kafka: QueuedKafka) -> None:
    delivery = ScriptedDelivery(fan_out_fails=True)
    running = NotificationPipeline(kafka, delivery)
    running.start()
    kafka.offer(notification_at(0))

    await until(lambda: kafka.committed() == 1)
    await running.stop()

    assert delivery.kept == [0]


async def test_fetching_waits_while_too_many_batches_wait_for_their_storage(
    kafka: QueuedKafka, delivery: ScriptedDelivery, pipeline: NotificationPipeline
) -> None:
    delivery.storing.clear()
    for offset in range(3):
        kafka.offer(notification_at(offset))

    await until(lambda: delivery.fanned_out == [0, 1])
    await asyncio.sleep(0.3)
    assert delivery.fanned_out == [0, 1]  # at most two records behind

    delivery.storing.set()
    await until(lambda: kafka.committed() == 3)
    assert delivery.fanned_out == delivery.kept == [0, 1, 2]


async def test_stopping_lets_what_was_fetched_be_stored_and_commits_it(kafka: QueuedKafka) -> None:
    delivery = ScriptedDelivery()
    running = NotificationPipeline(kafka, delivery)
    running.start()
    await fanned_out_and_not_stored(kafka, delivery)

    asyncio.get_running_loop().call_later(0.2, delivery.storing.set)
    await running.stop()

    assert (delivery.kept, kafka.committed()) == ([0], 1)


async def test_partitions_are_handed_over_only_after_what_was_fetched_from_them_is_stored_and_committed(
    kafka: QueuedKafka, delivery: ScriptedDelivery, pipeline: NotificationPipeline
) -> None:
    await fanned_out_and_not_stored(kafka, delivery)

    handing_over = asyncio.create_task(SettleBeforeHandingOver(pipeline).on_partitions_revoked({PARTITION}))
    await asyncio.sleep(0.2)
    assert not handing_over.done()

    delivery.storing.set()
    await handing_over
    assert kafka.committed() == 1


async def test_handing_over_waits_for_storage_only_so_long_and_then_commits_nothing_unstored(
    kafka: QueuedKafka, delivery: ScriptedDelivery, pipeline: NotificationPipeline
) -> None:
    await fanned_out_and_not_stored(kafka, delivery)

    await asyncio.wait_for(pipeline.settle(within_s=0.2), 2.0)

    assert kafka.commits == []  # the next owner delivers it again


def fetched(offset: int, loop: asyncio.AbstractEventLoop) -> Fetched:
    return Fetched([], [], {PARTITION: offset}, loop.create_future(), loop.create_future())


async def test_a_batch_still_being_stored_holds_back_the_commit_of_every_batch_after_it() -> None:
    loop = asyncio.get_running_loop()
    backlog = Backlog()
    first, second = fetched(1, loop), fetched(2, loop)
    backlog.add(first)
    backlog.add(second)
    for future in (second.fanned_out, second.stored, first.fanned_out):
        future.set_result(None)

    assert backlog.finished_offsets() == {}

    first.stored.set_result(None)
    assert backlog.finished_offsets() == {PARTITION: 2}
    assert len(backlog) == 0
