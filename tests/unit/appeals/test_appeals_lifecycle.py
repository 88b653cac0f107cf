"""An appeal's life as the citizen and the officials see it: each step legal only in its place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from services.appeals.domain.categories import DEFAULT_CATALOGUE, AppealKind
from services.appeals.domain.errors import (
    AlreadyRated,
    AnswerHowToAppealMissing,
    AnswerLegalBasisMissing,
    AnswerMissingPoints,
    AnswerUnknownPoints,
    DeadlinePassed,
    EmptyText,
    EscalationUnavailable,
    ExtensionAlreadyUsed,
    ExtensionTooLong,
    ExtraStudyNotApplicable,
    ForwardWindowClosed,
    IllegalTransition,
    NotYourAppeal,
    OfficialExcluded,
    PhotoNotImage,
    PhotoTooLarge,
    RoleNotAllowed,
    TextTooLong,
    TooManyPhotos,
    UnknownCategory,
    UnknownReason,
)
from services.appeals.domain.events import (
    AppealAnswered,
    AppealAssigned,
    AppealClosed,
    AppealDeadlineExtended,
    AppealEscalated,
    AppealForwarded,
    AppealInformationProvided,
    AppealInformationRequested,
    AppealMessagePosted,
    AppealRated,
    AppealRegistered,
    AppealReviewStarted,
)
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import AnswerDraft, AnswerOutcome, Photo, PointResponse
from services.appeals.domain.routing import (
    Level,
    RoutingReason,
    TerritoryView,
    escalation_target,
    manual_assignment,
    route,
)
from services.appeals.domain.states import AppealState

AppealFactory = Callable[..., Appeal]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(8)


def snapshot(appeal: Appeal) -> dict[str, object]:
    return {name: repr(value) for name, value in vars(appeal).items()}


def test_registration_records_the_number_the_deadline_and_an_event_without_personal_text(
    new_appeal: AppealFactory,
) -> None:
    appeal = new_appeal()

    assert appeal.state is AppealState.REGISTERED
    assert (appeal.registered_on, appeal.due_on) == (date(2026, 2, 2), date(2026, 2, 17))
    assert [entry.action for entry in appeal.timeline] == ["register"]
    [event] = appeal.pull_events()
    assert isinstance(event, AppealRegistered)
    assert event.number == "TAS-2026-000001"
    assert appeal.text not in repr(event)
    assert appeal.pull_events() == []


def test_an_appeal_without_listed_points_is_one_point_its_text(new_appeal: AppealFactory) -> None:
    appeal = new_appeal(points=("Shovqin", "Mast holda janjal"))

    assert [point.number for point in appeal.points] == [1, 2]
    assert [point.text for point in new_appeal().points] == [new_appeal().text]


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"text": "   "}, EmptyText),
        ({"text": "x" * 4001}, TextTooLong),
        ({"photos": (Photo("k", "image/png", 10),) * 6}, TooManyPhotos),
        ({"photos": (Photo("k", "application/pdf", 10),)}, PhotoNotImage),
        ({"photos": (Photo("k", "image/png", 11 * 1024 * 1024),)}, PhotoTooLarge),
        ({"category": replace(DEFAULT_CATALOGUE.get("noise"), active=False)}, UnknownCategory),
    ],
)
def test_malformed_input_is_refused_before_anything_is_registered(
    new_appeal: AppealFactory, overrides: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        new_appeal(**overrides)


def test_a_photo_is_judged_by_its_bytes_not_by_what_the_client_claims() -> None:
    assert Photo.checked(storage_key="k", head=PNG, size_bytes=1000).content_type == "image/png"
    with pytest.raises(PhotoNotImage):
        Photo.checked(storage_key="k", head=b"%PDF-1.7 ....", size_bytes=1000)
    with pytest.raises(PhotoTooLarge):
        Photo.checked(storage_key="k", head=PNG, size_bytes=50 * 1024 * 1024)


def test_the_citizen_follows_his_appeal_from_registration_to_a_satisfied_close(
    new_appeal: AppealFactory, territory: TerritoryView, answer_for: Callable[..., AnswerDraft], people
) -> None:
    appeal = new_appeal()
    start = appeal.received_at
    appeal.assign(route(appeal.routing_request(), territory), by=people.system, at=start + timedelta(minutes=1))
    appeal.start_review(by=people.inspector, at=start + timedelta(hours=2))
    appeal.request_information("Qaysi xonadon?", by=people.inspector, at=start + timedelta(hours=3))
    appeal.provide_information("12-uy, 5-xonadon", by=people.citizen, at=start + timedelta(hours=4))
    appeal.answer(answer_for(appeal), by=people.inspector, at=start + timedelta(days=2))
    appeal.rate(True, by=people.citizen, at=start + timedelta(days=3))

    assert appeal.state is AppealState.CLOSED
    assert [type(event) for event in appeal.pull_events()] == [
        AppealRegistered, AppealAssigned, AppealReviewStarted, AppealInformationRequested,
        AppealInformationProvided, AppealAnswered, AppealRated, AppealClosed,
    ]  # fmt: skip
    steps = [(entry.from_state, entry.to_state, entry.actor_id) for entry in appeal.timeline]
    assert steps == [
        ("", "registered", "citizen-1"),
        ("registered", "assigned", "system"),
        ("assigned", "in_review", "inspector-1"),
        ("in_review", "info_requested", "inspector-1"),
        ("info_requested", "in_review", "citizen-1"),
        ("in_review", "answered", "inspector-1"),
        ("answered", "closed", "citizen-1"),
    ]
    assert appeal.timeline[1].reason == RoutingReason.MAHALLA_INSPECTOR.value
    assert [(m.author_role.value, m.text) for m in appeal.thread] == [
        ("inspector", "Qaysi xonadon?"),
        ("citizen", "12-uy, 5-xonadon"),
    ]
    assert appeal.additions[0].text == "12-uy, 5-xonadon"


def test_an_illegal_transition_is_refused_and_changes_nothing(
    new_appeal: AppealFactory, answer_for: Callable[..., AnswerDraft], people
) -> None:
    appeal = new_appeal()
    before = snapshot(appeal)

    with pytest.raises(IllegalTransition) as refused:
        appeal.answer(answer_for(appeal), by=people.sector_head, at=appeal.received_at + timedelta(days=1))

    assert refused.value.params == {"action": "answer", "state": "registered"}
    assert snapshot(appeal) == before


def test_the_answer_must_address_every_point_with_legal_grounds_and_how_to_appeal(
    in_review: AppealFactory, answer_for: Callable[..., AnswerDraft], people
) -> None:
    appeal = in_review(points=("Shovqin", "Janjal", "Chiroq"))
    at = appeal.received_at + timedelta(days=1)
    complete = answer_for(appeal)

    with pytest.raises(AnswerMissingPoints) as missing:
        appeal.answer(replace(complete, responses=complete.responses[:1]), by=people.inspector, at=at)
    assert missing.value.params == {"points": "2, 3"}
    blank = (*complete.responses[:2], PointResponse(3, "  "))
    with pytest.raises(AnswerMissingPoints):
        appeal.answer(replace(complete, responses=blank), by=people.inspector, at=at)
    with pytest.raises(AnswerUnknownPoints):
        appeal.answer(
            replace(complete, responses=(*complete.responses, PointResponse(9, "?"))), by=people.inspector, at=at
        )
    with pytest.raises(AnswerLegalBasisMissing):
        appeal.answer(replace(complete, legal_basis=" "), by=people.inspector, at=at)
    with pytest.raises(AnswerHowToAppealMissing):
        appeal.answer(replace(complete, how_to_appeal=""), by=people.inspector, at=at)
    assert appeal.state is AppealState.IN_REVIEW

    appeal.answer(complete, by=people.inspector, at=at)
    assert appeal.current_answer is not None
    assert [r.point for r in appeal.current_answer.responses] == [1, 2, 3]


def test_nobody_acts_on_someone_elses_appeal(in_review: AppealFactory, answer_for, people) -> None:
    appeal = in_review()
    at = appeal.received_at + timedelta(days=1)

    with pytest.raises(NotYourAppeal):
        appeal.withdraw(by=people.other_citizen, at=at)
    with pytest.raises(NotYourAppeal):
        appeal.answer(answer_for(appeal), by=people.neighbour_inspector, at=at)
    with pytest.raises(RoleNotAllowed):
        appeal.answer(answer_for(appeal), by=people.citizen, at=at)
    with pytest.raises(RoleNotAllowed):
        appeal.extend_deadline("ekspertiza", by=people.inspector, at=at)


def test_the_sector_head_extends_once_by_at_most_a_month_and_the_citizen_is_told(
    in_review: AppealFactory, people
) -> None:
    appeal = in_review()
    at = appeal.received_at + timedelta(days=5)

    with pytest.raises(ExtensionTooLong):
        appeal.extend_deadline("ekspertiza", date(2026, 3, 30), by=people.sector_head, at=at)
    appeal.extend_deadline("ekspertiza kerak", by=people.sector_head, at=at)
    with pytest.raises(ExtensionAlreadyUsed):
        appeal.extend_deadline("yana", by=people.district, at=at)

    assert appeal.due_on == date(2026, 3, 17)
    event = appeal.pull_events()[-1]
    assert isinstance(event, AppealDeadlineExtended)
    assert (event.previous_due_on, event.due_on, event.cause) == (date(2026, 2, 17), date(2026, 3, 17), "extension")


def test_no_extension_once_the_deadline_has_passed(in_review: AppealFactory, people) -> None:
    appeal = in_review()

    with pytest.raises(DeadlinePassed):
        appeal.extend_deadline("kech", by=people.sector_head, at=appeal.breach_moment)


def test_extra_study_gives_a_month_from_registration_once_and_never_to_a_proposal(
    in_review: AppealFactory, people
) -> None:
    appeal = in_review()
    at = appeal.received_at + timedelta(days=1)
    appeal.require_extra_study("Ekspertiza kerak", by=people.inspector, at=at)

    assert appeal.due_on == date(2026, 3, 2)
    with pytest.raises(ExtraStudyNotApplicable):
        appeal.require_extra_study("yana", by=people.inspector, at=at)
    with pytest.raises(ExtraStudyNotApplicable):
        in_review(kind=AppealKind.PROPOSAL).require_extra_study("x", by=people.inspector, at=at)


def test_forwarding_to_another_body_within_five_days_without_personal_data_if_asked(
    in_review: AppealFactory, people
) -> None:
    appeal = in_review(do_not_disclose=True)
    appeal.forward("hokimiyat", "Kommunal masala", by=people.inspector, at=appeal.received_at + timedelta(days=4))

    assert appeal.state is AppealState.FORWARDED
    event = appeal.pull_events()[-1]
    assert isinstance(event, AppealForwarded)
    assert (event.body_code, event.personal_data_shared) == ("hokimiyat", False)


def test_forwarding_after_five_days_is_refused(in_review: AppealFactory, people) -> None:
    appeal = in_review()

    with pytest.raises(ForwardWindowClosed):
        appeal.forward("hokimiyat", "Kommunal masala", by=people.inspector, at=appeal.received_at + timedelta(days=8))
    assert appeal.state is AppealState.IN_REVIEW


def test_not_satisfied_offers_escalation_to_the_sector_head_with_fifteen_new_days(
    answered: AppealFactory, territory: TerritoryView, people
) -> None:
    appeal = answered()
    appeal.rate(False, by=people.citizen, at=appeal.received_at + timedelta(days=4))
    rated = [event for event in appeal.pull_events() if isinstance(event, AppealRated)]
    assert rated[0].escalation_offered
    assert rated[0].official_id == "inspector-1"

    target = escalation_target(
        appeal.routing_request(), territory, Level.INSPECTOR, RoutingReason.NOT_SATISFIED_ESCALATION
    )
    appeal.escalate(target, by=people.citizen, at=datetime(2026, 2, 9, 11, 0, tzinfo=appeal.received_at.tzinfo))

    assert (appeal.state, appeal.assignee_id, appeal.round) == (AppealState.ASSIGNED, "sector-head-1", 2)
    assert appeal.due_on == date(2026, 2, 24)
    assert appeal.current_answer is None
    assert len(appeal.previous_answers) == 1
    assert isinstance(appeal.pull_events()[-1], AppealEscalated)


def test_a_satisfied_citizen_cannot_escalate_and_rates_only_once(
    answered: AppealFactory, territory: TerritoryView, people
) -> None:
    appeal = answered()
    at = appeal.received_at + timedelta(days=4)
    appeal.rate(True, by=people.citizen, at=at)
    target = escalation_target(
        appeal.routing_request(), territory, Level.INSPECTOR, RoutingReason.NOT_SATISFIED_ESCALATION
    )

    with pytest.raises(EscalationUnavailable):
        appeal.escalate(target, by=people.citizen, at=at)
    with pytest.raises(AlreadyRated):
        appeal.rate(False, by=people.citizen, at=at)


def test_an_unrated_answer_is_closed_by_the_system_and_may_still_be_rated(answered: AppealFactory, people) -> None:
    appeal = answered()
    appeal.close(by=people.system, at=appeal.received_at + timedelta(days=14))
    appeal.rate(False, by=people.citizen, at=appeal.received_at + timedelta(days=15))

    assert appeal.state is AppealState.CLOSED
    assert appeal.rating is not None
    assert not appeal.rating.satisfied


def test_a_clarification_of_the_answer_opens_a_new_round_with_its_own_deadline(answered: AppealFactory, people) -> None:
    appeal = answered()
    appeal.request_clarification("2-band tushunarsiz", by=people.citizen, at=appeal.received_at + timedelta(days=10))

    assert (appeal.state, appeal.round) == (AppealState.IN_REVIEW, 2)
    assert appeal.due_on == date(2026, 2, 27)  # 15 days from Thursday 12 February


def test_the_official_complained_about_never_handles_or_sees_who_complained(
    new_appeal: AppealFactory, territory: TerritoryView, people
) -> None:
    appeal = new_appeal(named_official_ids=("inspector-1",))
    decision = route(appeal.routing_request(), territory)
    appeal.assign(decision, by=people.system, at=appeal.received_at)

    assert appeal.assignee_id == "sector-head-1"
    with pytest.raises(OfficialExcluded):
        appeal.post_message("Salom", by=people.inspector, at=appeal.received_at)
    assert not appeal.may_see_identity(people.inspector)
    assert appeal.may_see_identity(people.sector_head)
    with pytest.raises(OfficialExcluded):
        appeal.reassign(replace(decision, assignee_id="inspector-1"), by=people.system, at=appeal.received_at)


def test_do_not_disclose_hides_the_citizen_from_officials_not_handling_the_appeal(
    in_review: AppealFactory, people
) -> None:
    discreet, ordinary = in_review(do_not_disclose=True), in_review()

    assert discreet.may_see_identity(people.inspector)  # the assignee must know whom to answer
    assert not discreet.may_see_identity(people.neighbour_inspector)
    assert ordinary.may_see_identity(people.neighbour_inspector)
    assert not discreet.may_see_identity(people.other_citizen)


def test_the_thread_carries_messages_both_ways_and_notifies_the_other_side(in_review: AppealFactory, people) -> None:
    appeal = in_review()
    appeal.pull_events()
    appeal.post_message("Ertaga kelaman", by=people.inspector, at=appeal.received_at + timedelta(hours=5))
    appeal.post_message("Rahmat", by=people.citizen, at=appeal.received_at + timedelta(hours=6))

    assert [(m.number, m.author_role.value) for m in appeal.thread] == [(1, "inspector"), (2, "citizen")]
    recipients = [e.recipient_id for e in appeal.pull_events() if isinstance(e, AppealMessagePosted)]
    assert recipients == ["citizen-1", "inspector-1"]


def test_legal_endings_need_a_known_reason(in_review: AppealFactory, people) -> None:
    appeal = in_review()
    at = appeal.received_at + timedelta(days=1)

    with pytest.raises(UnknownReason):
        appeal.mark_not_considered("because", "x", by=people.inspector, at=at)
    appeal.mark_not_considered("repeated_without_new_arguments", "3-marta", by=people.inspector, at=at)
    assert (appeal.state, appeal.closing_reason_code) == (AppealState.NOT_CONSIDERED, "repeated_without_new_arguments")
    with pytest.raises(IllegalTransition):
        appeal.withdraw(by=people.citizen, at=at)


def test_the_citizen_may_withdraw_or_add_evidence_while_it_is_reviewed(in_review: AppealFactory, people) -> None:
    appeal = in_review()
    at = appeal.received_at + timedelta(days=1)
    appeal.add_evidence(photos=(Photo("photo-1", "image/jpeg", 2048),), by=people.citizen, at=at)
    with pytest.raises(EmptyText):
        appeal.add_evidence("  ", by=people.citizen, at=at)
    appeal.withdraw(by=people.citizen, at=at)

    assert appeal.state is AppealState.WITHDRAWN
    assert appeal.additions[0].photos[0].storage_key == "photo-1"


def test_reminders_and_the_breach_fire_once_and_a_stale_timer_does_nothing(
    in_review: AppealFactory, territory: TerritoryView, people
) -> None:
    appeal = in_review()
    timers = appeal.scheduled_timers()
    assert [(t.action.value, t.days_before) for t in timers] == [("remind", 3), ("remind", 1), ("mark_breached", None)]

    reminder = timers[0]
    assert not appeal.remind(3, at=reminder.at - timedelta(minutes=1))  # early
    assert appeal.remind(3, at=reminder.at)
    assert not appeal.remind(3, at=reminder.at)  # fired twice: recorded once

    supervisor = escalation_target(
        appeal.routing_request(), territory, Level.INSPECTOR, RoutingReason.DEADLINE_BREACHED
    )
    assert not appeal.mark_breached(supervisor, at=appeal.breach_moment - timedelta(seconds=1))
    assert appeal.mark_breached(supervisor, at=appeal.breach_moment)
    assert not appeal.mark_breached(supervisor, at=appeal.breach_moment + timedelta(hours=1))
    assert (appeal.supervisor_id, appeal.ever_breached) == ("sector-head-1", True)
    assert appeal.is_overdue(appeal.breach_moment)


def test_after_an_extension_the_old_timers_are_stale_and_new_ones_are_scheduled(
    in_review: AppealFactory, people
) -> None:
    appeal = in_review()
    old = appeal.scheduled_timers()
    appeal.extend_deadline("ekspertiza", by=people.sector_head, at=appeal.received_at + timedelta(days=3))

    assert not appeal.mark_breached(None, at=old[-1].at)
    assert {t.key for t in appeal.scheduled_timers()}.isdisjoint({t.key for t in old})


def test_a_repeated_submission_joins_the_open_appeal(in_review: AppealFactory, answered: AppealFactory) -> None:
    appeal = in_review()
    appeal.merge_duplicate("Yana shovqin!", at=appeal.received_at + timedelta(days=1))

    assert appeal.additions[-1].kind.value == "duplicate"
    with pytest.raises(IllegalTransition):
        answered().merge_duplicate("Yana", at=appeal.received_at + timedelta(days=5))


def test_an_answer_after_the_breach_is_recorded_as_late(in_review: AppealFactory, answer_for, people) -> None:
    appeal = in_review()
    appeal.answer(answer_for(appeal, AnswerOutcome.REFUSED), by=people.inspector, at=appeal.breach_moment)

    assert appeal.ever_breached
    assert appeal.pull_events()[-1].late is True  # type: ignore[attr-defined]


def test_a_deleted_account_is_unlinked_from_its_appeal_which_stays_in_review(in_review: AppealFactory, people) -> None:
    appeal = in_review()
    at = appeal.received_at + timedelta(hours=6)
    appeal.post_message("Rahmat", by=people.citizen, at=at)
    appeal.post_message("Ertaga kelaman", by=people.inspector, at=at)
    state = appeal.state

    appeal.forget_citizen("c-forgotten-1", at=at + timedelta(hours=1))

    assert appeal.state is state
    assert appeal.citizen_id == "c-forgotten-1"
    assert appeal.do_not_disclose
    assert [m.author_id for m in appeal.thread] == ["c-forgotten-1", people.inspector.id]
    assert people.citizen.id not in {entry.actor_id for entry in appeal.timeline}
    assert appeal.timeline[-1].action == "forget_citizen"
    with pytest.raises(NotYourAppeal):  # the old account can no longer act on it
        appeal.withdraw(by=people.citizen, at=at + timedelta(hours=2))


def test_only_a_head_hands_an_appeal_over_and_his_reason_is_on_the_timeline(
    in_review: AppealFactory, territory: TerritoryView, people
) -> None:
    appeal = in_review()
    to_the_head = manual_assignment(appeal.routing_request(), territory, "sector-head-1")
    later = appeal.received_at + timedelta(days=2)

    with pytest.raises(RoleNotAllowed):
        appeal.ensure_may_reassign(people.inspector)
    appeal.ensure_may_reassign(people.district)
    assert appeal.reassign(to_the_head, by=people.district, at=later, note="Inspektor ta'tilda") is True

    assert (appeal.assignee_id, appeal.assignee_level) == ("sector-head-1", Level.SECTOR_HEAD)
    step = appeal.timeline[-1]
    assert (step.action, step.reason) == ("reassign", "manual")
    assert step.details["note"] == "Inspektor ta'tilda"
    assert appeal.state is AppealState.IN_REVIEW
