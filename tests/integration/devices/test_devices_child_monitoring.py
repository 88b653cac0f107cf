"""Child monitoring on the real servers: turnstile attendance, a late SOS, the not-arrived timer, guardianship."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiokafka import ConsumerRecord

from sandbox.fleet.protocols import ALARM_SOS, gt06_ack, gt06_alarm, gt06_login, hikvision_pass
from services.devices.adapters.civil_registry import SANDBOX_FAMILIES, RegistryChild
from shared.auth import Role
from shared.events.registry import NOTIFICATIONS
from shared.timers import TIMERS
from tests.integration.devices.conftest import DevicesService, TopicTail

TASHKENT = ZoneInfo("Asia/Tashkent")
SCHOOL_NO_110 = (41.311081, 69.240562)
AZIZA, JASUR, MADINA = SANDBOX_FAMILIES[0], SANDBOX_FAMILIES[1], SANDBOX_FAMILIES[2]


def guardian_pinfls(family: RegistryChild) -> list[str]:
    return list(family.guardians)


def guardian_headers(service: DevicesService, user_id: str, pinfl: str | None = None) -> dict[str, str]:
    """A verified citizen's token; with `pinfl`, it carries the digest of the PINFL he was verified with."""
    digest = service.identity_of(pinfl) if pinfl is not None else None
    return service.tokens.headers(subject=user_id, roles=(Role.GUARDIAN,), verified=True, identity_digest=digest)


def operator_headers(service: DevicesService) -> dict[str, str]:
    return service.tokens.headers(subject="operator-1", roles=(Role.SCHOOL_OPERATOR,), scope=("1726",))


async def claim(service: DevicesService, user_id: str, family: RegistryChild, guardian_pinfl: str) -> Any:
    """The citizen verified with `guardian_pinfl` claims the child."""
    return await service.client.post(
        "/v1/children/guardianships", json={"child_pinfl": family.pinfl, "guardian_pinfl": guardian_pinfl},
        headers=guardian_headers(service, user_id, guardian_pinfl),
    )  # fmt: skip


async def school(service: DevicesService, school_id: str, classes_start: str, weekdays: list[int]) -> None:
    response = await service.client.post(
        "/v1/schools", headers=service.admin(),
        json={"id": school_id, "name": "110-maktab", "territory_code": "172626601014", "classes_start": classes_start,
              "classes_end": "23:59:59", "weekdays": weekdays},
    )  # fmt: skip
    assert response.status_code == 201, response.text


async def enrol(service: DevicesService, school_id: str, family: RegistryChild, pass_id: str) -> str:
    response = await service.client.post(f"/v1/schools/{school_id}/pupils", headers=operator_headers(service),
                                         json={"child_pinfl": family.pinfl, "pass_id": pass_id})  # fmt: skip
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def notification_for(user_id: str, kind: str) -> Any:
    def matches(record: ConsumerRecord[bytes, bytes]) -> bool:
        return record.key == user_id.encode() and json.loads(record.value)["kind"] == kind

    return matches


def unique_id(prefix: str) -> str:
    return f"{prefix}-{random.getrandbits(40):010x}"


async def test_a_turnstile_pass_tells_the_verified_guardians_and_nobody_else(service: DevicesService) -> None:
    father_pinfl, mother_pinfl = guardian_pinfls(AZIZA)
    father, mother, stranger = unique_id("father"), unique_id("mother"), unique_id("stranger")
    assert (await claim(service, father, AZIZA, father_pinfl)).status_code == 201
    assert (await claim(service, mother, AZIZA, mother_pinfl)).status_code == 201
    refused = await claim(service, stranger, AZIZA, guardian_pinfls(JASUR)[0])
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    school_id = unique_id("school")
    await school(service, school_id, "00:00:01", [0, 1, 2, 3, 4, 5, 6])
    child_id = await enrol(service, school_id, AZIZA, "1001")
    revoked = await service.client.delete(f"/v1/children/{child_id}/guardians/{mother}",
                                          headers=guardian_headers(service, mother))  # fmt: skip
    assert revoked.status_code == 204
    mac = "a4:14:37:" + ":".join(f"{random.getrandbits(8):02x}" for _ in range(3))
    await service.register(type="turnstile", protocol="hikvision", identifier=mac, owner_kind="school",
                           owner_id=school_id, territory_code="172626601014")  # fmt: skip
    tail: TopicTail = await service.tail(NOTIFICATIONS)
    try:
        passed = await service.client.post(
            "/isapi/events", content=hikvision_pass(mac, "1001", 1, datetime.now(TASHKENT), 41),
            headers={"content-type": "application/json"},
        )  # fmt: skip
        assert passed.status_code == 200, passed.text
        [arrived] = await tail.wait_for(notification_for(father, "child.arrived"))
        await tail.settle(1.0)
    finally:
        await tail.stop()
    body = json.loads(arrived.value)
    assert body["title"]["en"] == "Aziza arrived at school"
    assert body["title"]["uz_latn"] == "Aziza maktabga keldi"
    assert body["data"]["child_id"] == child_id
    others = [r for r in tail.seen if r.key in (mother.encode(), stranger.encode())]
    assert others == [], "a revoked guardian and a stranger must not be told"
    hidden = await service.client.get(f"/v1/children/{child_id}/timeline", headers=guardian_headers(service, mother))
    assert hidden.status_code == 404
    timeline = await service.client.get(f"/v1/children/{child_id}/timeline", headers=guardian_headers(service, father))
    assert [entry["kind"] for entry in timeline.json()] == ["school.arrived"]


async def test_an_sos_uploaded_hours_late_still_alerts_the_guardian_marked_late(service: DevicesService) -> None:
    father = unique_id("father")
    assert (await claim(service, father, JASUR, guardian_pinfls(JASUR)[0])).status_code == 201
    [child] = (await service.client.get("/v1/children", headers=guardian_headers(service, father))).json()
    imei = "86" + "".join(random.choices("0123456789", k=13))
    linked = await service.client.post(f"/v1/children/{child['id']}/devices", headers=guardian_headers(service, father),
                                       json={"type": "watch", "protocol": "gt06", "identifier": imei})  # fmt: skip
    assert linked.status_code == 201, linked.text
    tail = await service.tail(NOTIFICATIONS)
    reader, writer = await asyncio.open_connection("127.0.0.1", service.port("gt06"))
    try:
        writer.write(gt06_login(imei, serial=1))
        await writer.drain()
        assert await asyncio.wait_for(reader.readexactly(10), 10) == gt06_ack(0x01, 1)
        pressed_at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
        writer.write(gt06_alarm(pressed_at, *SCHOOL_NO_110, ALARM_SOS, serial=2, tz=TASHKENT))
        await writer.drain()
        assert await asyncio.wait_for(reader.readexactly(10), 10) == gt06_ack(0x16, 2)
        [sos] = await tail.wait_for(notification_for(father, "child.sos"))
    finally:
        writer.close()
        await tail.stop()
    told = json.loads(sos.value)
    assert told["priority"] == "emergency"
    assert told["data"]["late"] == "true"
    assert "Reported late" in told["body"]["en"]
    assert pressed_at.astimezone(TASHKENT).strftime("%H:%M") in told["body"]["en"]
    alerts = (await service.client.get(f"/v1/children/{child['id']}/alerts",
                                       headers=guardian_headers(service, father))).json()  # fmt: skip
    assert [(alert["kind"], alert["late"]) for alert in alerts] == [("sos", True)]


async def test_the_not_arrived_timer_fires_once_at_the_start_of_classes(service: DevicesService) -> None:
    mother = unique_id("mother")
    assert (await claim(service, mother, MADINA, guardian_pinfls(MADINA)[0])).status_code == 201
    school_id = unique_id("school")
    start = (datetime.now(TASHKENT) + timedelta(seconds=3)).time().replace(microsecond=0)
    await school(service, school_id, start.isoformat(), [0, 1, 2, 3, 4, 5, 6])
    tail = await service.tail(NOTIFICATIONS)
    try:
        child_id = await enrol(service, school_id, MADINA, "2002")
        [missing] = await tail.wait_for(notification_for(mother, "child.not_arrived"))
        await tail.settle(2.0)
    finally:
        await tail.stop()
    assert len([r for r in tail.seen if notification_for(mother, "child.not_arrived")(r)]) == 1
    assert json.loads(missing.value)["data"]["child_id"] == child_id
    timers = [timer async for timer in service.runtime.db[TIMERS].find({"payload.child_id": child_id})]
    assert sorted(timer["state"] for timer in timers) == ["fired", "scheduled"], "fired once, tomorrow's is waiting"
