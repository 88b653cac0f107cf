"""The territory read model on the real database: batches of facts, redelivered and out of order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from pymongo.asynchronous.database import AsyncDatabase

from services.appeals.domain.territory import TerritoryChange
from services.appeals.repository.territory import TerritoryReadModel, TerritoryViews
from shared.events import geo
from shared.events.registry import dead_letter_topic
from shared.mongo import Document
from tests.infra import Servers
from tests.integration.appeals.conftest import AppealsService, wait_until

MAHALLA, SECTOR = "172626601014", "172626601"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def fact(n: int, kind: str, code: str, official: str | None = None, role: str | None = None) -> TerritoryChange:
    return TerritoryChange(f"e-{n}", kind, START + timedelta(minutes=n), code, official, role)  # type: ignore[arg-type]


async def test_a_batch_builds_the_view_routing_reads(database: AsyncDatabase[Document]) -> None:
    model = TerritoryReadModel(database)

    await model.apply_many([
        fact(1, "unit_created", MAHALLA),
        fact(2, "official_assigned", MAHALLA, "insp-1", "inspector"),
        fact(3, "official_assigned", SECTOR, "head-1", "sector_head"),
    ])  # fmt: skip

    staff = (await model.view_for([MAHALLA])).mahallas[MAHALLA]
    assert (staff.inspector_ids, staff.sector_head_id) == (("insp-1",), "head-1")


async def test_a_redelivered_batch_with_new_facts_after_it_applies_only_the_new_ones(
    database: AsyncDatabase[Document],
) -> None:
    model = TerritoryReadModel(database)
    first = [fact(1, "unit_created", MAHALLA), fact(2, "official_assigned", MAHALLA, "insp-1", "inspector")]
    await model.apply_many(first)

    await model.apply_many([*first, fact(3, "official_removed", MAHALLA, "insp-1", "inspector"),
                            fact(4, "official_assigned", MAHALLA, "insp-2", "inspector")])  # fmt: skip

    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-2",)


async def test_an_older_fact_arriving_late_does_not_undo_a_newer_one(database: AsyncDatabase[Document]) -> None:
    model = TerritoryReadModel(database)
    await model.apply_many([fact(5, "official_removed", MAHALLA, "insp-1", "inspector")])

    await model.apply_many([fact(2, "official_assigned", MAHALLA, "insp-1", "inspector"),
                            fact(6, "official_assigned", MAHALLA, "insp-3", "inspector")])  # fmt: skip

    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-3",)


async def test_a_view_is_kept_a_while_and_forgotten_when_this_instance_applies_a_change(
    database: AsyncDatabase[Document],
) -> None:
    views = TerritoryViews(ttl_s=3600)
    model = TerritoryReadModel(database, views)
    await model.apply_many(
        [fact(1, "unit_created", MAHALLA), fact(2, "official_assigned", MAHALLA, "insp-1", "inspector")]
    )
    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-1",)

    # Written by another instance of the service: this one goes on routing by the view it holds.
    await TerritoryReadModel(database).apply_many([fact(3, "official_assigned", MAHALLA, "insp-2", "inspector")])
    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-1",)

    await model.apply_many([fact(4, "official_removed", MAHALLA, "insp-1", "inspector")])
    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-2",)


async def test_a_view_older_than_its_lifetime_is_read_again(database: AsyncDatabase[Document]) -> None:
    model = TerritoryReadModel(database, TerritoryViews(ttl_s=0.2))
    await model.apply_many(
        [fact(1, "unit_created", MAHALLA), fact(2, "official_assigned", MAHALLA, "insp-1", "inspector")]
    )
    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-1",)

    await TerritoryReadModel(database).apply_many([fact(3, "official_assigned", MAHALLA, "insp-2", "inspector")])
    await asyncio.sleep(0.3)

    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-1", "insp-2")


async def test_a_territory_record_that_breaks_its_contract_is_dead_lettered_and_the_rest_of_its_batch_applies(
    appeals: AppealsService, servers: Servers
) -> None:
    topic = appeals.runtime.settings.territory_topic  # type: ignore[attr-defined]
    producer = AIOKafkaProducer(bootstrap_servers=servers.kafka_bootstrap)
    await producer.start()
    try:
        broken_type = [("ce_type", b"uz.smartmahalla.geo.official_assigned.v1")]
        await producer.send_and_wait(topic, b'{"official_id": 7}', key=appeals.mahalla.code.encode(),
                                     headers=broken_type)  # fmt: skip
    finally:
        await producer.stop()
    await appeals.publish(geo.OfficialAssignedV1(
        subject=appeals.mahalla.code, official_id="insp-after-the-bad-one", role="inspector",
        territory_code=appeals.mahalla.code, mahalla_code=appeals.mahalla.code, sector_code=appeals.mahalla.sector,
    ))  # fmt: skip

    model = TerritoryReadModel(appeals.runtime.db)

    async def applied() -> bool:
        staff = (await model.view_for([appeals.mahalla.code])).mahallas[appeals.mahalla.code]
        return "insp-after-the-bad-one" in staff.inspector_ids

    await wait_until(applied)
    dead = await first_record(servers, dead_letter_topic(topic))
    assert dead.value == b'{"official_id": 7}'
    assert dict(dead.headers)["dlq_error_type"] == b"ValidationError"


async def first_record(servers: Servers, topic: str) -> Any:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=servers.kafka_bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        return await asyncio.wait_for(consumer.getone(), 30)
    finally:
        await consumer.stop()
