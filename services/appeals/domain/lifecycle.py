"""The `Appeal` aggregate: one document holding the appeal, its timeline, its thread and its outbox.

Every command checks who acts and whether the transition table allows it from the current state, then
validates its input, and only then changes anything — a refused command leaves the appeal untouched.
A change bumps `version`, adds a timeline entry (who, when, what, why) and records an event in `outbox`;
nothing is published from here. Timer commands (`remind`, `mark_breached`) are idempotent and answer
False instead of raising, because a timer may fire twice or late.

A *round* is one consideration with its own deadline: the first, then one more each time the citizen
asks for a clarification of the answer or escalates after rating it "not satisfied".
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from services.appeals.domain import deadlines
from services.appeals.domain import events as ev
from services.appeals.domain.aggregate import utc
from services.appeals.domain.assignment import AssignableAppeal
from services.appeals.domain.categories import AppealKind, Category
from services.appeals.domain.deadlines import DEFAULT_CALENDAR, WorkingCalendar
from services.appeals.domain.errors import (
    AlreadyRated,
    AnswerHowToAppealMissing,
    AnswerLegalBasisMissing,
    AnswerMissingPoints,
    AnswerUnknownPoints,
    DeadlinePassed,
    EscalationUnavailable,
    ExtraStudyNotApplicable,
    OfficialExcluded,
    UnknownCategory,
)
from services.appeals.domain.numbering import parse_appeal_number
from services.appeals.domain.records import (
    MESSAGE_MAX_LENGTH,
    SYSTEM,
    Actor,
    AdditionKind,
    Answer,
    AnswerDraft,
    Location,
    Photo,
    Rating,
    Role,
    ThreadMessage,
    checked_photos,
    checked_points,
    checked_reason,
    checked_text,
)
from services.appeals.domain.routing import LEVEL_RANK, RoutingDecision
from services.appeals.domain.states import (
    Action,
    AppealState,
)


class Appeal(AssignableAppeal):
    """An appeal and everything that may happen to it; see `states.TRANSITIONS`."""

    # --- registration ------------------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        *,
        appeal_id: str,
        number: str,
        citizen_id: str,
        kind: AppealKind,
        category: Category,
        text: str,
        mahalla_code: str,
        received_at: datetime,
        points: tuple[str, ...] = (),
        location: Location | None = None,
        location_mahalla_code: str | None = None,
        photos: tuple[Photo, ...] = (),
        do_not_disclose: bool = False,
        named_official_ids: tuple[str, ...] = (),
        calendar: WorkingCalendar = DEFAULT_CALENDAR,
    ) -> Appeal:
        """Register an appeal the day it arrives (Art. 23); only malformed input is refused."""
        if not category.active:
            raise UnknownCategory(category=category.code)
        parse_appeal_number(number)
        body = checked_text(text)
        received = utc(received_at)
        registered_on = deadlines.registration_date(received, calendar)
        appeal = cls(
            id=appeal_id,
            number=number,
            citizen_id=citizen_id,
            kind=kind,
            category=category.code,
            text=body,
            points=checked_points(body, tuple(points)),
            mahalla_code=mahalla_code,
            received_at=received,
            registered_on=registered_on,
            round_started_on=registered_on,
            due_on=deadlines.deadline_for(kind, registered_on, False, calendar),
            location=location,
            location_mahalla_code=location_mahalla_code,
            photos=checked_photos(tuple(photos)),
            do_not_disclose=do_not_disclose,
            named_official_ids=tuple(dict.fromkeys(named_official_ids)),
        )
        appeal._advance(Action.REGISTER, Actor(citizen_id, Role.CITIZEN), received)
        appeal._emit(
            ev.AppealRegistered,
            received,
            number=number,
            kind=kind.value,
            category=category.code,
            mahalla_code=mahalla_code,
            citizen_id=citizen_id,
            registered_on=registered_on,
            due_on=appeal.due_on,
            do_not_disclose=do_not_disclose,
            photo_count=len(appeal.photos),
            has_location=location is not None,
        )
        return appeal

    # --- review -------------------------------------------------------------------------------------

    def start_review(self, *, by: Actor, at: datetime) -> None:
        self._check(Action.START_REVIEW, by)
        self._advance(Action.START_REVIEW, by, at)
        self._emit(ev.AppealReviewStarted, at, assignee_id=by.id)

    def request_information(self, question: str, *, by: Actor, at: datetime) -> None:
        self._check(Action.REQUEST_INFORMATION, by)
        asked = checked_text(question, MESSAGE_MAX_LENGTH)
        self._append_message(asked, by, at)
        self._advance(Action.REQUEST_INFORMATION, by, at, reason=asked)
        self._emit(ev.AppealInformationRequested, at, official_id=by.id)

    def provide_information(self, text: str = "", photos: tuple[Photo, ...] = (), *, by: Actor, at: datetime) -> None:
        self._check(Action.PROVIDE_INFORMATION, by)
        addition = self._addition(AdditionKind.INFORMATION, text, photos, at)
        self.additions.append(addition)
        if addition.text is not None:  # the reply belongs to the conversation the question started
            self._append_message(addition.text, by, at)
        self._advance(Action.PROVIDE_INFORMATION, by, at, photo_count=len(addition.photos))
        self._emit(ev.AppealInformationProvided, at, assignee_id=self.assignee_id)

    def require_extra_study(
        self, reason: str, *, by: Actor, at: datetime, calendar: WorkingCalendar = DEFAULT_CALENDAR
    ) -> None:
        """Extra study needed: the deadline becomes one month from the round's start (Art. 28)."""
        self._check(Action.REQUIRE_EXTRA_STUDY, by)
        why = checked_reason(reason)
        if self.kind is AppealKind.PROPOSAL or self.extra_study:
            raise ExtraStudyNotApplicable()
        self._refuse_if_breached(at)
        new_due = deadlines.deadline_for(self.kind, self.round_started_on, True, calendar)
        if new_due <= self.due_on:
            raise ExtraStudyNotApplicable()
        self.extra_study = True
        self._move_deadline(new_due, "extra_study", Action.REQUIRE_EXTRA_STUDY, why, by, at)

    def extend_deadline(
        self,
        reason: str,
        new_due: date | None = None,
        *,
        by: Actor,
        at: datetime,
        calendar: WorkingCalendar = DEFAULT_CALENDAR,
    ) -> None:
        """The head's one extension of at most one month, with a reason; the citizen is told (Art. 28)."""
        self._check(Action.EXTEND_DEADLINE, by)
        why = checked_reason(reason)
        chosen = deadlines.extended_deadline(
            self.due_on, extensions_used=self.extensions_used, reason=why, new_due=new_due, calendar=calendar
        )
        self._refuse_if_breached(at)
        self.extensions_used += 1
        self._move_deadline(chosen, "extension", Action.EXTEND_DEADLINE, why, by, at)

    def _refuse_if_breached(self, at: datetime) -> None:
        if deadlines.is_breached(self.due_on, utc(at)):
            raise DeadlinePassed(due_on=self.due_on.isoformat())

    def _move_deadline(self, new_due: date, cause: str, action: Action, why: str, by: Actor, at: datetime) -> None:
        previous, self.due_on, self.reminders_sent = self.due_on, new_due, ()
        self._advance(action, by, at, reason=why, previous_due_on=previous.isoformat(), due_on=new_due.isoformat())
        self._emit(ev.AppealDeadlineExtended, at, previous_due_on=previous, due_on=new_due, cause=cause)

    def answer(self, draft: AnswerDraft, *, by: Actor, at: datetime) -> None:
        """The answer addresses every point, gives its legal grounds and how to appeal (Arts. 27, 33)."""
        self._check(Action.ANSWER, by)
        expected = {point.number for point in self.points}
        given = [r.point for r in draft.responses if r.response.strip()]
        unknown = sorted({n for n in given if n not in expected} | {n for n in given if given.count(n) > 1})
        if unknown:
            raise AnswerUnknownPoints(points=", ".join(map(str, unknown)))
        missing = sorted(expected - set(given))
        if missing:
            raise AnswerMissingPoints(points=", ".join(map(str, missing)))
        for response in draft.responses:
            checked_text(response.response)
        if not draft.legal_basis.strip():
            raise AnswerLegalBasisMissing()
        if not draft.how_to_appeal.strip():
            raise AnswerHowToAppealMissing()
        moment = utc(at)
        late = deadlines.is_breached(self.due_on, moment)
        self.current_answer = Answer(
            responses=tuple(sorted(draft.responses, key=lambda r: r.point)),
            legal_basis=checked_text(draft.legal_basis),
            how_to_appeal=checked_text(draft.how_to_appeal),
            outcome=draft.outcome,
            official_id=by.id,
            answered_at=moment,
            round=self.round,
        )
        self.first_answered_at = self.first_answered_at or moment
        self.ever_breached = self.ever_breached or late
        self._advance(Action.ANSWER, by, at, reason=draft.outcome.value, late=late)
        self._emit(ev.AppealAnswered, at, official_id=by.id, outcome=draft.outcome.value, round=self.round, late=late)

    # --- after the answer -----------------------------------------------------------------------------

    def request_clarification(
        self, question: str, *, by: Actor, at: datetime, calendar: WorkingCalendar = DEFAULT_CALENDAR
    ) -> None:
        """The citizen asks to clarify the answer: a new round with its own 15 days."""
        self._check(Action.REQUEST_CLARIFICATION, by)
        asked = checked_text(question, MESSAGE_MAX_LENGTH)
        self._append_message(asked, by, at)
        self._new_round(AppealKind.APPLICATION, at, calendar)
        self._advance(Action.REQUEST_CLARIFICATION, by, at, reason=asked, due_on=self.due_on.isoformat())
        self._emit(
            ev.AppealClarificationRequested, at, assignee_id=self.assignee_id, due_on=self.due_on, round=self.round
        )

    def rate(self, satisfied: bool, *, by: Actor, at: datetime) -> None:
        """The citizen rates the resolution; "not satisfied" offers escalation to the higher official and
        counts in the answering official's performance."""
        self._check(Action.RATE, by)
        if self.rating is not None or self.current_answer is None:
            raise AlreadyRated()
        was = self.state
        official = self.current_answer.official_id
        self.ratings.append(Rating(satisfied=satisfied, official_id=official, at=utc(at), round=self.round))
        self._advance(Action.RATE, by, at, satisfied=satisfied)
        self._emit(
            ev.AppealRated,
            at,
            citizen_id=self.citizen_id,
            official_id=official,
            satisfied=satisfied,
            escalation_offered=not satisfied,
        )
        if was is AppealState.ANSWERED:
            self._emit_closed(at)

    def close(self, *, by: Actor, at: datetime) -> None:
        """Close an answered appeal the citizen did not rate in time (he may still rate it later)."""
        self._check(Action.CLOSE, by)
        self._advance(Action.CLOSE, by, at)
        self._emit_closed(at)

    def _emit_closed(self, at: datetime) -> None:
        rating = self.rating
        self._emit(
            ev.AppealClosed,
            at,
            citizen_id=self.citizen_id,
            official_id=self.current_answer.official_id if self.current_answer else None,
            outcome=self.current_answer.outcome.value if self.current_answer else None,
            satisfied=rating.satisfied if rating else None,
        )

    def escalate(
        self,
        decision: RoutingDecision,
        *,
        by: Actor,
        at: datetime,
        calendar: WorkingCalendar = DEFAULT_CALENDAR,
    ) -> None:
        """After "not satisfied", the citizen takes it to the higher official: a complaint, 15 days."""
        self._check(Action.ESCALATE, by)
        rating = self.rating
        if rating is None or rating.satisfied:
            raise EscalationUnavailable()
        current = LEVEL_RANK[self.assignee_level] if self.assignee_level else 0
        if LEVEL_RANK[decision.level] <= current:
            raise EscalationUnavailable()
        excluded = set(self.excluded_official_ids) | decision.excluded_ids | set(self.named_official_ids)
        if decision.assignee_id in excluded or decision.assignee_id == self.assignee_id:
            raise OfficialExcluded()
        previous = self.assignee_id
        self._new_round(AppealKind.COMPLAINT, at, calendar)
        self.escalations += 1
        self.min_level = decision.level
        self.assignee_id, self.assignee_level = decision.assignee_id, decision.level
        self.handling_mahalla_code = decision.mahalla_code
        self.excluded_official_ids = tuple(sorted(excluded))
        self._advance(
            Action.ESCALATE,
            by,
            at,
            reason=decision.reason.value,
            assignee_id=decision.assignee_id,
            level=decision.level.value,
            due_on=self.due_on.isoformat(),
        )
        self._emit(
            ev.AppealEscalated,
            at,
            from_official_id=previous,
            to_official_id=decision.assignee_id,
            level=decision.level.value,
            due_on=self.due_on,
            round=self.round,
        )

    # --- conversation, additions, duplicates ----------------------------------------------------------

    def post_message(self, text: str, *, by: Actor, at: datetime) -> ThreadMessage:
        """A message in the appeal's thread; the other side is notified in real time."""
        self._check(Action.POST_MESSAGE, by)
        message = self._append_message(checked_text(text, MESSAGE_MAX_LENGTH), by, at)
        self.version += 1
        recipient = self.assignee_id if by.role is Role.CITIZEN else self.citizen_id
        self._emit(
            ev.AppealMessagePosted, at, message_number=message.number, author_role=by.role.value, recipient_id=recipient
        )
        return message

    def add_evidence(self, text: str = "", photos: tuple[Photo, ...] = (), *, by: Actor, at: datetime) -> None:
        """The citizen adds explanations or documents while the appeal is reviewed (Art. 32)."""
        self._check(Action.ADD_EVIDENCE, by)
        addition = self._addition(AdditionKind.EVIDENCE, text, photos, at)
        self.additions.append(addition)
        self._advance(Action.ADD_EVIDENCE, by, at, photo_count=len(addition.photos))
        self._emit(ev.AppealEvidenceAdded, at, photo_count=len(addition.photos))

    def merge_duplicate(self, text: str, photos: tuple[Photo, ...] = (), *, at: datetime) -> None:
        """A repeated submission of the same citizen joins this open appeal instead of opening another."""
        by = SYSTEM
        self._check(Action.MERGE_DUPLICATE, by)
        addition = self._addition(AdditionKind.DUPLICATE, text, photos, at)
        self.additions.append(addition)
        self._advance(Action.MERGE_DUPLICATE, by, at, photo_count=len(addition.photos))
        self._emit(ev.AppealDuplicateMerged, at, citizen_id=self.citizen_id, photo_count=len(addition.photos))

    def forget_citizen(self, pseudonym: str, *, at: datetime) -> None:
        """The author deleted his account. The appeal stays on record and under review, but nothing in it
        names his account any more: his id becomes `pseudonym` (random, linked to nothing), in the
        thread and the timeline too, and his personal data is treated as not to be disclosed."""
        by = SYSTEM
        self._check(Action.FORGET_CITIZEN, by)
        former = self.citizen_id
        self.citizen_id = pseudonym
        self.do_not_disclose = True
        self.thread = [
            dataclasses.replace(message, author_id=pseudonym) if message.author_id == former else message
            for message in self.thread
        ]
        self.timeline = [
            dataclasses.replace(entry, actor_id=pseudonym) if entry.actor_id == former else entry
            for entry in self.timeline
        ]
        self._advance(Action.FORGET_CITIZEN, by, at)
