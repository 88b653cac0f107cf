"""Reading: a citizen's appeals, an official's work queue and search, statistics and the quarterly report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from services.appeals.domain.deadlines import tashkent_date
from services.appeals.domain.errors import AppealNotFound, InvalidAppealNumber
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.numbering import parse_appeal_number
from services.appeals.domain.statistics import (
    AppealFigures,
    Period,
    QuarterlyReport,
    TerritoryLevel,
    figures,
    figures_by_territory,
    quarterly_report,
)
from services.appeals.domain.tips import Tip
from services.appeals.handlers.access import actor_of, ensure_may_see
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.outgoing import tip_outgoing
from services.appeals.repository.appeals import QueueFilter
from shared.auth import OutOfScope, Principal, ensure_in_scope

DUE_SOON_DAYS = 3


async def one(appeal_id: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    appeal = await ctx.appeals.get(appeal_id)
    if appeal is None:
        raise AppealNotFound()
    ensure_may_see(appeal, principal)
    return appeal


async def mine(principal: Principal, ctx: AppealsContext) -> list[Appeal]:
    return await ctx.appeals.of_citizen(principal.subject)


async def queue(principal: Principal, which: QueueFilter, *, overdue: bool, due_soon: bool,
                ctx: AppealsContext) -> list[Appeal]:  # fmt: skip
    """The caller's own queue, or (a territory given) everything there he may see."""
    actor_of(principal)
    today = tashkent_date(ctx.clock.now())
    if which.territory_code:
        ensure_in_scope(principal, which.territory_code)
    else:
        which = replace(which, assignee_id=principal.subject)
    which = replace(which, overdue_before=today if overdue else None,
                    due_by=today + timedelta(days=DUE_SOON_DAYS) if due_soon else None)  # fmt: skip
    found = await ctx.appeals.queue(which)
    return [appeal for appeal in found if principal.subject not in appeal.excluded_official_ids]


async def search(principal: Principal, text: str, territory_code: str | None, ctx: AppealsContext) -> list[Appeal]:
    """By number (either script, any case) or by words of the text, Latin and Cyrillic alike."""
    try:
        number = str(parse_appeal_number(text))
    except InvalidAppealNumber:
        return await queue(principal, QueueFilter(territory_code=territory_code or _widest(principal), text=text),
                           overdue=False, due_soon=False, ctx=ctx)  # fmt: skip
    found = await ctx.appeals.by_number(number)
    if found is None:
        return []
    try:
        ensure_may_see(found, principal)
    except (AppealNotFound, OutOfScope):
        return []
    return [found]


def _widest(principal: Principal) -> str:
    if not principal.scope:
        raise AppealNotFound()
    return min(principal.scope, key=len)


async def statistics(principal: Principal, territory_code: str, start: date, end: date, level: TerritoryLevel,
                     ctx: AppealsContext) -> tuple[AppealFigures, dict[str, AppealFigures]]:  # fmt: skip
    ensure_in_scope(principal, territory_code)
    appeals = await ctx.appeals.registered_between(territory_code, start, end)
    now = ctx.clock.now()
    by_territory = figures_by_territory(appeals, Period(start, end), now, level, territory_code)
    return figures(appeals, territory_code, now), by_territory


async def quarterly(principal: Principal, territory_code: str, year: int, quarter: int, level: TerritoryLevel,
                    ctx: AppealsContext) -> QuarterlyReport:  # fmt: skip
    ensure_in_scope(principal, territory_code)
    period = Period.quarter(year, quarter)
    appeals = await ctx.appeals.registered_between(territory_code, period.start, period.end)
    return quarterly_report(appeals, year, quarter, ctx.clock.now(), level, territory_code)


async def review_tip(tip_id: str, note: str, principal: Principal, ctx: AppealsContext) -> Tip:
    """An official of the tip's territory notes what he did about it (a tip has no author to answer)."""
    tip = await ctx.tips.get(tip_id)
    if tip is None:
        raise AppealNotFound()
    ensure_in_scope(principal, tip.mahalla_code)
    read_version = tip.version
    tip.review(note, by=actor_of(principal), at=ctx.clock.now())
    await ctx.tips.save(tip, read_version, tip_outgoing(tip, tip.pull_events(), ()))
    return tip


async def tips(principal: Principal, territory_code: str, ctx: AppealsContext) -> list[Tip]:
    actor_of(principal)
    ensure_in_scope(principal, territory_code)
    return await ctx.tips.in_territory(territory_code)
