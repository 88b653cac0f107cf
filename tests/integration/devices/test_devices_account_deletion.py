"""A guardian deletes his account: he no longer follows his child; the other parent still does."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaProducer

from shared.auth import Role
from shared.events.gateway import UserDeletedV1
from shared.events.registry import USERS, dead_letter_topic
from tests.infra import Servers
from tests.integration.devices.conftest import DevicesService
from tests.integration.devices.test_devices_guardian_identity import (
    TIMUR,
    TIMURS_FATHER,
    TIMURS_MOTHER,
    children_of,
    citizen,
    claim,
)
from tests.support.dead_letters import first_record
from tests.support.waiting import EVENTUALLY_S


async def publish(service: DevicesService, event: UserDeletedV1, *, value: bytes | None = None) -> None:
    """The event's record, or (with `value`) its headers and key around another body."""
    record = event.to_record()
    producer = AIOKafkaProducer(bootstrap_servers=service.bootstrap)
    await producer.start()
    try:
        body = value if value is not None else record["value"].encode()
        await producer.send_and_wait(record["topic"], body, key=record["key"].encode(),
                                     headers=[(k, v.encode()) for k, v in record["headers"].items()])  # fmt: skip
    finally:
        await producer.stop()


@pytest.mark.parametrize("broken_record_first", [False, True], ids=["alone", "after-a-broken-record"])
async def test_a_deleted_guardian_account_loses_the_child_and_the_other_parent_keeps_him(
    service: DevicesService, servers: Servers, broken_record_first: bool
) -> None:
    fathers_account = f"c-leaving-{uuid.uuid4().hex[:10]}"
    father = service.tokens.headers(subject=fathers_account, roles=(Role.CITIZEN,), verified=True,
                                    identity_digest=service.identity_of(TIMURS_FATHER))  # fmt: skip
    mother = citizen(service, TIMURS_MOTHER)
    assert (await claim(service, father, TIMUR.pinfl)).status_code == 201
    assert (await claim(service, mother, TIMUR.pinfl)).status_code == 201

    deleted = UserDeletedV1(subject=fathers_account)
    if broken_record_first:  # a body without the account: dead-lettered, and the next record still applies
        await publish(service, deleted, value=b'{"reason": "no subject"}')
    await publish(service, deleted)
    if broken_record_first:
        body, headers = await first_record(
            servers, dead_letter_topic(USERS.name), key=deleted.to_record()["key"].encode()
        )
        assert body == b'{"reason": "no subject"}'
        assert headers["dlq_topic"].decode() == USERS.name

    followed = ["Timur"]
    for _ in range(int(EVENTUALLY_S * 10)):
        followed = await children_of(service, father)
        if not followed:
            break
        await asyncio.sleep(0.1)
    assert followed == []
    assert await children_of(service, mother) == ["Timur"]
