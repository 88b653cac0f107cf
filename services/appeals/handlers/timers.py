"""Durable timers of the deadline: reminders to the assignee, and the breach handing oversight to the
level above. Each fires once (the scheduler) and is idempotent (the domain refuses repeats and stale ones)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from services.appeals.domain.errors import AppealNotFound, EscalationUnavailable, RoutingImpossible
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.routing import Level, RoutingDecision, RoutingReason, escalation_target
from services.appeals.domain.states import Action
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.saving import change, hold_timers

REMIND, BREACH = Action.REMIND.value, Action.MARK_BREACHED.value


async def remind(payload: Mapping[str, Any], ctx: AppealsContext) -> None:
    now = ctx.clock.now()
    try:
        appeal = await change(str(payload["appeal_id"]), lambda a: a.remind(int(payload["days_before"]), at=now), ctx)
    except AppealNotFound:
        return  # erased meanwhile (the citizen's account was deleted): nothing to remind of
    await hold_timers(appeal, ctx)  # the next reminder or the breach, even when this one was moot


async def mark_breached(payload: Mapping[str, Any], ctx: AppealsContext) -> None:
    now = ctx.clock.now()

    async def breach(appeal: Appeal) -> None:
        appeal.mark_breached(await _supervisor(appeal, now, ctx), at=now)

    try:
        appeal = await change(str(payload["appeal_id"]), breach, ctx)
    except AppealNotFound:
        return
    await hold_timers(appeal, ctx)


async def _supervisor(appeal: Appeal, now: datetime, ctx: AppealsContext) -> RoutingDecision | None:
    if not appeal.is_open or appeal.breached_at is not None or now < appeal.breach_moment:
        return None
    request = appeal.routing_request()
    view = await ctx.territory.view_for(request.mahalla_codes)
    try:
        return escalation_target(request, view, appeal.assignee_level or Level.INSPECTOR,
                                 RoutingReason.DEADLINE_BREACHED)  # fmt: skip
    except (EscalationUnavailable, RoutingImpossible):
        return None
