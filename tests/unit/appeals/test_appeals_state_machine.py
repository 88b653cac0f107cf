"""Any sequence of actions, at any pace: each is legal exactly where the transition table says, a refused
one changes nothing, and the timeline always tells the appeal's whole story."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from services.appeals.domain.categories import DEFAULT_CATALOGUE, AppealKind
from services.appeals.domain.deadlines import TASHKENT
from services.appeals.domain.documents import encode
from services.appeals.domain.errors import AppealsError, IllegalTransition
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import (
    SYSTEM,
    Actor,
    AnswerDraft,
    AnswerOutcome,
    PointResponse,
    Role,
)
from services.appeals.domain.routing import (
    Level,
    MahallaStaff,
    RoutingDecision,
    RoutingReason,
    TerritoryView,
    escalation_target,
    route,
)
from services.appeals.domain.states import REVIEW_STATES, TRANSITIONS, Action, AppealState

MAHALLA = "172626601014"
TERRITORY = TerritoryView(
    mahallas={MAHALLA: MahallaStaff(MAHALLA, ("inspector-1", "inspector-2"), "sector-head-1", "district-1")},
    heads={"district-1": "region-1"},
)
CITIZEN = Actor("citizen-1", Role.CITIZEN)
SECTOR_HEAD = Actor("sector-head-1", Role.SECTOR_HEAD)


class AppealLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = datetime(2026, 2, 2, 10, 0, tzinfo=TASHKENT)
        self.appeal = Appeal.register(
            appeal_id="appeal-1",
            number="TAS-2026-000001",
            citizen_id=CITIZEN.id,
            kind=AppealKind.COMPLAINT,
            category=DEFAULT_CATALOGUE.get("noise"),
            text="Shovqin",
            points=("Shovqin", "Janjal"),
            mahalla_code=MAHALLA,
            received_at=self.now,
        )

    @property
    def handler(self) -> Actor:
        """The official entitled to act: the assignee, or the sector head while nobody is assigned."""
        if self.appeal.assignee_id is None:
            return SECTOR_HEAD
        roles = {Level.SECTOR_HEAD: Role.SECTOR_HEAD, Level.DISTRICT: Role.DISTRICT_STAFF}
        return Actor(self.appeal.assignee_id, roles.get(self.appeal.assignee_level, Role.INSPECTOR))  # type: ignore[arg-type]

    def attempt(self, action: Action, command: Callable[[], object]) -> None:
        state, version, before = self.appeal.state, self.appeal.version, encode(self.appeal)
        events = len(self.appeal.outbox)
        rule_ = TRANSITIONS[action]
        try:
            outcome = command()
        except AppealsError as error:
            assert encode(self.appeal) == before, f"{action} changed the appeal although refused"
            assert len(self.appeal.outbox) == events
            illegal_here = state not in rule_.sources  # the table's verdict decides which refusal is right
            assert isinstance(error, IllegalTransition) == illegal_here, (action, state, error)  # noqa: PT017
            return
        if outcome is False:  # a timer that had nothing to do
            assert encode(self.appeal) == before
            return
        assert state in rule_.sources, f"{action} succeeded from {state}"
        assert self.appeal.state == (rule_.target or state)
        assert self.appeal.version > version
        assert len(self.appeal.outbox) > events

    @rule(hours=st.sampled_from([0, 1, 7, 24, 72, 24 * 6, 24 * 13]))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @rule()
    def route_it(self) -> None:
        decision = route(self.appeal.routing_request(), TERRITORY)
        self.attempt(Action.ASSIGN, lambda: self.appeal.assign(decision, by=SYSTEM, at=self.now))

    @rule(inspector=st.sampled_from(["inspector-1", "inspector-2"]))
    def reassign(self, inspector: str) -> None:
        decision = RoutingDecision(inspector, Level.INSPECTOR, RoutingReason.STAFF_CHANGED, MAHALLA)
        self.attempt(Action.REASSIGN, lambda: self.appeal.reassign(decision, by=SYSTEM, at=self.now))

    @rule()
    def start_review(self) -> None:
        self.attempt(Action.START_REVIEW, lambda: self.appeal.start_review(by=self.handler, at=self.now))

    @rule()
    def request_information(self) -> None:
        self.attempt(
            Action.REQUEST_INFORMATION,
            lambda: self.appeal.request_information("Manzil?", by=self.handler, at=self.now),
        )

    @rule()
    def provide_information(self) -> None:
        self.attempt(
            Action.PROVIDE_INFORMATION, lambda: self.appeal.provide_information("5-uy", by=CITIZEN, at=self.now)
        )

    @rule(outcome=st.sampled_from(list(AnswerOutcome)), complete=st.booleans())
    def answer(self, outcome: AnswerOutcome, complete: bool) -> None:
        points = self.appeal.points if complete else self.appeal.points[:1]
        draft = AnswerDraft(tuple(PointResponse(p.number, "Javob") for p in points), "KoAP 185", "Sudga", outcome)
        self.attempt(Action.ANSWER, lambda: self.appeal.answer(draft, by=self.handler, at=self.now))

    @rule()
    def request_clarification(self) -> None:
        self.attempt(
            Action.REQUEST_CLARIFICATION,
            lambda: self.appeal.request_clarification("Tushunarsiz", by=CITIZEN, at=self.now),
        )

    @rule(satisfied=st.booleans())
    def rate(self, satisfied: bool) -> None:
        self.attempt(Action.RATE, lambda: self.appeal.rate(satisfied, by=CITIZEN, at=self.now))

    @rule()
    def close(self) -> None:
        self.attempt(Action.CLOSE, lambda: self.appeal.close(by=SYSTEM, at=self.now))

    @rule()
    def escalate(self) -> None:
        level = self.appeal.assignee_level or Level.INSPECTOR
        try:
            decision = escalation_target(
                self.appeal.routing_request(), TERRITORY, level, RoutingReason.NOT_SATISFIED_ESCALATION
            )
        except AppealsError:  # the top of the ladder: escalating to the same level must be refused
            decision = RoutingDecision(self.handler.id, level, RoutingReason.NOT_SATISFIED_ESCALATION, MAHALLA)
        self.attempt(Action.ESCALATE, lambda: self.appeal.escalate(decision, by=CITIZEN, at=self.now))

    @rule(chance=st.integers(0, 4))
    def forward(self, chance: int) -> None:
        if chance:  # endings are rarer than steps, so that lives run long enough to reach every state
            return
        self.attempt(Action.FORWARD, lambda: self.appeal.forward("hokimiyat", "Vakolat", by=self.handler, at=self.now))

    @rule(
        action=st.sampled_from([Action.RETURN_TO_CITIZEN, Action.NOT_CONSIDER, Action.TERMINATE]),
        chance=st.integers(0, 4),
    )
    def end_without_answer(self, action: Action, chance: int) -> None:
        if chance:
            return
        commands = {
            Action.RETURN_TO_CITIZEN: lambda: self.appeal.return_to_citizen(
                "unreadable", "O‘qib bo‘lmaydi", by=self.handler, at=self.now
            ),
            Action.NOT_CONSIDER: lambda: self.appeal.mark_not_considered(
                "decided_by_court", "Sud qarori bor", by=self.handler, at=self.now
            ),
            Action.TERMINATE: lambda: self.appeal.terminate(
                "criminal_case_opened", "Jinoyat ishi", by=self.handler, at=self.now
            ),
        }
        self.attempt(action, commands[action])

    @rule(chance=st.integers(0, 4))
    def withdraw(self, chance: int) -> None:
        if chance:
            return
        self.attempt(Action.WITHDRAW, lambda: self.appeal.withdraw(by=CITIZEN, at=self.now))

    @rule(from_citizen=st.booleans())
    def post_message(self, from_citizen: bool) -> None:
        author = CITIZEN if from_citizen else self.handler
        self.attempt(Action.POST_MESSAGE, lambda: self.appeal.post_message("Salom", by=author, at=self.now))

    @rule()
    def add_evidence(self) -> None:
        self.attempt(Action.ADD_EVIDENCE, lambda: self.appeal.add_evidence("Video bor", by=CITIZEN, at=self.now))

    @rule()
    def merge_duplicate(self) -> None:
        self.attempt(Action.MERGE_DUPLICATE, lambda: self.appeal.merge_duplicate("Yana", at=self.now))

    @rule(days=st.integers(min_value=1, max_value=40))
    def extend_deadline(self, days: int) -> None:
        new_due = self.appeal.due_on + timedelta(days=days)
        self.attempt(
            Action.EXTEND_DEADLINE,
            lambda: self.appeal.extend_deadline("Ekspertiza", new_due, by=SECTOR_HEAD, at=self.now),
        )

    @rule()
    def require_extra_study(self) -> None:
        self.attempt(
            Action.REQUIRE_EXTRA_STUDY,
            lambda: self.appeal.require_extra_study("Ekspertiza", by=self.handler, at=self.now),
        )

    @rule(days_before=st.sampled_from([3, 1]))
    def remind(self, days_before: int) -> None:
        self.attempt(Action.REMIND, lambda: self.appeal.remind(days_before, at=self.now))

    @rule()
    def breach(self) -> None:
        self.attempt(Action.MARK_BREACHED, lambda: self.appeal.mark_breached(None, at=self.now))

    @rule(choice=st.integers(0, 4))
    def take_the_natural_next_step(self, choice: int) -> None:
        """Weighted towards the usual path, so that long lives reach every state."""
        state = self.appeal.state
        steps: dict[AppealState, list[Callable[[], None]]] = {
            AppealState.REGISTERED: [self.route_it],
            AppealState.ASSIGNED: [self.start_review, self.let_the_timers_fire],
            AppealState.IN_REVIEW: [
                lambda: self.answer(AnswerOutcome.REFUSED, True),
                self.request_information,
                lambda: self.extend_deadline(30),
                self.require_extra_study,
                self.let_the_timers_fire,
            ],
            AppealState.INFO_REQUESTED: [self.provide_information],
            AppealState.ANSWERED: [lambda: self.rate(False), self.request_clarification, self.close],
            AppealState.CLOSED: [self.escalate, lambda: self.rate(False)],
        }
        options = steps.get(state)
        if options:
            options[choice % len(options)]()

    def let_the_timers_fire(self) -> None:
        self.time_passes(24 * 6)
        for days_before in (3, 1):
            self.remind(days_before)
        self.breach()

    @rule(choice=st.integers(0, 4))
    def and_again(self, choice: int) -> None:
        self.take_the_natural_next_step(choice)

    @invariant()
    def the_timeline_is_one_unbroken_story(self) -> None:
        timeline = self.appeal.timeline
        assert all(later.from_state == earlier.to_state for earlier, later in itertools.pairwise(timeline))
        assert timeline[-1].to_state == self.appeal.state.value
        assert all(earlier.at <= later.at for earlier, later in itertools.pairwise(timeline))

    @invariant()
    def the_law_is_kept(self) -> None:
        appeal = self.appeal
        assert appeal.extensions_used <= 1
        assert appeal.due_on >= appeal.round_started_on + timedelta(days=15)
        assert appeal.assignee_id not in appeal.excluded_official_ids
        assert (appeal.state is AppealState.ANSWERED) <= (appeal.current_answer is not None)
        if appeal.current_answer is not None:
            assert {r.point for r in appeal.current_answer.responses} == {p.number for p in appeal.points}
        if appeal.state not in REVIEW_STATES:
            assert appeal.scheduled_timers() == ()


AppealLife.TestCase.settings = settings(
    max_examples=150, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_any_sequence_of_actions_keeps_the_appeal_lawful = AppealLife.TestCase
