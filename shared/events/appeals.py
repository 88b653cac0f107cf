"""Contracts of `appeals.v1`, produced by the appeals service, keyed by appeal id (tips by tip id).

Read by the ratings service and analysts, so they carry no personal data: opaque ids, the kind and
category, the state, the mahalla code (a territory, never an address), dates and counts — never a name,
a phone, an appeal's text, a photo or a location. `appeal_version` is the appeal's version after the change:
a consumer's ordering key. What a person is told travels as `NotificationRequestedV1`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from shared.events.envelope import Event
from shared.events.registry import APPEALS

AppealKindName = Literal["application", "complaint", "proposal"]


class _AppealFact(Event):
    topic = APPEALS.name
    source = "/appeals"

    appeal_version: int = Field(description="The appeal's version after this change.")
    occurred_at: datetime = Field(description="When it happened, UTC.")
    kind: AppealKindName
    category: str = Field(description="The category code (the Open311 service_code).")
    state: str = Field(description="The appeal's state after the change.")
    mahalla_code: str = Field(description="The mahalla handling the appeal (12-digit code).")


class AppealRegisteredV1(_AppealFact):
    """An appeal arrived and was registered (Art. 23)."""

    event_type = "uz.smartmahalla.appeals.registered.v1"
    citizen_id: str = Field(description="The author's opaque account id.")
    registered_on: date
    due_on: date
    photo_count: int
    has_location: bool


class AppealAssignedV1(_AppealFact):
    """Routed (or re-routed) to an official; the reason is a routing reason code."""

    event_type = "uz.smartmahalla.appeals.assigned.v1"
    assignee_id: str
    level: str = Field(description="inspector, sector_head, district or above_district.")
    reason: str
    previous_assignee_id: str | None = None


class AppealStepRecordedV1(_AppealFact):
    """A step without an outcome: review started, information requested or provided, a thread message,
    evidence added, a duplicate merged, a clarification asked, a reminder sent."""

    event_type = "uz.smartmahalla.appeals.step_recorded.v1"
    step: str = Field(description="The domain step, e.g. `appeal.review_started`.")
    official_id: str | None = None


class AppealDeadlineChangedV1(_AppealFact):
    """The deadline moved: extra study or the one extension (Art. 28)."""

    event_type = "uz.smartmahalla.appeals.deadline_changed.v1"
    previous_due_on: date
    due_on: date
    cause: Literal["extra_study", "extension"]


class AppealDeadlineBreachedV1(_AppealFact):
    event_type = "uz.smartmahalla.appeals.deadline_breached.v1"
    assignee_id: str | None
    supervisor_id: str | None
    due_on: date


class AppealAnsweredV1(_AppealFact):
    event_type = "uz.smartmahalla.appeals.answered.v1"
    official_id: str
    outcome: str = Field(description="satisfied, partially_satisfied, refused or explained.")
    round: int
    late: bool


class AppealRatedV1(_AppealFact):
    """The citizen rated the answer; counts in the answering official's performance."""

    event_type = "uz.smartmahalla.appeals.rated.v1"
    citizen_id: str
    official_id: str | None
    satisfied: bool


class AppealEscalatedV1(_AppealFact):
    event_type = "uz.smartmahalla.appeals.escalated.v1"
    from_official_id: str | None
    to_official_id: str
    level: str
    due_on: date


class AppealEndedV1(_AppealFact):
    """Closed after an answer, or ended without one (forwarded, returned, not considered, terminated,
    withdrawn) with its legal reason code."""

    event_type = "uz.smartmahalla.appeals.ended.v1"
    official_id: str | None = None
    outcome: str | None = None
    satisfied: bool | None = None
    reason_code: str | None = None
    body_code: str | None = Field(None, description="The state body it was forwarded to.")


class TipReceivedV1(Event):
    """An anonymous tip (Art. 29): not an appeal, outside appeal statistics (subject: tip id)."""

    topic = APPEALS.name
    source = "/appeals"
    event_type = "uz.smartmahalla.appeals.tip_received.v1"
    category: str
    mahalla_code: str
    occurred_at: datetime


class TipReviewedV1(Event):
    """An official read a tip and noted what he did (subject: tip id)."""

    topic = APPEALS.name
    source = "/appeals"
    event_type = "uz.smartmahalla.appeals.tip_reviewed.v1"
    occurred_at: datetime
