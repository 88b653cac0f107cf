"""The write path every use case shares: load, let the domain act, save with the outbox, hold the timers."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable

from services.appeals.domain.aggregate import ScheduledTimer
from services.appeals.domain.errors import AppealNotFound, ConcurrentChange
from services.appeals.domain.lifecycle import Appeal
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.outgoing import outgoing

logger = logging.getLogger(__name__)
ATTEMPTS = 4

Act = Callable[[Appeal], Awaitable[object] | object]


def next_timer(appeal: Appeal) -> ScheduledTimer | None:
    pending = sorted(appeal.scheduled_timers(), key=lambda timer: timer.at)
    return pending[0] if pending else None


async def hold_timers(appeal: Appeal, ctx: AppealsContext, *, already: ScheduledTimer | None = None) -> None:
    """Hold the NEXT timer of the current deadline only: each timer, when it fires, holds the one after it
    (writes are what the database serialises, and most appeals are answered before their reminders).
    Ids are deterministic, so holding the same timer twice is harmless."""
    timer = next_timer(appeal)
    if timer is None or (already is not None and already.key == timer.key):
        return
    payload = {"appeal_id": appeal.id, "days_before": timer.days_before or 0}
    await ctx.timers.schedule(f"appeal:{timer.key}", timer.action.value, timer.at, payload)


async def add_new(appeal: Appeal, ctx: AppealsContext) -> None:
    await ctx.appeals.add(appeal, outgoing(appeal, appeal.pull_events()))
    await hold_timers(appeal, ctx)


async def change(appeal_id: str, act: Act, ctx: AppealsContext) -> Appeal:
    """Apply `act` to the stored appeal and save it over the version read; a concurrent writer makes us
    read again and retry. `act` raising a domain error leaves the appeal untouched."""
    for attempt in range(ATTEMPTS):
        appeal = await ctx.appeals.get(appeal_id)
        if appeal is None:
            raise AppealNotFound()
        read_version, held = appeal.version, next_timer(appeal)
        result = act(appeal)
        if inspect.isawaitable(result):
            await result
        if appeal.version == read_version:
            return appeal  # nothing changed (a repeated timer, a no-op reassignment)
        try:
            await ctx.appeals.save(appeal, read_version, outgoing(appeal, appeal.pull_events()))
        except ConcurrentChange:
            if attempt == ATTEMPTS - 1:
                raise
            logger.info("appeal %s changed concurrently; retrying", appeal_id)
            continue
        await hold_timers(appeal, ctx, already=held)
        return appeal
    raise ConcurrentChange()
