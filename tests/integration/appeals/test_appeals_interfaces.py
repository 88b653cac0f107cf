"""Open311, directories, search, statistics, bad input and territory changes, on the real servers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from services.appeals.deps import parts_of
from services.appeals.domain.duplicates import DUPLICATE_WINDOW
from shared.events import geo
from tests.integration.appeals.conftest import AppealsService, wait_until

pytestmark = pytest.mark.integration

VECTORS = Path(__file__).resolve().parents[4] / "shared" / "vectors" / "open311"


def _validator(name: str) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    from referencing.jsonschema import DRAFT7

    if not VECTORS.is_dir():
        pytest.skip(f"the Open311 schemas are not at {VECTORS}")
    store = {path.name: json.loads(path.read_text()) for path in VECTORS.glob("*.json")}
    registry = referencing.Registry().with_resources(
        (key, referencing.Resource.from_contents(value, default_specification=DRAFT7)) for key, value in store.items()
    )
    return jsonschema.Draft7Validator(store[name], registry=registry, format_checker=jsonschema.FormatChecker())


async def test_open311_create_and_fetch_validate_in_json_and_xml(appeals: AppealsService) -> None:
    base = "/v1/open311/v2"
    services = await appeals.client.get(f"{base}/services.json")
    _validator("services.json").validate(services.json())
    definition = await appeals.client.get(f"{base}/services/noise.json")
    _validator("service-definition.json").validate(definition.json())

    form = {"api_key": "sandbox-open311-key", "service_code": "noise", "description": "Tunda baland musiqa.",
            "attribute[kind]": "complaint", "lat": "41.31151", "long": "69.27974"}  # fmt: skip
    created = await appeals.client.post(f"{base}/requests.json", data=form, headers=appeals.citizen())
    assert created.status_code == 200, created.text
    number = created.json()[0]["service_request_id"]

    one = await appeals.client.get(f"{base}/requests/{number}.json")
    _validator("requests.json").validate(one.json())
    assert one.json()[0]["description"] is None  # public: redacted
    assert one.json()[0]["lat"] != 41.31151
    listing = await appeals.client.get(f"{base}/requests.json", params={"service_code": "noise"})
    _validator("requests.json").validate(listing.json())
    assert number in [item["service_request_id"] for item in listing.json()]

    xml = await appeals.client.get(f"{base}/requests/{number}.xml")
    root = ElementTree.fromstring(xml.text)
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == number  # type: ignore[union-attr]
    assert root.find("request/description").text is None  # type: ignore[union-attr]
    updates = await appeals.client.get(f"{base}/servicerequestupdates.xml")
    assert ElementTree.fromstring(updates.text).tag == "service_request_updates"

    missing = await appeals.client.get(f"{base}/requests/TAS-1999-000001.xml")
    assert missing.status_code == 404
    assert ElementTree.fromstring(missing.text).find("error/code").text == "404"  # type: ignore[union-attr]
    no_key = await appeals.client.post(f"{base}/requests.json", data={**form, "api_key": "wrong"},
                                       headers=appeals.citizen())  # fmt: skip
    assert no_key.status_code == 403
    assert no_key.json()[0]["code"] == 403


async def test_bad_input_is_answered_with_localised_problems(appeals: AppealsService) -> None:
    citizen = {**appeals.citizen(), "Accept-Language": "ru"}
    empty = await appeals.submit(citizen, text="   ")
    assert (empty.status_code, empty.json()["code"]) == (422, "appeals.text_empty")
    assert empty.headers["content-language"] == "ru"
    assert "Текст" in empty.json()["title"] or "текст" in empty.json()["title"]
    too_long = await appeals.submit(citizen, text="a" * 4001)
    assert (too_long.status_code, too_long.json()["code"]) == (422, "appeals.text_too_long")
    wrong = await appeals.submit(citizen, category="flying_saucers")
    assert (wrong.status_code, wrong.json()["code"]) == (422, "appeals.unknown_category")
    unverified = await appeals.submit(appeals.citizen(verified=False))
    assert unverified.status_code == 403

    mine = (await appeals.submit(appeals.citizen())).json()
    other = await appeals.client.get(f"/v1/appeals/{mine['id']}", headers=citizen)
    assert (other.status_code, other.json()["code"]) == (404, "appeals.not_found")
    illegal = await appeals.client.post(f"/v1/appeals/{mine['id']}/answer", headers=appeals.inspector(), json={
        "responses": [{"point": 1, "response": "Javob"}], "legal_basis": "Qonun", "how_to_appeal": "Sud",
        "outcome": "refused"})  # fmt: skip
    assert (illegal.status_code, illegal.json()["code"]) == (409, "appeals.illegal_transition")


async def test_a_duplicate_is_merged_and_an_anonymous_message_is_a_tip(appeals: AppealsService) -> None:
    citizen = appeals.citizen()
    first = (await appeals.submit(citizen)).json()
    again = await appeals.submit(citizen, text="Qo‘shnim har kecha baland musiqa qo‘yadi!")
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["merged"]) == (first["id"], True)
    await appeals.notifications.wait_for(first["citizen_id"], "appeal.duplicate_merged")
    tip = await appeals.submit(citizen, anonymous="true", text="Podyezdda shubhali odamlar yig‘ilmoqda.")
    assert tip.status_code == 201
    assert tip.json()["tip"] is True
    assert "number" not in tip.json()
    await appeals.notifications.wait_for(appeals.mahalla.inspector, "tip.received")
    listed = await appeals.client.get("/v1/appeals/tips", params={"territory": appeals.mahalla.code},
                                      headers=appeals.inspector())  # fmt: skip
    assert [item["id"] for item in listed.json()] == [tip.json()["id"]]
    note = {"text": "Tekshirildi, patrul kuchaytirildi."}
    reviewed = await appeals.client.post(f"/v1/appeals/tips/{tip.json()['id']}/review", json=note,
                                         headers=appeals.inspector())  # fmt: skip
    assert reviewed.json()["state"] == "reviewed"


async def test_search_matches_latin_and_cyrillic_and_statistics_count_the_territory(appeals: AppealsService) -> None:
    submitted = (await appeals.submit(appeals.citizen(), text="Ko‘chada itlar to‘dasi bolalarni qo‘rqitmoqda.",
                                      category="stray_animals")).json()  # fmt: skip
    head = appeals.sector_head()
    cyrillic = await appeals.client.get("/v1/appeals/search", params={"q": "итлар тўдаси"}, headers=head)
    assert [a["id"] for a in cyrillic.json()] == [submitted["id"]], cyrillic.text
    by_number = await appeals.client.get("/v1/appeals/search", params={"q": submitted["number"].lower()}, headers=head)
    assert [a["id"] for a in by_number.json()] == [submitted["id"]]
    queue = await appeals.client.get("/v1/appeals/queue", headers=appeals.inspector())
    assert submitted["id"] in [a["id"] for a in queue.json()]

    year = int(submitted["registered_on"][:4])
    quarter = (int(submitted["registered_on"][5:7]) - 1) // 3 + 1
    report = await appeals.client.get("/v1/appeals/reports/quarterly", headers=head, params={
        "territory": appeals.mahalla.sector, "year": year, "quarter": quarter})  # fmt: skip
    assert report.status_code == 200, report.text
    assert report.json()["total"]["received"] == 1
    outside = await appeals.client.get("/v1/appeals/reports/quarterly", headers=head, params={
        "territory": "1718", "year": year, "quarter": quarter})  # fmt: skip
    assert outside.status_code == 403


async def test_state_bodies_are_listed_with_their_sites_in_the_callers_language(appeals: AppealsService) -> None:
    bodies = (await appeals.client.get("/v1/state-bodies", headers={"Accept-Language": "uz-Cyrl"})).json()
    interior = next(body for body in bodies if body["code"] == "interior")
    assert (interior["name"], interior["site"]) == ("Ички ишлар вазирлиги", "https://iiv.uz")


async def test_a_new_inspector_takes_over_the_open_appeals_of_the_mahalla(appeals: AppealsService) -> None:
    submitted = (await appeals.submit(appeals.citizen())).json()
    mahalla = appeals.mahalla
    await appeals.publish(geo.OfficialRemovedV1(subject=mahalla.code, official_id=mahalla.inspector, role="inspector",
                                                territory_code=mahalla.code))  # fmt: skip
    head = appeals.sector_head()

    async def reassigned_to(official: str) -> bool:
        appeal = (await appeals.client.get(f"/v1/appeals/{submitted['id']}", headers=head)).json()
        return bool(appeal["assignee_id"] == official)

    await wait_until(lambda: reassigned_to(mahalla.sector_head))
    successor = f"{mahalla.inspector}-new"
    await appeals.publish(geo.OfficialAssignedV1(subject=mahalla.code, official_id=successor, role="inspector",
                                                 territory_code=mahalla.code, mahalla_code=mahalla.code,
                                                 sector_code=mahalla.sector))  # fmt: skip
    await wait_until(lambda: reassigned_to(successor))
    await appeals.notifications.wait_for(successor, "appeal.assigned")


async def test_concurrent_submissions_get_distinct_numbers(appeals: AppealsService) -> None:
    import asyncio

    texts = [f"Alohida murojaat {n}: ko‘chada chiroq yonmaydi, {n}-uy oldida." for n in range(12)]
    responses = await asyncio.gather(*(appeals.submit(appeals.citizen(), text=text) for text in texts))
    numbers = [response.json()["number"] for response in responses]
    assert all(response.status_code == 201 for response in responses)
    assert len(set(numbers)) == len(numbers)


async def test_a_duplicate_is_merged_even_after_redis_lost_the_recent_lists_which_are_then_listed_again(
    appeals: AppealsService,
) -> None:
    citizen = appeals.citizen()
    first = (await appeals.submit(citizen)).json()
    redis, namespace = appeals.runtime.cache, appeals.runtime.db.name
    recent = parts_of(appeals.runtime).stores.recent
    since = appeals.clock.now() - DUPLICATE_WINDOW
    # As after a restart of Redis, which keeps nothing on disk here: the list and the mark are gone.
    await redis.delete(f"{namespace}:recent:{first['citizen_id']}", f"{namespace}:recent-lists-complete")

    again = await appeals.submit(citizen, text="Qo‘shnim har kecha baland musiqa qo‘yadi!!")  # asks the database
    assert (again.json()["id"], again.json()["merged"]) == (first["id"], True)
    await wait_until(lambda: redis.exists(f"{namespace}:recent-lists-complete"))  # listed again meanwhile
    assert first["id"] in await recent.ids_since(first["citizen_id"], since)
    assert await recent.restore(since) == 0  # once


async def test_an_appeal_listed_but_never_written_is_skipped_by_the_duplicate_check(appeals: AppealsService) -> None:
    citizen = appeals.citizen()
    first = (await appeals.submit(citizen)).json()
    # A crash between listing an appeal and writing it leaves an id that leads nowhere.
    await parts_of(appeals.runtime).stores.recent.note(first["citizen_id"], "never-written", appeals.clock.now())

    again = await appeals.submit(citizen, text="Qo‘shnim har kecha baland musiqa qo‘yadi.")
    assert (again.json()["id"], again.json()["merged"]) == (first["id"], True)
    other = await appeals.submit(citizen, category="theft", text="Velosipedim o‘g‘irlandi, iltimos yordam bering.")
    assert other.status_code == 201
