"""The appeal's data and the machinery every command uses: who may act, the timeline, the outbox, timers.

`AppealRecord` is what is stored (one document, see `documents.py`); `lifecycle.Appeal` adds the
commands. Split so that neither file grows past what one reads in a sitting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from services.appeals.domain import deadlines
from services.appeals.domain import events as ev
from services.appeals.domain.categories import AppealKind
from services.appeals.domain.deadlines import DEFAULT_CALENDAR, WorkingCalendar
from services.appeals.domain.errors import (
    EmptyText,
    IllegalTransition,
    NotYourAppeal,
    OfficialExcluded,
    RoleNotAllowed,
)
from services.appeals.domain.events import AppealEvent
from services.appeals.domain.records import (
    SUPERVISOR_ROLES,
    SYSTEM,
    Actor,
    Addition,
    AdditionKind,
    Answer,
    AppealPoint,
    Location,
    Photo,
    Rating,
    Role,
    ThreadMessage,
    TimelineEntry,
    checked_photos,
    checked_text,
)
from services.appeals.domain.routing import Level, RoutingDecision, RoutingRequest
from services.appeals.domain.states import FINAL_STATES, REVIEW_STATES, TRANSITIONS, Action, AppealState, Party


def utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime reached the appeals domain; pass an aware one (UTC)")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class ScheduledTimer:
    """A durable timer the service should hold for this appeal; `key` changes when the deadline does."""

    key: str
    at: datetime
    action: Action
    days_before: int | None = None


@dataclass(eq=False)
class AppealRecord:
    id: str
    number: str
    citizen_id: str
    kind: AppealKind
    category: str
    text: str
    points: tuple[AppealPoint, ...]
    mahalla_code: str  # the citizen's mahalla
    received_at: datetime
    registered_on: date
    due_on: date
    round_started_on: date
    state: AppealState = AppealState.REGISTERED
    location: Location | None = None
    location_mahalla_code: str | None = None
    photos: tuple[Photo, ...] = ()
    do_not_disclose: bool = False  # Art. 19: no disclosure of his personal data without consent
    named_official_ids: tuple[str, ...] = ()  # officials the appeal complains about
    round: int = 1
    extra_study: bool = False
    extensions_used: int = 0
    reminders_sent: tuple[int, ...] = ()
    breached_at: datetime | None = None
    ever_breached: bool = False
    assignee_id: str | None = None
    assignee_level: Level | None = None
    handling_mahalla_code: str | None = None
    excluded_official_ids: tuple[str, ...] = ()
    min_level: Level = Level.INSPECTOR
    supervisor_id: str | None = None
    current_answer: Answer | None = None
    previous_answers: list[Answer] = field(default_factory=list)
    first_answered_at: datetime | None = None
    ratings: list[Rating] = field(default_factory=list)
    escalations: int = 0
    forwarded_to: str | None = None
    closing_reason_code: str | None = None
    thread: list[ThreadMessage] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    version: int = 0
    outbox: list[AppealEvent] = field(default_factory=list)

    # --- queries ------------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Still under review: duplicates merge into it and its clock runs."""
        return self.state in REVIEW_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def breach_moment(self) -> datetime:
        return deadlines.breach_at(self.due_on)

    @property
    def rating(self) -> Rating | None:
        """The citizen's rating of the current round's answer."""
        last = self.ratings[-1] if self.ratings else None
        return last if last is not None and last.round == self.round else None

    @property
    def territory_code(self) -> str:
        """The mahalla the appeal is handled in, for work queues and statistics."""
        return self.handling_mahalla_code or self.mahalla_code

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and deadlines.is_breached(self.due_on, now)

    def routing_request(self) -> RoutingRequest:
        return RoutingRequest(
            citizen_mahalla_code=self.mahalla_code,
            location_mahalla_code=self.location_mahalla_code,
            named_official_ids=frozenset(self.named_official_ids),
            min_level=self.min_level,
        )

    def may_see_identity(self, viewer: Actor) -> bool:
        """Whether `viewer` may see who the citizen is (Arts. 19–20): never an official the appeal is
        about, nor anyone he heads; only the citizen and those handling it when he asked for discretion."""
        if viewer.role is Role.SYSTEM or (viewer.role is Role.CITIZEN and viewer.id == self.citizen_id):
            return True
        if viewer.role is Role.CITIZEN or viewer.id in self.excluded_official_ids:
            return False
        if viewer.id in (self.assignee_id, self.supervisor_id):
            return True
        return not self.do_not_disclose

    def scheduled_timers(self, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> tuple[ScheduledTimer, ...]:
        """The reminders and the breach still to fire for the current deadline."""
        if not self.is_open:
            return ()
        base = f"{self.id}:{self.round}:{self.due_on.isoformat()}"
        timers = [
            ScheduledTimer(f"{base}:remind:{r.days_before}", r.at, Action.REMIND, r.days_before)
            for r in deadlines.reminder_times(self.due_on, calendar, not_before=self.received_at)
            if r.days_before not in self.reminders_sent
        ]
        if self.breached_at is None:
            timers.append(ScheduledTimer(f"{base}:breach", self.breach_moment, Action.MARK_BREACHED))
        return tuple(timers)

    def pull_events(self) -> list[AppealEvent]:
        """Hand the recorded events to the outbox relay (after they were saved with the state)."""
        pending, self.outbox = self.outbox, []
        return pending

    # --- timers ---------------------------------------------------------------------------------------

    def remind(self, days_before: int, *, at: datetime, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> bool:
        """Record the reminder once; False when it was sent, is stale (the deadline moved) or moot."""
        moment = utc(at)
        if not self.is_open or days_before in self.reminders_sent:
            return False
        due = [r for r in deadlines.reminder_times(self.due_on, calendar) if r.days_before == days_before]
        if not due or moment < due[0].at:
            return False
        self.reminders_sent = (*self.reminders_sent, days_before)
        self.version += 1
        self._emit(
            ev.AppealDeadlineApproaching, at, assignee_id=self.assignee_id, days_before=days_before, due_on=self.due_on
        )
        return True

    def mark_breached(self, supervisor: RoutingDecision | None, *, at: datetime) -> bool:
        """The deadline passed unanswered: record it once and put the supervisor (the level above the
        assignee, normally the sector head) over the appeal. False when early, repeated or moot."""
        moment = utc(at)
        if not self.is_open or self.breached_at is not None or moment < self.breach_moment:
            return False
        self.breached_at, self.ever_breached = moment, True
        self.supervisor_id = supervisor.assignee_id if supervisor else None
        by = SYSTEM
        self._advance(Action.MARK_BREACHED, by, at, due_on=self.due_on.isoformat(), supervisor_id=self.supervisor_id)
        self._emit(
            ev.AppealDeadlineBreached,
            at,
            assignee_id=self.assignee_id,
            supervisor_id=self.supervisor_id,
            due_on=self.due_on,
        )
        return True

    # --- internals ------------------------------------------------------------------------------------

    def _check(self, action: Action, by: Actor) -> None:
        """Who may act, then whether the table allows the action from the current state."""
        rule = TRANSITIONS[action]
        if by.role is Role.SYSTEM:
            allowed = Party.SYSTEM in rule.parties
        elif by.role is Role.CITIZEN:
            if Party.CITIZEN in rule.parties and by.id != self.citizen_id:
                raise NotYourAppeal()
            allowed = Party.CITIZEN in rule.parties
        else:
            if by.id in self.excluded_official_ids or by.id in self.named_official_ids:
                raise OfficialExcluded()
            supervisor = by.role in SUPERVISOR_ROLES
            handler = Party.HANDLER in rule.parties and (by.id == self.assignee_id or supervisor)
            allowed = handler or (Party.HEAD in rule.parties and supervisor)
            if not allowed and Party.HANDLER in rule.parties:
                raise NotYourAppeal()
        if not allowed:
            raise RoleNotAllowed(action=action.value)
        if self.state not in rule.sources:
            raise IllegalTransition(action=action.value, state=self.state.value)

    def _advance(
        self, action: Action, by: Actor, at: datetime, *, reason: str | None = None, **details: str | int | bool | None
    ) -> None:
        from_state = self.state.value if action is not Action.REGISTER else ""
        rule = TRANSITIONS.get(action)
        if rule is not None and rule.target is not None:
            self.state = rule.target
        self.version += 1
        self.timeline.append(
            TimelineEntry(
                at=utc(at),
                actor_id=by.id,
                actor_role=by.role,
                action=action.value,
                from_state=from_state,
                to_state=self.state.value,
                reason=reason,
                details=details,
            )
        )

    def _emit(self, event_type: type[AppealEvent], at: datetime, **fields: object) -> None:
        self.outbox.append(event_type(appeal_id=self.id, occurred_at=utc(at), version=self.version, **fields))

    def _append_message(self, text: str, by: Actor, at: datetime) -> ThreadMessage:
        message = ThreadMessage(len(self.thread) + 1, by.id, by.role, text, utc(at))
        self.thread.append(message)
        return message

    def _addition(self, kind: AdditionKind, text: str, photos: tuple[Photo, ...], at: datetime) -> Addition:
        body = checked_text(text) if text.strip() else None
        checked = checked_photos(tuple(photos))
        if body is None and not checked:
            raise EmptyText()
        return Addition(kind=kind, text=body, photos=checked, at=utc(at))

    def _new_round(self, kind: AppealKind, at: datetime, calendar: WorkingCalendar) -> None:
        started = deadlines.registration_date(utc(at), calendar)
        if self.current_answer is not None:
            self.previous_answers.append(self.current_answer)
        self.current_answer = None
        self.round += 1
        self.round_started_on = started
        self.due_on = deadlines.deadline_for(kind, started, False, calendar)
        self.extra_study, self.extensions_used = False, 0
        self.reminders_sent, self.breached_at, self.supervisor_id = (), None, None
