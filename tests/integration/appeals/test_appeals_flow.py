"""An appeal end to end on the real servers: submitted, routed, notified, reviewed, answered, rated, escalated."""

from __future__ import annotations

import pytest

from tests.integration.appeals.conftest import PNG, AppealsService

pytestmark = pytest.mark.integration

ANSWER = {
    "responses": [{"point": 1, "response": "Qo‘shningiz bilan suhbat o‘tkazildi, ogohlantirish berildi."}],
    "legal_basis": "MJtK 185-modda", "how_to_appeal": "Sektor rahbariga yoki sudga shikoyat qilishingiz mumkin.",
    "outcome": "satisfied",
}  # fmt: skip


async def test_a_citizen_appeal_travels_from_submission_to_escalation(appeals: AppealsService) -> None:
    citizen = appeals.citizen()
    refused = await appeals.submit(citizen, files=[("photos", ("note.png", b"%PDF-1.4 not an image", "image/png"))])
    assert refused.status_code == 422
    assert refused.json()["code"] == "appeals.photo_not_image"

    submitted = await appeals.submit(citizen, files=[("photos", ("yard.png", PNG, "image/png"))])
    assert submitted.status_code == 201, submitted.text
    appeal = submitted.json()
    assert appeal["number"].startswith("TAS-")
    assert appeal["state"] == "assigned"
    assert appeal["assignee_id"] == appeals.mahalla.inspector
    assert len(appeal["photos"]) == 1
    photo = await appeals.client.get(appeal["photos"][0], headers=citizen)
    assert photo.headers["content-type"] == "image/png"

    citizen_id = appeal["citizen_id"]
    await appeals.notifications.wait_for(citizen_id, "appeal.registered")
    await appeals.notifications.wait_for(appeals.mahalla.inspector, "appeal.assigned")

    inspector = appeals.inspector()
    path = f"/v1/appeals/{appeal['id']}"
    assert (await appeals.client.post(f"{path}/review", headers=inspector)).json()["state"] == "in_review"
    asked = await appeals.client.post(f"{path}/information-request", json={"question": "Qaysi xonadon?"},
                                      headers=inspector)  # fmt: skip
    assert asked.json()["state"] == "info_requested"
    await appeals.notifications.wait_for(citizen_id, "appeal.info_requested")

    answered_info = await appeals.client.post(
        f"{path}/information", data={"text": "12-uy, 5-xonadon."}, headers=citizen
    )
    assert answered_info.json()["state"] == "in_review"
    await appeals.notifications.wait_for(appeals.mahalla.inspector, "appeal.info_provided")

    said = await appeals.client.post(f"{path}/messages", json={"text": "Ertaga kelaman."}, headers=inspector)
    assert said.status_code == 200, said.text
    await appeals.notifications.wait_for(citizen_id, "appeal.message")
    await appeals.client.post(f"{path}/messages", json={"text": "Rahmat, kutaman."}, headers=citizen)
    await appeals.notifications.wait_for(appeals.mahalla.inspector, "appeal.message")

    answered = await appeals.client.post(f"{path}/answer", json=ANSWER, headers=inspector)
    assert answered.json()["state"] == "answered", answered.text
    await appeals.notifications.wait_for(citizen_id, "appeal.answered")

    rated = await appeals.client.post(f"{path}/rating", json={"satisfied": False}, headers=citizen)
    assert rated.status_code == 200, rated.text
    assert rated.json()["assignee_id"] == appeals.mahalla.sector_head
    assert rated.json()["state"] == "assigned"
    await appeals.notifications.wait_for(appeals.mahalla.sector_head, "appeal.escalated")

    mine = (await appeals.client.get("/v1/appeals/mine", headers=citizen)).json()
    actions = [step["action"] for step in mine[0]["timeline"]]
    assert actions == ["register", "assign", "start_review", "request_information", "provide_information", "answer",
                       "rate", "escalate"]  # fmt: skip


async def test_a_complaint_about_the_inspector_goes_to_the_sector_head(appeals: AppealsService) -> None:
    submitted = await appeals.submit(appeals.citizen(), kind="complaint", about_official_ids=appeals.mahalla.inspector,
                                     text="Inspektor murojaatimni qabul qilmadi.")  # fmt: skip
    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["assignee_id"] == appeals.mahalla.sector_head
    await appeals.notifications.wait_for(appeals.mahalla.sector_head, "appeal.assigned")
    hidden = await appeals.client.get(f"/v1/appeals/{submitted.json()['id']}", headers=appeals.inspector())
    assert hidden.status_code == 404


async def test_a_sector_head_takes_over_an_appeal_with_his_reason_and_nobody_else_may_hand_it_over(
    appeals: AppealsService,
) -> None:
    submitted = await appeals.submit(appeals.citizen())
    path = f"/v1/appeals/{submitted.json()['id']}/reassignment"
    to_the_head = {"assignee_id": appeals.mahalla.sector_head, "reason": "Inspektor ta’tilda"}
    by_the_inspector = await appeals.client.post(path, json=to_the_head, headers=appeals.inspector())
    to_a_stranger = await appeals.client.post(
        path, json={**to_the_head, "assignee_id": "insp-of-another-mahalla"},
        headers={**appeals.sector_head(), "Accept-Language": "ru"},
    )  # fmt: skip
    head = appeals.sector_head()
    without_a_reason = await appeals.client.post(path, json={**to_the_head, "reason": " "}, headers=head)
    taken = await appeals.client.post(path, json=to_the_head, headers=appeals.sector_head())
    told = await appeals.notifications.wait_for(appeals.mahalla.sector_head, "appeal.assigned")

    assert by_the_inspector.status_code == 403
    assert to_a_stranger.status_code == 422
    assert to_a_stranger.headers["content-type"].startswith("application/problem+json")
    assert to_a_stranger.json()["code"] == "appeals.assignee_not_on_the_ladder"
    assert "не обслуживает" in to_a_stranger.json()["title"]
    assert without_a_reason.status_code == 422
    assert taken.status_code == 200, taken.text
    assert taken.json()["assignee_id"] == appeals.mahalla.sector_head
    assert taken.json()["timeline"][-1]["details"]["note"] == "Inspektor ta’tilda"
    assert told[0]["data"]["appeal_id"] == submitted.json()["id"]
