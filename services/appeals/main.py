"""The appeals service: `create_app()` for uvicorn (`--factory`), port 8001."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, cast

from fastapi import FastAPI

from services.appeals import consumers, messages, repository
from services.appeals.api import appeals, directory, open311, sandbox
from services.appeals.deps import context_for, start_appeals, stop_appeals
from services.appeals.handlers import timers
from services.appeals.settings import AppealsSettings
from shared.clock import Clock, ShiftedClock
from shared.events import appeals as appeal_events
from shared.events.envelope import Event
from shared.events.notifications import NotificationRequestedV1
from shared.service import Runtime, ServiceSpec, create_service_app
from shared.timers import TimerHandler

JwksFetcherFactory = Callable[[Runtime], Callable[[], Awaitable[Any]]]


# The repositories name every appeal and tip they write (`OutboxRelay.written`); the sweep is the net
# for a crash between a write and its publication.
OUTBOX_SWEEP_S = 60.0


def timer_handlers(runtime: Runtime) -> Mapping[str, TimerHandler]:
    async def remind(timer_id: str, payload: Mapping[str, Any]) -> None:
        await timers.remind(payload, context_for(runtime))

    async def breach(timer_id: str, payload: Mapping[str, Any]) -> None:
        await timers.mark_breached(payload, context_for(runtime))

    return {timers.REMIND: remind, timers.BREACH: breach}


APPEAL_CONTRACTS: list[type[Event]] = [
    appeal_events.AppealRegisteredV1,
    appeal_events.AppealAssignedV1,
    appeal_events.AppealStepRecordedV1,
    appeal_events.AppealDeadlineChangedV1,
    appeal_events.AppealDeadlineBreachedV1,
    appeal_events.AppealAnsweredV1,
    appeal_events.AppealRatedV1,
    appeal_events.AppealEscalatedV1,
    appeal_events.AppealEndedV1,
    appeal_events.TipReceivedV1,
    appeal_events.TipReviewedV1,
]


def create_app(
    settings: AppealsSettings | None = None,
    *,
    jwks_fetcher: JwksFetcherFactory | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or AppealsSettings()
    if clock is None and settings.is_sandbox and settings.sandbox_clock:
        clock = ShiftedClock()  # the sandbox clock endpoint moves it; production keeps the system clock
    spec = ServiceSpec(
        name="appeals",
        title="Smart Mahalla — appeals to the mahalla inspector",
        routers=[sandbox.router, appeals.router, directory.router, open311.router],
        publishes=[*APPEAL_CONTRACTS, NotificationRequestedV1],
        register_subscribers=consumers.register,
        outbox_collections=repository.OUTBOX_COLLECTIONS,
        outbox_sweep_interval=OUTBOX_SWEEP_S,
        indexes=repository.INDEXES,
        catalogues=[messages.MESSAGES],
        timer_handlers=timer_handlers,
        jwks_fetcher=cast(Any, jwks_fetcher),
        clock=clock,
        on_start=[start_appeals],
        on_stop=[stop_appeals],
    )
    return create_service_app(spec, settings)
