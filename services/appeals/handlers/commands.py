"""The lifecycle use cases of staff and citizens: each checks who may see the appeal, lets the domain
act (who may act, from which state, with what input) and saves through `saving.change`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from services.appeals.domain.errors import UnknownStateBody
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import Actor, AnswerDraft, checked_text
from services.appeals.domain.routing import RoutingReason, escalation_target, manual_assignment
from services.appeals.handlers.access import actor_of, ensure_may_see
from services.appeals.handlers.context import AppealsContext
from services.appeals.handlers.saving import change
from services.appeals.handlers.submission import Upload, store_photos
from shared.auth import Principal

Command = Callable[[Appeal, Actor, datetime], object]


async def act(appeal_id: str, principal: Principal, command: Command, ctx: AppealsContext) -> Appeal:
    actor, now = actor_of(principal), ctx.clock.now()

    def apply(appeal: Appeal) -> object:
        ensure_may_see(appeal, principal)
        return command(appeal, actor, now)

    return await change(appeal_id, apply, ctx)


# --- staff -------------------------------------------------------------------------------------------------


async def start_review(appeal_id: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    return await act(appeal_id, principal, lambda a, by, at: a.start_review(by=by, at=at), ctx)


async def request_information(appeal_id: str, question: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    return await act(appeal_id, principal, lambda a, by, at: a.request_information(question, by=by, at=at), ctx)


async def answer(appeal_id: str, draft: AnswerDraft, principal: Principal, ctx: AppealsContext) -> Appeal:
    return await act(appeal_id, principal, lambda a, by, at: a.answer(draft, by=by, at=at), ctx)


async def require_extra_study(appeal_id: str, reason: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    return await act(appeal_id, principal, lambda a, by, at: a.require_extra_study(reason, by=by, at=at), ctx)


async def extend(appeal_id: str, reason: str, new_due: date | None, principal: Principal,
                 ctx: AppealsContext) -> Appeal:  # fmt: skip
    return await act(appeal_id, principal, lambda a, by, at: a.extend_deadline(reason, new_due, by=by, at=at), ctx)


async def forward(appeal_id: str, body_code: str, reason: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    if await ctx.bodies.get(body_code) is None:
        raise UnknownStateBody(body=body_code)
    return await act(appeal_id, principal, lambda a, by, at: a.forward(body_code, reason, by=by, at=at), ctx)


async def reassign(appeal_id: str, assignee_id: str, note: str, principal: Principal,
                   ctx: AppealsContext) -> Appeal:  # fmt: skip
    """A supervisor hands the appeal to another official of its mahalla (the domain lets only heads)."""

    async def command(appeal: Appeal, by: Actor, at: datetime) -> None:
        appeal.ensure_may_reassign(by)
        request = appeal.routing_request()
        view = await ctx.territory.view_for(request.mahalla_codes)
        appeal.reassign(manual_assignment(request, view, assignee_id), by=by, at=at, note=checked_text(note))

    return await act(appeal_id, principal, command, ctx)


async def end_without_answer(appeal_id: str, how: str, reason_code: str, reason: str, principal: Principal,
                             ctx: AppealsContext) -> Appeal:  # fmt: skip
    """`how`: returned, not_considered or terminated (the route's path decides, never the caller's body)."""
    commands: dict[str, Command] = {
        "returned": lambda a, by, at: a.return_to_citizen(reason_code, reason, by=by, at=at),
        "not_considered": lambda a, by, at: a.mark_not_considered(reason_code, reason, by=by, at=at),
        "terminated": lambda a, by, at: a.terminate(reason_code, reason, by=by, at=at),
    }
    return await act(appeal_id, principal, commands[how], ctx)


# --- both sides --------------------------------------------------------------------------------------------


async def post_message(appeal_id: str, text: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    return await act(appeal_id, principal, lambda a, by, at: a.post_message(text, by=by, at=at), ctx)


# --- the citizen -------------------------------------------------------------------------------------------


async def provide_information(appeal_id: str, text: str, uploads: tuple[Upload, ...], principal: Principal,
                              ctx: AppealsContext) -> Appeal:  # fmt: skip
    photos = await store_photos(uploads, ctx)
    return await act(appeal_id, principal, lambda a, by, at: a.provide_information(text, photos, by=by, at=at), ctx)


async def add_evidence(appeal_id: str, text: str, uploads: tuple[Upload, ...], principal: Principal,
                       ctx: AppealsContext) -> Appeal:  # fmt: skip
    photos = await store_photos(uploads, ctx)
    return await act(appeal_id, principal, lambda a, by, at: a.add_evidence(text, photos, by=by, at=at), ctx)


async def withdraw(appeal_id: str, reason: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    return await act(appeal_id, principal, lambda a, by, at: a.withdraw(reason, by=by, at=at), ctx)


async def request_clarification(appeal_id: str, question: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    return await act(appeal_id, principal, lambda a, by, at: a.request_clarification(question, by=by, at=at), ctx)


async def rate(appeal_id: str, satisfied: bool, escalate_if_not: bool, principal: Principal,
               ctx: AppealsContext) -> Appeal:  # fmt: skip
    """ "Not satisfied" takes the appeal to the higher official at once unless the citizen declines."""

    async def command(appeal: Appeal, by: Actor, at: datetime) -> None:
        appeal.rate(satisfied, by=by, at=at)
        if not satisfied and escalate_if_not:
            await _escalate(appeal, by, at, ctx)

    return await act(appeal_id, principal, command, ctx)


async def escalate(appeal_id: str, principal: Principal, ctx: AppealsContext) -> Appeal:
    return await act(appeal_id, principal, lambda a, by, at: _escalate(a, by, at, ctx), ctx)


async def _escalate(appeal: Appeal, by: Actor, at: datetime, ctx: AppealsContext) -> None:
    request = appeal.routing_request()
    view = await ctx.territory.view_for(request.mahalla_codes)
    current = appeal.assignee_level or request.min_level
    target = escalation_target(request, view, current, RoutingReason.NOT_SATISFIED_ESCALATION)
    appeal.escalate(target, by=by, at=at)
