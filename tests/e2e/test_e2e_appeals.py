"""An appeal as the people involved live it, through the gateway, with every service as its own process."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import System
from tests.e2e.scenarios import bearer, become_resident, new_phone, sandbox_address, sign_in, staff_sign_in

# The first test also waits for every service to start, the pilot data to load and geo to publish it.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


ANSWER = {
    "responses": [{"point": 1, "response": "Qo‘shningiz bilan suhbat o‘tkazildi, ogohlantirish berildi."}],
    "legal_basis": "MJtK 185-modda",
    "how_to_appeal": "Sektor rahbariga yoki sudga shikoyat qilishingiz mumkin.",
    "outcome": "satisfied",
}


async def submit(client: httpx.AsyncClient, citizen: dict[str, Any], **fields: str) -> httpx.Response:
    """An appeal as the app sends it (multipart form); an application about noise unless `fields` say otherwise."""
    return await client.post("/v1/appeals", headers=bearer(citizen), data={"kind": "application", "category": "noise",
                                                                           **fields})  # fmt: skip


async def notification_about(
    client: httpx.AsyncClient, tokens: dict[str, Any], kind: str, appeal_id: asyncio.Future[str]
) -> dict[str, Any]:
    """Follow the user's stream (opened before the appeal exists) until a notification of this kind about
    this appeal arrives; his earlier work in the same mahalla may come first."""
    async with client.stream("GET", "/v1/stream", headers={**bearer(tokens), "Accept": "text/event-stream"}) as stream:
        async for line in stream.aiter_lines():
            if line.startswith("data: "):
                item: dict[str, Any] = json.loads(line[6:])
                if item["kind"] == kind and item["data"].get("appeal_id") == await appeal_id:
                    return item
    raise AssertionError(f"the stream ended before {kind}")


async def test_the_inspector_hears_of_an_appeal_in_real_time_and_a_not_satisfied_citizen_escalates_it(
    system: System,
) -> None:
    address = await sandbox_address(system.urls["geo"])
    mahalla = address["mahalla_code"]
    async with httpx.AsyncClient(base_url=system.gateway, timeout=90) as client:
        citizen = await become_resident(
            client, await sign_in(client, new_phone(), "phone-appeal"), address["address"], 21
        )
        inspector = await staff_sign_in(client, f"inspector.{mahalla}", "tablet-insp", step_offset=0)
        sector_head = await staff_sign_in(client, f"sector-head.{mahalla[:9]}", "tablet-head", step_offset=0)
        appeal_id: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        inspector_hears = asyncio.create_task(notification_about(client, inspector, "appeal.assigned", appeal_id))
        head_hears = asyncio.create_task(notification_about(client, sector_head, "appeal.escalated", appeal_id))
        await asyncio.sleep(1.0)

        submitted = await submit(client, citizen, text="Qo‘shnim har kecha baland musiqa qo‘yadi.")
        assert submitted.status_code == 201, submitted.text
        appeal = submitted.json()
        appeal_id.set_result(appeal["id"])
        assigned = await asyncio.wait_for(inspector_hears, 90)
        path = f"/v1/appeals/{appeal['id']}"
        steps = [
            await client.post(f"{path}/review", headers=bearer(inspector)),
            await client.post(
                f"{path}/information-request", json={"question": "Qaysi xonadon?"}, headers=bearer(inspector)
            ),
            await client.post(f"{path}/information", data={"text": "12-uy, 5-xonadon."}, headers=bearer(citizen)),
            await client.post(f"{path}/answer", json=ANSWER, headers=bearer(inspector)),
            await client.post(f"{path}/rating", json={"satisfied": False}, headers=bearer(citizen)),
        ]
        escalated = await asyncio.wait_for(head_hears, 90)
        timeline = (await client.get(path, headers=bearer(citizen))).json()
        stranger = await sign_in(client, new_phone(), "phone-stranger")
        hidden = await client.get(path, headers=bearer(stranger))

    assert appeal["number"].startswith(("TAS-", "SAM-"))
    assert appeal["assignee_id"] == inspector["user_id"]
    assert assigned["data"]["number"] == appeal["number"]
    assert [step.status_code for step in steps] == [200] * 5, [step.text for step in steps]
    assert steps[-1].json()["assignee_id"] == sector_head["user_id"]
    assert escalated["data"]["number"] == appeal["number"]
    assert [step["action"] for step in timeline["timeline"]][-2:] == ["rate", "escalate"]
    assert hidden.status_code == 404


async def test_a_complaint_about_the_inspector_goes_to_his_sector_head_and_stays_hidden_from_him(
    system: System,
) -> None:
    address = await sandbox_address(system.urls["geo"])
    mahalla = address["mahalla_code"]
    async with httpx.AsyncClient(base_url=system.gateway, timeout=90) as client:
        citizen = await become_resident(
            client, await sign_in(client, new_phone(), "phone-complaint"), address["address"], 22
        )
        inspector = await staff_sign_in(client, f"inspector.{mahalla}", "tablet-insp2", step_offset=1)
        sector_head = await staff_sign_in(client, f"sector-head.{mahalla[:9]}", "tablet-head2", step_offset=1)
        complaint = await submit(
            client, citizen, kind="complaint", text="Inspektor murojaatimni qabul qilmadi.",
            about_official_ids=inspector["user_id"],
        )  # fmt: skip
        seen_by_inspector = await client.get(f"/v1/appeals/{complaint.json()['id']}", headers=bearer(inspector))
        queue = (await client.get("/v1/appeals/queue", headers=bearer(sector_head))).json()

    assert complaint.status_code == 201, complaint.text
    assert complaint.json()["assignee_id"] == sector_head["user_id"]
    assert seen_by_inspector.status_code == 404
    assert complaint.json()["id"] in {item["id"] for item in queue}


async def test_an_appeal_about_a_place_in_another_mahalla_goes_to_that_mahallas_inspector(system: System) -> None:
    home, elsewhere = await addresses_in_two_mahallas(system.urls["geo"])
    async with httpx.AsyncClient(base_url=system.gateway, timeout=90) as client:
        citizen = await become_resident(
            client, await sign_in(client, new_phone(), "phone-elsewhere"), home["address"], 23
        )
        inspector_there = await staff_sign_in(client, f"inspector.{elsewhere['mahalla_code']}", "tablet-insp3")
        submitted = await submit(
            client, citizen, category="road_safety", text="Maktab oldidagi svetofor ishlamayapti.",
            lat=str(elsewhere["latitude"]), lon=str(elsewhere["longitude"]),
        )  # fmt: skip
        timeline = (await client.get(f"/v1/appeals/{submitted.json()['id']}", headers=bearer(citizen))).json()

    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["assignee_id"] == inspector_there["user_id"]
    assigned = [step for step in timeline["timeline"] if step["action"] == "assign"]
    assert assigned[-1]["details"]["mahalla_code"] == elsewhere["mahalla_code"]
    assert assigned[-1]["details"]["by_location"] is True


async def addresses_in_two_mahallas(geo_url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two of the sandbox cadastre's first addresses (whose mahallas have staff accounts) in different mahallas."""
    async with httpx.AsyncClient(base_url=geo_url) as client:
        addresses: list[dict[str, Any]] = (await client.get("/v1/sandbox/addresses", params={"limit": 5})).json()
    home = addresses[0]
    elsewhere = next(item for item in addresses if item["mahalla_code"] != home["mahalla_code"])
    return home, elsewhere
