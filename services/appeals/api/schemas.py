"""What the HTTP API reads and returns: request bodies, and the public shapes of appeals (a stored
document is never returned as is; identity and location are shown only to those the law allows)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from services.appeals.domain.documents import encode
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import MESSAGE_MAX_LENGTH, AnswerDraft, AnswerOutcome, PointResponse
from services.appeals.domain.tips import Tip
from services.appeals.handlers.access import actor_of
from services.appeals.messages import MESSAGES
from shared.auth import Principal
from shared.i18n import Language

# --- requests --------------------------------------------------------------------------------------------


class TextBody(BaseModel):
    text: str = Field(max_length=MESSAGE_MAX_LENGTH * 2)


class QuestionBody(BaseModel):
    question: str = Field(max_length=MESSAGE_MAX_LENGTH * 2)


class ReasonBody(BaseModel):
    reason: str = Field("", max_length=MESSAGE_MAX_LENGTH * 2)


class ReasonCodeBody(BaseModel):
    reason_code: str = Field(max_length=100)
    reason: str = Field(max_length=MESSAGE_MAX_LENGTH * 2)


class ExtensionBody(BaseModel):
    reason: str = Field(max_length=MESSAGE_MAX_LENGTH * 2)
    new_due_on: date | None = Field(
        None, description="The new last day; at most one month later. Default: the maximum."
    )


class ForwardBody(BaseModel):
    body_code: str = Field(max_length=100, description="A code from GET /v1/state-bodies.")
    reason: str = Field(max_length=MESSAGE_MAX_LENGTH * 2)


class ReassignmentBody(BaseModel):
    assignee_id: str = Field(min_length=1, max_length=100, description="An official who serves the appeal's mahalla.")
    reason: str = Field(max_length=MESSAGE_MAX_LENGTH * 2, description="Why (e.g. the inspector is on leave).")


class RatingBody(BaseModel):
    satisfied: bool
    escalate: bool = Field(True, description="When not satisfied: take the appeal to the higher official now.")


class PointAnswer(BaseModel):
    point: int = Field(ge=1)
    response: str = Field(max_length=MESSAGE_MAX_LENGTH * 4)


class AnswerBody(BaseModel):
    responses: list[PointAnswer] = Field(max_length=40)
    legal_basis: str = Field(max_length=MESSAGE_MAX_LENGTH * 2)
    how_to_appeal: str = Field(max_length=MESSAGE_MAX_LENGTH * 2)
    outcome: AnswerOutcome

    def draft(self) -> AnswerDraft:
        return AnswerDraft(
            responses=tuple(PointResponse(r.point, r.response) for r in self.responses),
            legal_basis=self.legal_basis, how_to_appeal=self.how_to_appeal, outcome=self.outcome,
        )  # fmt: skip


# --- responses -------------------------------------------------------------------------------------------


class AppealPublic(BaseModel):
    id: str
    number: str
    kind: str
    category: str
    state: str
    state_name: str
    text: str
    points: list[dict[str, Any]]
    received_at: datetime
    registered_on: date
    due_on: date
    overdue: bool
    round: int
    extensions_used: int
    assignee_id: str | None
    assignee_level: str | None
    supervisor_id: str | None
    citizen_id: str | None = Field(description="Hidden from officials the citizen asked not to be shown to.")
    do_not_disclose: bool
    location: dict[str, float] | None
    photos: list[str] = Field(description="Paths of the photos (never in public listings).")
    answer: dict[str, Any] | None
    previous_answers: list[dict[str, Any]]
    rating: dict[str, Any] | None
    forwarded_to: str | None
    closing_reason_code: str | None
    thread: list[dict[str, Any]]
    additions: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    merged: bool = False

    @classmethod
    def of(cls, appeal: Appeal, viewer: Principal, language: Language, *, now: datetime,
           merged: bool = False) -> AppealPublic:  # fmt: skip
        identity = appeal.may_see_identity(actor_of(viewer))
        photos = [*appeal.photos, *(p for addition in appeal.additions for p in addition.photos)]
        return cls(
            id=appeal.id, number=appeal.number, kind=appeal.kind.value, category=appeal.category,
            state=appeal.state.value, state_name=MESSAGES[f"appeals.state.{appeal.state.value}"].in_language(language),
            text=appeal.text, points=encode(appeal.points), received_at=appeal.received_at,
            registered_on=appeal.registered_on, due_on=appeal.due_on, overdue=appeal.is_overdue(now),
            round=appeal.round, extensions_used=appeal.extensions_used, assignee_id=appeal.assignee_id,
            assignee_level=appeal.assignee_level.value if appeal.assignee_level else None,
            supervisor_id=appeal.supervisor_id, citizen_id=appeal.citizen_id if identity else None,
            do_not_disclose=appeal.do_not_disclose,
            location={"lat": appeal.location.lat, "lon": appeal.location.lon} if appeal.location and identity else None,
            photos=[f"/v1/appeals/{appeal.id}/photos/{photo.storage_key}" for photo in photos],
            answer=encode(appeal.current_answer), previous_answers=encode(appeal.previous_answers),
            rating=encode(appeal.rating), forwarded_to=appeal.forwarded_to,
            closing_reason_code=appeal.closing_reason_code, thread=encode(appeal.thread),
            additions=[{**encode(a), "photos": len(a.photos)} for a in appeal.additions],
            timeline=encode(appeal.timeline), merged=merged,
        )  # fmt: skip


class TipPublic(BaseModel):
    id: str
    tip: bool = True
    category: str
    mahalla_code: str
    text: str
    received_at: datetime
    state: str
    notice: str

    @classmethod
    def of(cls, tip: Tip, language: Language) -> TipPublic:
        return cls(id=tip.id, category=tip.category, mahalla_code=tip.mahalla_code, text=tip.text,
                   received_at=tip.received_at, state=tip.state.value,
                   notice=MESSAGES["appeals.notice.tip_received"].in_language(language))  # fmt: skip
