"""The appeals use cases with in-memory fakes: routing on submission, what leaves in the outbox, retries,
territory changes, timers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

import pytest

from services.appeals.domain.categories import AppealKind
from services.appeals.domain.deadlines import TASHKENT, breach_at
from services.appeals.domain.errors import PhotoNotImage, ResidenceRequired
from services.appeals.domain.records import Location
from services.appeals.domain.territory import TerritoryChange
from services.appeals.handlers import commands, timers
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.submission import AppealForm, Upload, submit
from services.appeals.handlers.territory import apply_territory_change, change_of
from shared.auth import Principal, Role
from shared.clock import FixedClock
from shared.events import geo
from shared.events.appeals import AppealAssignedV1, AppealRegisteredV1
from shared.events.notifications import NotificationRequestedV1
from tests.unit.appeals.fakes import FakeAppeals, FakeLocator, FakeTimers, fake_context

MAHALLA, SECTOR = "172626601014", "172626601"
MONDAY = datetime(2026, 2, 2, 10, 0, tzinfo=TASHKENT)
CITIZEN = Principal("c-1", frozenset({Role.CITIZEN}), "s-1", verified=True, mahalla_code=MAHALLA)
INSPECTOR = Principal("insp-1", frozenset({Role.INSPECTOR}), "s-2", scope=(MAHALLA,))
TEXT = "Qo‘shnim har kecha yarim tungacha baland ovozda musiqa qo‘yadi."


def _fact(n: int, kind: Any, code: str, official: str | None = None, role: str | None = None) -> TerritoryChange:
    return TerritoryChange(f"e-{n}-{kind}-{official}", kind, MONDAY - timedelta(days=30 - n), code, official, role)


@pytest.fixture
async def ctx() -> AppealsContext:
    context = fake_context(FixedClock(MONDAY))
    await context.territory.apply(_fact(1, "unit_created", MAHALLA))
    await context.territory.apply(_fact(2, "official_assigned", MAHALLA, "insp-1", "inspector"))
    await context.territory.apply(_fact(3, "official_assigned", SECTOR, "head-1", "sector_head"))
    return context


def _published(ctx: AppealsContext) -> list[Any]:
    return cast(FakeAppeals, ctx.appeals).published


async def test_a_submitted_appeal_is_numbered_routed_to_the_inspector_and_both_are_told(ctx: AppealsContext) -> None:
    done = await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), CITIZEN, ctx)
    assert done.appeal is not None
    assert done.appeal.number == "TAS-2026-000001"
    assert done.appeal.assignee_id == "insp-1"
    notified = {(e.subject, e.kind) for e in _published(ctx) if isinstance(e, NotificationRequestedV1)}
    assert notified == {("c-1", "appeal.registered"), ("insp-1", "appeal.assigned")}
    assert {type(e) for e in _published(ctx)} >= {AppealRegisteredV1, AppealAssignedV1}
    assert len(cast(FakeTimers, ctx.timers).scheduled) == 1  # the first reminder; each timer holds the next


async def test_facts_for_analysts_carry_no_text_of_the_appeal(ctx: AppealsContext) -> None:
    await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), CITIZEN, ctx)
    facts = [e for e in _published(ctx) if not isinstance(e, NotificationRequestedV1)]
    assert facts
    assert all("musiqa" not in e.model_dump_json() for e in facts)


async def test_a_citizen_without_a_mahalla_cannot_appeal(ctx: AppealsContext) -> None:
    homeless = Principal("c-2", frozenset({Role.CITIZEN}), "s-3", verified=True)
    with pytest.raises(ResidenceRequired):
        await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), homeless, ctx)


async def test_a_file_that_is_not_an_image_is_refused_before_anything_is_stored(ctx: AppealsContext) -> None:
    form = AppealForm(AppealKind.APPLICATION, "noise", TEXT, photos=(Upload(b"GIF89a" + b"\0" * 20),))
    with pytest.raises(PhotoNotImage):
        await submit(form, CITIZEN, ctx)
    assert not cast(FakeAppeals, ctx.appeals).documents


async def test_a_concurrent_change_is_read_again_and_retried(ctx: AppealsContext) -> None:
    done = await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), CITIZEN, ctx)
    assert done.appeal is not None
    cast(FakeAppeals, ctx.appeals).interfere_once = True
    reviewed = await commands.start_review(done.appeal.id, INSPECTOR, ctx)
    assert reviewed.state.value == "in_review"


async def test_an_extended_deadline_holds_the_first_timer_of_the_new_deadline(ctx: AppealsContext) -> None:
    done = await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), CITIZEN, ctx)
    assert done.appeal is not None
    await commands.start_review(done.appeal.id, INSPECTOR, ctx)
    head = Principal("head-1", frozenset({Role.SECTOR_HEAD}), "s-4", scope=(SECTOR,))
    extended = await commands.extend(done.appeal.id, "Qo‘shimcha tekshiruv kerak.", None, head, ctx)
    assert extended.due_on > done.appeal.due_on
    held = cast(FakeTimers, ctx.timers).scheduled
    assert any(extended.due_on.isoformat() in timer_id for timer_id in held)


async def test_removing_the_inspector_hands_his_open_appeals_to_the_sector_head(ctx: AppealsContext) -> None:
    done = await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), CITIZEN, ctx)
    assert done.appeal is not None
    removal = _fact(10, "official_removed", MAHALLA, "insp-1", "inspector")
    assert await apply_territory_change(removal, ctx) == 1
    assert await apply_territory_change(removal, ctx) == 0  # a redelivery changes nothing
    stored = await ctx.appeals.get(done.appeal.id)
    assert stored is not None
    assert stored.assignee_id == "head-1"


async def test_an_appeal_nobody_could_take_is_routed_when_an_inspector_is_appointed() -> None:
    ctx = fake_context(FixedClock(MONDAY))
    done = await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), CITIZEN, ctx)
    assert done.appeal is not None
    assert done.appeal.state.value == "registered"
    await apply_territory_change(_fact(5, "official_assigned", MAHALLA, "insp-9", "inspector"), ctx)
    stored = await ctx.appeals.get(done.appeal.id)
    assert stored is not None
    assert (stored.state.value, stored.assignee_id) == ("assigned", "insp-9")


async def test_a_reminder_fired_twice_is_sent_once(ctx: AppealsContext) -> None:
    done = await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), CITIZEN, ctx)
    assert done.appeal is not None
    clock = cast(FixedClock, ctx.clock)
    clock.advance(breach_at(done.appeal.due_on) - clock.now() - timedelta(days=2))
    for _ in range(2):
        await timers.remind({"appeal_id": done.appeal.id, "days_before": 3}, ctx)
    reminders = [e for e in _published(ctx) if getattr(e, "kind", "") == "appeal.reminder"]
    assert len(reminders) == 1


async def test_the_breach_puts_the_sector_head_over_the_appeal_once(ctx: AppealsContext) -> None:
    done = await submit(AppealForm(AppealKind.APPLICATION, "noise", TEXT), CITIZEN, ctx)
    assert done.appeal is not None
    clock = cast(FixedClock, ctx.clock)
    clock.advance(breach_at(done.appeal.due_on) - clock.now() + timedelta(minutes=1))
    for _ in range(2):
        await timers.mark_breached({"appeal_id": done.appeal.id}, ctx)
    told = [e.subject for e in _published(ctx) if getattr(e, "kind", "") == "appeal.breached"]
    assert sorted(told) == ["head-1", "insp-1"]
    stored = await ctx.appeals.get(done.appeal.id)
    assert stored is not None
    assert stored.supervisor_id == "head-1"


async def test_an_appeal_located_in_the_neighbouring_mahalla_goes_to_its_inspector(ctx: AppealsContext) -> None:
    neighbour = "172626601015"
    await ctx.territory.apply(_fact(4, "official_assigned", neighbour, "insp-2", "inspector"))
    cast(FakeLocator, ctx.locator).points[(41.3, 69.28)] = neighbour
    form = AppealForm(AppealKind.APPLICATION, "noise", TEXT, location=Location(41.3, 69.28))
    done = await submit(form, CITIZEN, ctx)
    assert done.appeal is not None
    assert (done.appeal.assignee_id, done.appeal.handling_mahalla_code) == ("insp-2", neighbour)
    assert done.appeal.timeline[-1].details["by_location"] is True


def test_geo_facts_become_the_territory_changes_appeals_use() -> None:
    assigned = geo.OfficialAssignedV1(subject=MAHALLA, official_id="insp-7", role="inspector", territory_code=MAHALLA,
                                      mahalla_code=MAHALLA, sector_code=SECTOR)  # fmt: skip
    change = change_of(assigned)
    assert change is not None
    assert (change.kind, change.official_id, change.role, change.territory_code, change.event_id) == (
        "official_assigned", "insp-7", "inspector", MAHALLA, assigned.id)  # fmt: skip
    moved = geo.PostMovedV1(subject=MAHALLA, post_id="p-1", mahalla_code=MAHALLA, latitude=41.3, longitude=69.2)
    assert change_of(moved) is None
