"""A citizen deletes his account: his appeals stay with the inspector, unlinked from him."""

from __future__ import annotations

import asyncio

import pytest

from shared.events.gateway import UserDeletedV1
from shared.events.registry import dead_letter_topic
from tests.infra import Servers
from tests.integration.appeals.conftest import AppealsService
from tests.support.dead_letters import first_record
from tests.support.waiting import EVENTUALLY_S

pytestmark = pytest.mark.integration


async def test_a_deleted_account_no_longer_owns_its_appeals_which_stay_in_the_inspectors_queue(
    appeals: AppealsService,
) -> None:
    citizen, neighbour = appeals.citizen(), appeals.citizen()
    submitted = await appeals.submit(citizen)
    assert submitted.status_code == 201, submitted.text
    appeal = submitted.json()
    kept = (await appeals.submit(neighbour, category="theft", text="Velosipedim o‘g‘irlandi.")).json()
    said = await appeals.client.post(f"/v1/appeals/{appeal['id']}/messages", json={"text": "Qachon kelasiz?"},
                                     headers=citizen)  # fmt: skip
    assert said.status_code == 200, said.text

    deleted = UserDeletedV1(subject=appeal["citizen_id"])
    await appeals.publish(deleted)
    await appeals.publish(deleted)  # a redelivery changes nothing more

    mine: list[dict[str, object]] = []
    for _ in range(int(EVENTUALLY_S * 10)):
        mine = (await appeals.client.get("/v1/appeals/mine", headers=citizen)).json()
        if not mine:
            break
        await asyncio.sleep(0.1)
    assert mine == []
    seen = (await appeals.client.get(f"/v1/appeals/{appeal['id']}", headers=appeals.inspector())).json()
    assert seen["state"] == appeal["state"]
    assert seen["citizen_id"].startswith("c-forgotten-")
    assert appeal["citizen_id"] not in str(seen)
    neighbours = (await appeals.client.get("/v1/appeals/mine", headers=neighbour)).json()
    assert [found["id"] for found in neighbours] == [kept["id"]]
    redis, listed = appeals.runtime.cache, f"{appeals.runtime.db.name}:recent:{appeal['citizen_id']}"
    for _ in range(int(EVENTUALLY_S * 10)):  # his recent list is dropped right after the last appeal is unlinked
        if not await redis.exists(listed):
            break
        await asyncio.sleep(0.1)
    assert not await redis.exists(listed)


async def test_a_deletion_record_that_breaks_its_contract_is_dead_lettered_and_the_next_one_still_applies(
    appeals: AppealsService, servers: Servers
) -> None:
    citizen = appeals.citizen()
    appeal = (await appeals.submit(citizen)).json()
    deleted = UserDeletedV1(subject=appeal["citizen_id"])
    await appeals.publish(deleted, value=b'{"reason": "no subject"}')  # the account's key, a body without it
    await appeals.publish(deleted)
    users_topic = appeals.runtime.settings.users_topic  # type: ignore[attr-defined]

    body, dead_headers = await first_record(servers, dead_letter_topic(users_topic))
    assert body == b'{"reason": "no subject"}'
    assert dead_headers["dlq_topic"].decode() == users_topic
    for _ in range(int(EVENTUALLY_S * 10)):
        if not (await appeals.client.get("/v1/appeals/mine", headers=citizen)).json():
            break
        await asyncio.sleep(0.1)
    seen = (await appeals.client.get(f"/v1/appeals/{appeal['id']}", headers=appeals.inspector())).json()
    assert seen["citizen_id"].startswith("c-forgotten-")
