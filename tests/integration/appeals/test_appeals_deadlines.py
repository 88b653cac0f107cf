"""Deadlines on the real servers with a shifted clock: reminders and the breach fire once; the law's limits hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from services.appeals.domain.categories import AppealKind
from services.appeals.domain.deadlines import (
    TASHKENT,
    breach_at,
    deadline_for,
    registration_date,
    reminder_times,
    tashkent_date,
)
from services.appeals.main import create_app
from shared.auth import Role
from tests.integration.appeals.conftest import AppealsService
from tests.support.running import serving

pytestmark = pytest.mark.integration


def _move_to(appeals: AppealsService, moment: datetime) -> None:
    now = appeals.clock.now()
    if moment > now:
        appeals.clock.advance(moment - now)


def _a_morning_whose_deadline_has_two_reminders(appeals: AppealsService) -> datetime:
    """A working morning ahead whose application deadline has two distinct reminders. From some days the
    two fall on one working day and the law's calendar merges them: submitted on Thursday 26 November
    2026 after hours, the deadline is Monday 14 December, and three days and one day before are both
    Friday 11 December (a run on that day found one reminder where this test waited for two)."""
    day = tashkent_date(appeals.clock.now()) + timedelta(days=1)
    while True:
        morning = datetime.combine(day, time(10), TASHKENT)
        due_on = deadline_for(AppealKind.APPLICATION, registration_date(morning))
        if len(reminder_times(due_on, not_before=morning)) == 2:
            return morning
        day += timedelta(days=1)


async def test_reminders_and_the_breach_escalation_fire_exactly_once(appeals: AppealsService) -> None:
    _move_to(appeals, _a_morning_whose_deadline_has_two_reminders(appeals))
    submitted = (await appeals.submit(appeals.citizen())).json()
    due_on = date.fromisoformat(submitted["due_on"])
    inspector, head = appeals.mahalla.inspector, appeals.mahalla.sector_head
    await appeals.notifications.wait_for(inspector, "appeal.assigned")

    _move_to(appeals, datetime.combine(due_on - timedelta(days=3), datetime.min.time(), TASHKENT) + timedelta(hours=10))
    await appeals.notifications.wait_for(inspector, "appeal.reminder")

    _move_to(appeals, breach_at(due_on) + timedelta(minutes=1))
    await appeals.notifications.wait_for(inspector, "appeal.reminder", count=2)
    breached = await appeals.notifications.wait_for(head, "appeal.breached")
    assert breached[0]["data"]["appeal_id"] == submitted["id"]

    await appeals.notifications.settle(1.5)
    assert appeals.notifications.count(inspector, "appeal.reminder") == 2
    assert appeals.notifications.count(head, "appeal.breached") == 1
    appeal = (await appeals.client.get(f"/v1/appeals/{submitted['id']}", headers=appeals.inspector())).json()
    assert appeal["overdue"] is True
    assert appeal["supervisor_id"] == head
    assert [s["action"] for s in appeal["timeline"]].count("mark_breached") == 1
    overseen = await appeals.client.get("/v1/appeals/queue", params={"overdue": "true"}, headers=appeals.sector_head())
    assert [a["id"] for a in overseen.json()] == [submitted["id"]]


async def test_forwarding_after_five_days_is_refused(appeals: AppealsService) -> None:
    submitted = (await appeals.submit(appeals.citizen())).json()
    appeals.clock.advance(timedelta(days=8))
    refused = await appeals.client.post(
        f"/v1/appeals/{submitted['id']}/forwarding", json={"body_code": "energy", "reason": "Gaz ta’minoti masalasi"},
        headers={**appeals.inspector(), "Accept-Language": "en"},
    )  # fmt: skip
    assert refused.status_code == 409
    assert refused.json()["code"] == "appeals.forward_window_closed"
    assert refused.headers["content-type"].startswith("application/problem+json")


async def test_forwarding_within_five_days_tells_the_citizen(appeals: AppealsService) -> None:
    citizen = appeals.citizen()
    submitted = (await appeals.submit(citizen)).json()
    forwarded = await appeals.client.post(
        f"/v1/appeals/{submitted['id']}/forwarding", json={"body_code": "energy", "reason": "Gaz ta’minoti masalasi"},
        headers=appeals.inspector(),
    )  # fmt: skip
    assert forwarded.json()["state"] == "forwarded", forwarded.text
    told = await appeals.notifications.wait_for(submitted["citizen_id"], "appeal.forwarded")
    assert "Energetika" in told[0]["body"]["uz_latn"]


async def test_an_extension_beyond_one_month_is_refused_and_one_within_is_told(appeals: AppealsService) -> None:
    submitted = (await appeals.submit(appeals.citizen())).json()
    path, head = f"/v1/appeals/{submitted['id']}/extension", appeals.sector_head()
    too_far = (date.fromisoformat(submitted["due_on"]) + timedelta(days=45)).isoformat()
    refused = await appeals.client.post(path, json={"reason": "Ekspertiza", "new_due_on": too_far}, headers=head)
    assert refused.status_code == 422
    assert refused.json()["code"] == "appeals.extension_too_long"
    by_inspector = await appeals.client.post(path, json={"reason": "Ekspertiza"}, headers=appeals.inspector())
    assert by_inspector.status_code == 403
    extended = await appeals.client.post(path, json={"reason": "Ekspertiza kerak"}, headers=head)
    assert extended.status_code == 200, extended.text
    await appeals.notifications.wait_for(submitted["citizen_id"], "appeal.deadline_extended")
    again = await appeals.client.post(path, json={"reason": "Yana"}, headers=head)
    assert again.json()["code"] == "appeals.extension_already_used"


def test_the_breach_moment_is_midnight_in_tashkent_after_the_last_day() -> None:
    assert breach_at(date(2026, 3, 2)) == datetime(2026, 3, 2, 19, 0, tzinfo=UTC)


async def test_a_timer_held_before_a_restart_fires_once_in_the_next_instance(appeals: AppealsService) -> None:
    submitted = (await appeals.submit(appeals.citizen())).json()
    assert appeals.runtime.scheduler is not None
    await appeals.runtime.scheduler.stop()  # the first instance goes away with its timers only in the database
    successor = create_app(appeals.runtime.settings, jwks_fetcher=appeals.tokens.jwks_fetcher, clock=appeals.clock)  # type: ignore[arg-type]
    async with serving(successor):
        due_on = date.fromisoformat(submitted["due_on"])
        _move_to(
            appeals, datetime.combine(due_on - timedelta(days=3), datetime.min.time(), TASHKENT) + timedelta(hours=10)
        )
        await appeals.notifications.wait_for(appeals.mahalla.inspector, "appeal.reminder")
        await appeals.notifications.settle(1.0)
        assert appeals.notifications.count(appeals.mahalla.inspector, "appeal.reminder") == 1


async def test_the_sandbox_clock_moves_for_an_administrator_and_the_queue_shows_what_is_due_soon(
    appeals: AppealsService,
) -> None:
    submitted = (await appeals.submit(appeals.citizen())).json()
    due_soon = {"due_soon": "true"}
    assert (await appeals.client.get("/v1/appeals/queue", params=due_soon, headers=appeals.inspector())).json() == []
    refused = await appeals.client.post("/v1/appeals/sandbox/clock", json={"hours": 24}, headers=appeals.inspector())
    assert refused.status_code == 403
    admin = appeals.tokens.headers(subject="admin-1", roles=(Role.ADMINISTRATOR,), scope=("17",))
    days_to_go = (date.fromisoformat(submitted["due_on"]) - appeals.clock.now().date()).days
    moved = await appeals.client.post("/v1/appeals/sandbox/clock", json={"hours": 24 * (days_to_go - 2)}, headers=admin)
    assert moved.status_code == 200, moved.text
    soon = await appeals.client.get("/v1/appeals/queue", params=due_soon, headers=appeals.inspector())
    assert [a["id"] for a in soon.json()] == [submitted["id"]]
