"""Outbox → relay → Kafka → idempotent consumer, on the real servers."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from faststream.kafka import KafkaBroker
from pymongo.asynchronous.database import AsyncDatabase

from shared.events.envelope import Event
from shared.idempotency import apply_once
from shared.kafka import OutboxPublisher, create_broker, subscriber
from shared.mongo import Document
from shared.outbox import OUTBOX_FIELD, PENDING_FIELD, OutboxRelay, new_document_with_events, with_events
from tests.infra import Servers
from tests.support.publishing import publish_records
from tests.support.waiting import EVENTUALLY_S


class ParcelCountedV1(Event):
    event_type = "uz.smartmahalla.tests.parcel_counted.v1"
    amount: int


def parcel_event_for(topic: str) -> type[ParcelCountedV1]:
    return type("ParcelCountedOnTopic", (ParcelCountedV1,), {"topic": topic})


class CountingConsumer:
    """Adds each event's amount to a total, once per event id, and notes every delivery."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.totals = database["totals"]
        self.deliveries: list[str] = []
        self.delivered = asyncio.Condition()

    async def handle(self, event: ParcelCountedV1) -> None:
        await apply_once(
            self.totals, {"_id": event.subject}, {"$inc": {"total": event.amount}}, event_id=event.id, upsert=True
        )
        async with self.delivered:
            self.deliveries.append(event.id)
            self.delivered.notify_all()

    async def wait_for_deliveries(self, count: int, timeout: float = EVENTUALLY_S) -> None:
        async with self.delivered:
            await asyncio.wait_for(self.delivered.wait_for(lambda: len(self.deliveries) >= count), timeout)

    async def total(self, subject: str) -> int:
        document = await self.totals.find_one({"_id": subject})
        return int(document["total"]) if document else 0


async def started_consumer(servers: Servers, topic: str, consumer: CountingConsumer, group: str) -> KafkaBroker:
    broker = create_broker(servers.kafka_bootstrap, client_id=f"test-{group}")
    subscriber(broker, topic, group=group)(consumer.handle)
    await broker.start()
    return broker


async def published_at_least(count: int, published: list[str], timeout: float = 10.0) -> None:
    """Until `count` events were published or `timeout` passed (the test's asserts then tell which)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while len(published) < count and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)


def relay_for(database: AsyncDatabase[Document], broker: KafkaBroker) -> OutboxRelay:
    return OutboxRelay(database, ["parcels"], functools.partial(publish_records, broker), name="tests")


async def test_an_event_written_with_its_state_change_is_consumed_once_even_when_delivered_twice(
    servers: Servers, database: AsyncDatabase[Document], topic: str, unique: str
) -> None:
    event_class = parcel_event_for(topic)
    event = event_class(subject="box-1", amount=5)
    await database["parcels"].insert_one(new_document_with_events({"_id": "box-1", "weight": 5}, [event]))
    consumer = CountingConsumer(database)
    broker = await started_consumer(servers, topic, consumer, f"counter-{unique}")
    try:
        published = await relay_for(database, broker).drain_once()
        await consumer.wait_for_deliveries(1)
        # A relay that crashed after publishing but before removing the event publishes it again.
        await publish_records(broker, [event.to_record()])
        await consumer.wait_for_deliveries(2)
    finally:
        await broker.stop()

    assert published == 1
    assert consumer.deliveries == [event.id, event.id]
    assert await consumer.total("box-1") == 5
    stored = await database["parcels"].find_one({"_id": "box-1"})
    assert stored is not None
    assert stored[OUTBOX_FIELD] == []
    assert stored[PENDING_FIELD] is False


async def test_events_left_by_a_crash_before_publishing_are_published_when_a_relay_starts_again(
    servers: Servers, database: AsyncDatabase[Document], topic: str, unique: str
) -> None:
    event_class = parcel_event_for(topic)
    await database["parcels"].insert_one({"_id": "box-2", "weight": 1})
    first, second = event_class(subject="box-2", amount=2), event_class(subject="box-2", amount=3)
    # The state change and its events are one atomic update; no relay is running (the service "crashed").
    await database["parcels"].update_one({"_id": "box-2"}, with_events({"$set": {"weight": 6}}, [first, second]))
    stored = await database["parcels"].find_one({"_id": "box-2"})
    assert stored is not None
    assert [record["id"] for record in stored[OUTBOX_FIELD]] == [first.id, second.id]

    consumer = CountingConsumer(database)
    broker = await started_consumer(servers, topic, consumer, f"restart-{unique}")
    relay = relay_for(database, broker)
    relay.start()  # the service came back
    try:
        await consumer.wait_for_deliveries(2)
    finally:
        await relay.stop()
        await broker.stop()

    assert consumer.deliveries == [first.id, second.id]
    assert await consumer.total("box-2") == 5


async def test_only_one_of_two_relays_holds_the_lease(database: AsyncDatabase[Document]) -> None:
    async def never(records: Any) -> None:
        raise AssertionError("nothing to publish")

    first = OutboxRelay(database, ["parcels"], never, name="lease-test")
    second = OutboxRelay(database, ["parcels"], never, name="lease-test")

    assert await first._lease.try_acquire() is True
    assert await second._lease.try_acquire() is False
    await first._lease.release()
    assert await second._lease.try_acquire() is True


async def test_an_event_appended_while_its_document_is_being_published_stays_for_the_next_pass(
    database: AsyncDatabase[Document], topic: str
) -> None:
    event_class = parcel_event_for(topic)
    parcels = database["parcels"]
    first, late = event_class(subject="box-3", amount=1), event_class(subject="box-3", amount=4)
    await parcels.insert_one(new_document_with_events({"_id": "box-3", "weight": 1}, [first]))
    published: list[str] = []

    async def publish_while_the_parcel_changes(records: Any) -> None:
        for record in records:
            if record["id"] == first.id:  # the aggregate changes again between the relay's read and its clear
                await parcels.update_one({"_id": "box-3"}, with_events({"$set": {"weight": 2}}, [late]))
            published.append(record["id"])

    relay = OutboxRelay(database, ["parcels"], publish_while_the_parcel_changes, name="tests")
    assert await relay.drain_once() == 1
    between = await parcels.find_one({"_id": "box-3"})
    assert await relay.drain_once() == 1
    after = await parcels.find_one({"_id": "box-3"})

    assert between is not None
    assert after is not None
    assert [record["id"] for record in between[OUTBOX_FIELD]] == [late.id]
    assert between[PENDING_FIELD] is True
    assert published == [first.id, late.id]
    assert (after[OUTBOX_FIELD], after[PENDING_FIELD]) == ([], False)


async def test_a_batch_of_more_aggregates_than_a_database_has_connections_is_published_and_cleared(
    database: AsyncDatabase[Document], topic: str
) -> None:
    # FerretDB v1 holds a connection per statement of an update command until the command ends, and a
    # database has 100; a clear of 150 aggregates in one command waited for ever.
    event_class = parcel_event_for(topic)
    parcels = database["parcels"]
    events = [event_class(subject=f"crate-{number}", amount=1) for number in range(150)]
    documents = [new_document_with_events({"_id": event.subject, "weight": 1}, [event]) for event in events]
    await parcels.insert_many(documents)
    published: list[str] = []

    async def publish(records: Any) -> None:
        published.extend(record["id"] for record in records)

    relay = OutboxRelay(database, ["parcels"], publish, name="tests", batch=200)
    moved = await asyncio.wait_for(relay.drain_once(), EVENTUALLY_S)

    assert moved == 150
    assert len(set(published)) == 150
    assert await parcels.count_documents({PENDING_FIELD: True}) == 0
    assert await parcels.count_documents({OUTBOX_FIELD: {"$ne": []}}) == 0


async def test_a_document_named_to_the_relay_leaves_at_once_and_a_sweep_publishes_only_what_is_left(
    servers: Servers, database: AsyncDatabase[Document], topic: str, unique: str
) -> None:
    event_class = parcel_event_for(topic)
    consumer = CountingConsumer(database)
    broker = await started_consumer(servers, topic, consumer, f"named-{unique}")

    publish = functools.partial(publish_records, broker)
    relay = OutboxRelay(database, ["parcels"], publish, name=f"named-{unique}", sweep_interval=3600)
    relay.start()
    try:
        await asyncio.sleep(0.5)  # the first sweep found nothing; the next is an hour away
        named, unnamed = event_class(subject="box-8", amount=8), event_class(subject="box-9", amount=9)
        await database["parcels"].insert_one(new_document_with_events({"_id": "box-9"}, [unnamed]))
        await database["parcels"].insert_one(new_document_with_events({"_id": "box-8"}, [named]))
        relay.written("parcels", "box-8")
        await consumer.wait_for_deliveries(1)
        await asyncio.sleep(0.5)
        assert consumer.deliveries == [named.id]  # the unnamed one waits for a sweep
        flagged = await database["parcels"].find_one({"_id": "box-8"})
        assert flagged is not None
        assert flagged[OUTBOX_FIELD] == []
        assert flagged[PENDING_FIELD] is True

        relay.wake()
        await consumer.wait_for_deliveries(2)
        await asyncio.sleep(0.5)
    finally:
        await relay.stop()
        await broker.stop()

    assert consumer.deliveries == [named.id, unnamed.id]  # the named one once: the sweep passed over it
    named_after, swept = [await database["parcels"].find_one({"_id": box}) for box in ("box-8", "box-9")]
    assert named_after is not None
    assert swept is not None
    assert (named_after[OUTBOX_FIELD], named_after[PENDING_FIELD]) == ([], True)
    assert (swept[OUTBOX_FIELD], swept[PENDING_FIELD]) == ([], False)


async def test_a_backlog_larger_than_one_pass_drains_without_waiting_for_the_next_sweep(
    database: AsyncDatabase[Document],
) -> None:
    event_class = parcel_event_for("tests.backlog")
    crates = [f"crate-{number}" for number in range(30)]
    await database["parcels"].insert_many(
        [new_document_with_events({"_id": crate}, [event_class(subject=crate, amount=1)]) for crate in crates]
    )
    published: list[str] = []

    async def publish(records: Any) -> None:
        published.extend(record["id"] for record in records)

    relay = OutboxRelay(database, ["parcels"], publish, name="backlog", batch=10, sweep_interval=3600)
    relay.start()
    try:
        await published_at_least(30, published)
    finally:
        await relay.stop()
    assert len(set(published)) == 30


class NamedOnlyRelay:
    """A relay whose first sweep is over and whose next is an hour away: only named documents leave."""

    def __init__(self, database: AsyncDatabase[Document], name: str) -> None:
        self.published: list[str] = []
        self.relay = OutboxRelay(database, ["parcels"], self._publish, name=name, sweep_interval=3600)

    async def _publish(self, records: Any) -> None:
        self.published.extend(record["id"] for record in records)

    async def __aenter__(self) -> OutboxRelay:
        self.relay.start()
        await asyncio.sleep(0.3)
        return self.relay

    async def __aexit__(self, *_: object) -> None:
        await self.relay.stop()

    async def wait_for(self, count: int) -> None:
        """Until `count` events are published, then a moment more, so that a repeat would be seen too."""
        for _ in range(100):
            if len(self.published) >= count:
                await asyncio.sleep(0.2)
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the relay did not publish in time")


async def insert_crate(database: AsyncDatabase[Document], crate: str, event: Event) -> list[Any]:
    """A new document with its first event; returns the outbox the writer would hand over."""
    document = new_document_with_events({"_id": crate}, [event])
    await database["parcels"].insert_one(document)
    return list(document[OUTBOX_FIELD])


async def append_event(database: AsyncDatabase[Document], crate: str, event: Event) -> None:
    await database["parcels"].update_one({"_id": crate}, with_events({"$set": {"weight": 2}}, [event]))


def two_events(subject: str) -> tuple[ParcelCountedV1, ParcelCountedV1]:
    event_class = parcel_event_for(f"tests.{subject}")
    return event_class(subject=subject, amount=1), event_class(subject=subject, amount=2)


async def test_an_inserted_document_handed_over_with_its_outbox_leaves_and_a_later_write_is_read_back(
    database: AsyncDatabase[Document],
) -> None:
    first, second = two_events("crate-h")
    named_only = NamedOnlyRelay(database, "handed-over")
    async with named_only as relay:
        relay.written("parcels", "crate-h", await insert_crate(database, "crate-h", first))
        await named_only.wait_for(1)
        stored = await database["parcels"].find_one({"_id": "crate-h"})
        assert stored is not None
        assert stored[OUTBOX_FIELD] == []  # what was published was removed: the handed-over records match

        await append_event(database, "crate-h", second)
        relay.written("parcels", "crate-h")
        await named_only.wait_for(2)
    assert named_only.published == [first.id, second.id]


async def test_a_document_written_again_before_its_relay_ran_is_read_back_whole(
    database: AsyncDatabase[Document],
) -> None:
    first, second = two_events("crate-t")
    named_only = NamedOnlyRelay(database, "written-twice")
    async with named_only as relay:
        handed_over = await insert_crate(database, "crate-t", first)
        await append_event(database, "crate-t", second)
        relay.written("parcels", "crate-t", handed_over)  # both names before the relay runs
        relay.written("parcels", "crate-t")
        await named_only.wait_for(2)
    assert named_only.published == [first.id, second.id]


async def test_named_documents_whose_publication_failed_are_published_after_a_pause_without_a_sweep(
    database: AsyncDatabase[Document],
) -> None:
    (first, _), (other, _) = two_events("crate-f"), two_events("sack-f")
    published: list[str] = []
    attempts = 0

    async def publish_after_a_broker_hiccup(records: Any) -> None:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise ConnectionError("the broker is away for a moment")
        published.extend(record["id"] for record in records)

    relay = OutboxRelay(database, ["parcels", "sacks"], publish_after_a_broker_hiccup, name="hiccup",
                        sweep_interval=3600, retry_after=0.2)  # fmt: skip
    relay.start()
    try:
        await asyncio.sleep(0.3)  # the first sweep found nothing; the next is an hour away
        sack = new_document_with_events({"_id": "sack-f"}, [other])
        await database["sacks"].insert_one(sack)
        relay.written("parcels", "crate-f", await insert_crate(database, "crate-f", first))
        relay.written("sacks", "sack-f", sack[OUTBOX_FIELD])  # both named before the failed pass
        await published_at_least(2, published)
    finally:
        await relay.stop()
    stored = await database["parcels"].find_one({"_id": "crate-f"})

    assert attempts == 3  # the failed pass, then each collection once
    assert published == [first.id, other.id]
    assert stored is not None
    assert stored[OUTBOX_FIELD] == []


async def test_a_document_named_again_before_its_published_events_were_removed_publishes_each_event_once(
    database: AsyncDatabase[Document],
) -> None:
    first, second = two_events("crate-r")
    published: list[str] = []

    async def publish(records: Any) -> None:
        published.extend(record["id"] for record in records)

    relay = OutboxRelay(database, ["parcels"], publish, name="removal-race")  # its loops not started: one
    await relay._relay_written({"parcels": {"crate-r": await insert_crate(database, "crate-r", first)}})  # pass
    await append_event(database, "crate-r", second)  # at a time, the removal of `first` still to come
    await relay._relay_written({"parcels": {"crate-r": None}})
    before_removal = await database["parcels"].find_one({"_id": "crate-r"})
    await relay._remove_published()
    stored = await database["parcels"].find_one({"_id": "crate-r"})

    assert published == [first.id, second.id]
    assert before_removal is not None
    assert [record["id"] for record in before_removal[OUTBOX_FIELD]] == [first.id, second.id]
    assert stored is not None
    assert stored[OUTBOX_FIELD] == []


async def test_records_handed_to_the_outbox_publisher_reach_the_consumer_in_order(
    servers: Servers, database: AsyncDatabase[Document], topic: str, unique: str
) -> None:
    event_class = parcel_event_for(topic)
    events = [event_class(subject="box-o", amount=amount) for amount in range(1, 6)]
    consumer = CountingConsumer(database)
    broker = await started_consumer(servers, topic, consumer, f"ordered-{unique}")
    publisher = OutboxPublisher(servers.kafka_bootstrap, client_id=f"test-{unique}")
    await publisher.start()
    try:
        await publisher.publish([event.to_record() for event in events])
        await consumer.wait_for_deliveries(5)
    finally:
        await publisher.stop()
        await broker.stop()

    assert consumer.deliveries == [event.id for event in events]
    assert await consumer.total("box-o") == 15
