"""Domain events the aggregates record; the outbox relay maps them to `shared/events/appeals.py` contracts.

They carry ids, codes and dates — never a name, a phone, an appeal's text or an exact location — because
`appeals.*` goes to analysts. `citizen_id` is the opaque account id the ratings service needs.
`version` is the aggregate's version after the change: a consumer's idempotency and ordering key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar


@dataclass(frozen=True, kw_only=True)
class AppealEvent:
    type: ClassVar[str] = "appeal.event"
    appeal_id: str
    occurred_at: datetime
    version: int


@dataclass(frozen=True, kw_only=True)
class AppealRegistered(AppealEvent):
    type: ClassVar[str] = "appeal.registered"
    number: str
    kind: str
    category: str
    mahalla_code: str
    citizen_id: str
    registered_on: date
    due_on: date
    do_not_disclose: bool
    photo_count: int
    has_location: bool


@dataclass(frozen=True, kw_only=True)
class AppealAssigned(AppealEvent):
    type: ClassVar[str] = "appeal.assigned"
    assignee_id: str
    level: str
    reason: str
    mahalla_code: str
    previous_assignee_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class AppealReviewStarted(AppealEvent):
    type: ClassVar[str] = "appeal.review_started"
    assignee_id: str


@dataclass(frozen=True, kw_only=True)
class AppealInformationRequested(AppealEvent):
    type: ClassVar[str] = "appeal.information_requested"
    official_id: str


@dataclass(frozen=True, kw_only=True)
class AppealInformationProvided(AppealEvent):
    type: ClassVar[str] = "appeal.information_provided"
    assignee_id: str | None


@dataclass(frozen=True, kw_only=True)
class AppealDeadlineExtended(AppealEvent):
    """The citizen must be told (Art. 28)."""

    type: ClassVar[str] = "appeal.deadline_extended"
    previous_due_on: date
    due_on: date
    cause: str  # "extra_study" or "extension"


@dataclass(frozen=True, kw_only=True)
class AppealAnswered(AppealEvent):
    type: ClassVar[str] = "appeal.answered"
    official_id: str
    outcome: str
    round: int
    late: bool


@dataclass(frozen=True, kw_only=True)
class AppealClarificationRequested(AppealEvent):
    type: ClassVar[str] = "appeal.clarification_requested"
    assignee_id: str | None
    due_on: date
    round: int


@dataclass(frozen=True, kw_only=True)
class AppealRated(AppealEvent):
    type: ClassVar[str] = "appeal.rated"
    citizen_id: str
    official_id: str | None
    satisfied: bool
    escalation_offered: bool


@dataclass(frozen=True, kw_only=True)
class AppealClosed(AppealEvent):
    type: ClassVar[str] = "appeal.closed"
    citizen_id: str
    official_id: str | None
    outcome: str | None
    satisfied: bool | None  # the citizen's rating, if he gave one


@dataclass(frozen=True, kw_only=True)
class AppealEscalated(AppealEvent):
    type: ClassVar[str] = "appeal.escalated"
    from_official_id: str | None
    to_official_id: str
    level: str
    due_on: date
    round: int


@dataclass(frozen=True, kw_only=True)
class AppealForwarded(AppealEvent):
    """Forwarded to the competent body (Art. 25); the citizen must be told."""

    type: ClassVar[str] = "appeal.forwarded"
    body_code: str
    personal_data_shared: bool


@dataclass(frozen=True, kw_only=True)
class AppealReturned(AppealEvent):
    type: ClassVar[str] = "appeal.returned"
    reason_code: str


@dataclass(frozen=True, kw_only=True)
class AppealNotConsidered(AppealEvent):
    type: ClassVar[str] = "appeal.not_considered"
    reason_code: str


@dataclass(frozen=True, kw_only=True)
class AppealTerminated(AppealEvent):
    type: ClassVar[str] = "appeal.terminated"
    reason_code: str


@dataclass(frozen=True, kw_only=True)
class AppealWithdrawn(AppealEvent):
    type: ClassVar[str] = "appeal.withdrawn"


@dataclass(frozen=True, kw_only=True)
class AppealMessagePosted(AppealEvent):
    """A thread message: notify the other side in real time (the text stays in the appeal)."""

    type: ClassVar[str] = "appeal.message_posted"
    message_number: int
    author_role: str
    recipient_id: str | None  # the citizen, or the assignee; None while nobody is assigned


@dataclass(frozen=True, kw_only=True)
class AppealEvidenceAdded(AppealEvent):
    type: ClassVar[str] = "appeal.evidence_added"
    photo_count: int


@dataclass(frozen=True, kw_only=True)
class AppealDuplicateMerged(AppealEvent):
    """A repeated submission joined this open appeal; the citizen is told which one."""

    type: ClassVar[str] = "appeal.duplicate_merged"
    citizen_id: str
    photo_count: int


@dataclass(frozen=True, kw_only=True)
class AppealDeadlineApproaching(AppealEvent):
    type: ClassVar[str] = "appeal.deadline_approaching"
    assignee_id: str | None
    days_before: int
    due_on: date


@dataclass(frozen=True, kw_only=True)
class AppealDeadlineBreached(AppealEvent):
    """The deadline passed without an answer: the supervisor (sector head) now oversees the appeal."""

    type: ClassVar[str] = "appeal.deadline_breached"
    assignee_id: str | None
    supervisor_id: str | None
    due_on: date


@dataclass(frozen=True, kw_only=True)
class TipEvent:
    type: ClassVar[str] = "tip.event"
    tip_id: str
    occurred_at: datetime
    version: int


@dataclass(frozen=True, kw_only=True)
class TipReceived(TipEvent):
    """An anonymous tip (Art. 29): not an appeal, no deadline, never in appeal statistics."""

    type: ClassVar[str] = "tip.received"
    category: str
    mahalla_code: str


@dataclass(frozen=True, kw_only=True)
class TipReviewed(TipEvent):
    type: ClassVar[str] = "tip.reviewed"
    official_id: str


EVENT_TYPES: dict[str, type[AppealEvent] | type[TipEvent]] = {
    cls.type: cls
    for cls in (
        AppealRegistered, AppealAssigned, AppealReviewStarted, AppealInformationRequested,
        AppealInformationProvided, AppealDeadlineExtended, AppealAnswered, AppealClarificationRequested,
        AppealRated, AppealClosed, AppealEscalated, AppealForwarded, AppealReturned, AppealNotConsidered,
        AppealTerminated, AppealWithdrawn, AppealMessagePosted, AppealEvidenceAdded, AppealDuplicateMerged,
        AppealDeadlineApproaching, AppealDeadlineBreached, TipReceived, TipReviewed,
    )
}  # fmt: skip
