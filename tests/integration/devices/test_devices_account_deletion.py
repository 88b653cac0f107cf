"""A guardian deletes his account: he no longer follows his child; the other parent still does."""

from __future__ import annotations

import asyncio
import uuid

from aiokafka import AIOKafkaProducer

from shared.auth import Role
from shared.events.gateway import UserDeletedV1
from tests.integration.devices.conftest import DevicesService
from tests.integration.devices.test_devices_guardian_identity import (
    TIMUR,
    TIMURS_FATHER,
    TIMURS_MOTHER,
    children_of,
    citizen,
    claim,
)
from tests.support.waiting import EVENTUALLY_S


async def publish(service: DevicesService, event: UserDeletedV1) -> None:
    record = event.to_record()
    producer = AIOKafkaProducer(bootstrap_servers=service.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(record["topic"], record["value"].encode(), key=record["key"].encode(),
                                     headers=[(k, v.encode()) for k, v in record["headers"].items()])  # fmt: skip
    finally:
        await producer.stop()


async def test_a_deleted_guardian_account_loses_the_child_and_the_other_parent_keeps_him(
    service: DevicesService,
) -> None:
    fathers_account = f"c-leaving-{uuid.uuid4().hex[:10]}"
    father = service.tokens.headers(subject=fathers_account, roles=(Role.CITIZEN,), verified=True,
                                    identity_digest=service.identity_of(TIMURS_FATHER))  # fmt: skip
    mother = citizen(service, TIMURS_MOTHER)
    assert (await claim(service, father, TIMUR.pinfl)).status_code == 201
    assert (await claim(service, mother, TIMUR.pinfl)).status_code == 201

    await publish(service, UserDeletedV1(subject=fathers_account))

    followed = ["Timur"]
    for _ in range(int(EVENTUALLY_S * 10)):
        followed = await children_of(service, father)
        if not followed:
            break
        await asyncio.sleep(0.1)
    assert followed == []
    assert await children_of(service, mother) == ["Timur"]
