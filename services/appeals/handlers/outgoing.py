"""What leaves the service after a change: `appeals.v1` facts (no personal data) and the notifications
the people concerned must get, both mapped from the domain events and written to the outbox with the state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from services.appeals.domain import events as ev
from services.appeals.domain.aggregate import AppealRecord
from services.appeals.domain.state_bodies import STATE_BODIES_BY_CODE
from services.appeals.domain.tips import Tip
from services.appeals.messages import MESSAGES
from shared.events import appeals as contracts
from shared.events.envelope import Event
from shared.events.notifications import LocalisedText, NotificationRequestedV1
from shared.i18n import LANGUAGES, Text

_WITHOUT_ANSWER = (ev.AppealReturned, ev.AppealNotConsidered, ev.AppealTerminated)


def _fact(appeal: AppealRecord, event: ev.AppealEvent) -> Event:
    common: dict[str, Any] = {
        "subject": appeal.id,
        "appeal_version": event.version,
        "occurred_at": event.occurred_at,
        "time": event.occurred_at,
        "kind": appeal.kind.value,
        "category": appeal.category,
        "state": appeal.state.value,
        "mahalla_code": appeal.territory_code,
    }
    match event:
        case ev.AppealRegistered():
            return contracts.AppealRegisteredV1(
                **common,
                citizen_id=event.citizen_id,
                registered_on=event.registered_on,
                due_on=event.due_on,
                photo_count=event.photo_count,
                has_location=event.has_location,
            )
        case ev.AppealAssigned():
            return contracts.AppealAssignedV1(
                **common,
                assignee_id=event.assignee_id,
                level=event.level,
                reason=event.reason,
                previous_assignee_id=event.previous_assignee_id,
            )
        case ev.AppealDeadlineExtended():
            return contracts.AppealDeadlineChangedV1(
                **common, previous_due_on=event.previous_due_on, due_on=event.due_on, cause=event.cause
            )  # type: ignore[arg-type]
        case ev.AppealDeadlineBreached():
            return contracts.AppealDeadlineBreachedV1(
                **common, assignee_id=event.assignee_id, supervisor_id=event.supervisor_id, due_on=event.due_on
            )
        case ev.AppealAnswered():
            return contracts.AppealAnsweredV1(
                **common, official_id=event.official_id, outcome=event.outcome, round=event.round, late=event.late
            )
        case ev.AppealRated():
            return contracts.AppealRatedV1(
                **common, citizen_id=event.citizen_id, official_id=event.official_id, satisfied=event.satisfied
            )
        case ev.AppealEscalated():
            return contracts.AppealEscalatedV1(
                **common,
                from_official_id=event.from_official_id,
                to_official_id=event.to_official_id,
                level=event.level,
                due_on=event.due_on,
            )
        case ev.AppealClosed():
            return contracts.AppealEndedV1(
                **common, official_id=event.official_id, outcome=event.outcome, satisfied=event.satisfied
            )
        case ev.AppealForwarded():
            return contracts.AppealEndedV1(**common, body_code=event.body_code)
        case ev.AppealReturned() | ev.AppealNotConsidered() | ev.AppealTerminated():
            return contracts.AppealEndedV1(**common, reason_code=event.reason_code)
        case ev.AppealWithdrawn():
            return contracts.AppealEndedV1(**common)
    official = getattr(event, "official_id", None) or getattr(event, "assignee_id", None)
    return contracts.AppealStepRecordedV1(**common, step=event.type, official_id=official)


def _notice(
    appeal: AppealRecord, recipient: str | None, kind: str, text: Text, *, priority: str = "normal", **params: Any
) -> list[Event]:
    if not recipient:
        return []
    values = {"number": appeal.number, "due_on": appeal.due_on.isoformat(), **params}
    return [
        NotificationRequestedV1(
            subject=recipient,
            kind=kind,
            title=LocalisedText.of(MESSAGES["appeals.notice.title"], number=appeal.number),
            body=localised(text, **values),
            priority=priority,  # type: ignore[arg-type]
            data={"appeal_id": appeal.id, "number": appeal.number},
            collapse_key=None,
        )
    ]


def localised(text: Text, **params: Any) -> LocalisedText:
    """`text` in the four languages; a parameter that is itself a `Text` is rendered in the same language."""
    return LocalisedText.model_validate(
        {
            language: text.render(
                language, **{k: v.render(language) if isinstance(v, Text) else v for k, v in params.items()}
            )
            for language in LANGUAGES
        }
    )


Notify = Callable[[AppealRecord, Any], list[Event]]
M = MESSAGES
_NOTICES: dict[type[ev.AppealEvent], Notify] = {
    ev.AppealRegistered: lambda a, e: _notice(
        a, a.citizen_id, "appeal.registered", M["appeals.notice.registered"], registered_on=a.registered_on.isoformat()
    ),
    ev.AppealAssigned: lambda a, e: _notice(
        a, e.assignee_id, "appeal.assigned", M["appeals.notice.assigned"], priority="high"
    ),
    ev.AppealInformationRequested: lambda a, e: _notice(
        a, a.citizen_id, "appeal.info_requested", M["appeals.notice.info_requested"], priority="high"
    ),
    ev.AppealInformationProvided: lambda a, e: _notice(
        a, e.assignee_id, "appeal.info_provided", M["appeals.notice.message"]
    ),
    ev.AppealClarificationRequested: lambda a, e: _notice(
        a, e.assignee_id, "appeal.clarification_requested", M["appeals.notice.message"]
    ),
    ev.AppealDeadlineExtended: lambda a, e: _notice(
        a, a.citizen_id, "appeal.deadline_extended", M["appeals.notice.deadline_extended"]
    ),
    ev.AppealAnswered: lambda a, e: _notice(
        a, a.citizen_id, "appeal.answered", M["appeals.notice.answered"], priority="high"
    ),
    ev.AppealRated: lambda a, e: (
        []
        if e.satisfied
        else _notice(a, a.citizen_id, "appeal.escalation_offered", M["appeals.notice.escalation_offered"])
    ),
    ev.AppealEscalated: lambda a, e: _notice(
        a, e.to_official_id, "appeal.escalated", M["appeals.notice.escalated"], priority="high"
    ),
    ev.AppealForwarded: lambda a, e: _notice(
        a, a.citizen_id, "appeal.forwarded", M["appeals.notice.forwarded"], body=_body_name(e.body_code)
    ),
    ev.AppealMessagePosted: lambda a, e: _notice(
        a, e.recipient_id, "appeal.message", M["appeals.notice.message"], priority="high"
    ),
    ev.AppealDuplicateMerged: lambda a, e: _notice(
        a, a.citizen_id, "appeal.duplicate_merged", M["appeals.notice.duplicate_merged"]
    ),
    ev.AppealDeadlineApproaching: lambda a, e: _notice(
        a, e.assignee_id, "appeal.reminder", M["appeals.notice.reminder"], days_left=e.days_before
    ),
    ev.AppealDeadlineBreached: lambda a, e: [
        *_notice(a, e.supervisor_id, "appeal.breached", M["appeals.notice.breached"], priority="high"),
        *_notice(a, e.assignee_id, "appeal.breached", M["appeals.notice.breached"], priority="high"),
    ],
}


def _body_name(code: str) -> Text | str:
    body = STATE_BODIES_BY_CODE.get(code)
    return body.name if body else code


def _without_answer(appeal: AppealRecord, event: Any) -> list[Event]:
    reason = MESSAGES.get(f"appeals.reason.{event.reason_code}", event.reason_code)
    return _notice(
        appeal,
        appeal.citizen_id,
        "appeal.ended",
        MESSAGES["appeals.notice.closed_without_answer"],
        state=MESSAGES[f"appeals.state.{appeal.state.value}"],
        reason=reason,
    )


def outgoing(appeal: AppealRecord, events: Sequence[ev.AppealEvent]) -> list[Event]:
    """The facts and notifications for the events `appeal` just recorded, in order."""
    out: list[Event] = []
    for event in events:
        out.append(_fact(appeal, event))
        if isinstance(event, _WITHOUT_ANSWER):
            out.extend(_without_answer(appeal, event))
        elif type(event) in _NOTICES:
            out.extend(_NOTICES[type(event)](appeal, event))
    return out


def tip_outgoing(tip: Tip, events: Sequence[ev.TipEvent], inspector_ids: Sequence[str]) -> list[Event]:
    out: list[Event] = []
    for event in events:
        if isinstance(event, ev.TipReceived):
            out.append(
                contracts.TipReceivedV1(
                    subject=tip.id,
                    category=event.category,
                    mahalla_code=event.mahalla_code,
                    occurred_at=event.occurred_at,
                )
            )
            out.extend(
                NotificationRequestedV1(
                    subject=official,
                    kind="tip.received",
                    title=LocalisedText.of(MESSAGES["appeals.notice.tip_title"]),
                    body=LocalisedText.of(MESSAGES["appeals.notice.new_tip"]),
                    data={"tip_id": tip.id},
                )
                for official in inspector_ids
            )
        else:
            out.append(contracts.TipReviewedV1(subject=tip.id, occurred_at=event.occurred_at))
    return out
