"""The law's clock: the registration day, review deadlines, the one extension, the 5-day forward window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.appeals.domain.categories import AppealKind
from services.appeals.domain.deadlines import (
    DEFAULT_CALENDAR,
    TASHKENT,
    WorkingCalendar,
    add_months,
    breach_at,
    check_forward_window,
    deadline_for,
    extended_deadline,
    forward_deadline,
    registration_date,
    reminder_times,
)
from services.appeals.domain.errors import (
    ExtensionAlreadyUsed,
    ExtensionNotLater,
    ExtensionTooLong,
    ForwardWindowClosed,
    ReasonRequired,
)


def tashkent(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TASHKENT)


@pytest.mark.parametrize(
    ("received", "registered"),
    [
        (tashkent(2026, 2, 2, 10, 0), date(2026, 2, 2)),  # Monday, working hours
        (tashkent(2026, 2, 2, 7, 30), date(2026, 2, 2)),  # before opening: that day
        (tashkent(2026, 2, 2, 17, 59), date(2026, 2, 2)),
        (tashkent(2026, 2, 2, 18, 0), date(2026, 2, 3)),  # at closing: the next working day
        (tashkent(2026, 2, 6, 19, 0), date(2026, 2, 9)),  # Friday evening: Monday
        (tashkent(2026, 2, 7, 12, 0), date(2026, 2, 9)),  # Saturday: Monday
        (tashkent(2026, 2, 8, 23, 59), date(2026, 2, 9)),  # Sunday night: Monday
        (tashkent(2025, 12, 31, 20, 0), date(2026, 1, 2)),  # New Year's Eve after hours: 1 January is a holiday
        (tashkent(2026, 3, 20, 18, 30), date(2026, 3, 23)),  # Friday evening before Navruz (Saturday)
    ],
)
def test_an_appeal_is_registered_the_day_it_arrives_or_the_next_working_day(
    received: datetime, registered: date
) -> None:
    assert registration_date(received) == registered


def test_the_working_day_is_judged_in_tashkent_time_whatever_zone_the_moment_comes_in() -> None:
    assert registration_date(datetime(2026, 2, 2, 13, 30, tzinfo=UTC)) == date(2026, 2, 3)  # 18:30 Tashkent
    assert registration_date(datetime(2026, 2, 1, 20, 0, tzinfo=UTC)) == date(2026, 2, 2)  # Monday 01:00


def test_a_naive_time_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="naive"):
        registration_date(datetime(2026, 2, 2, 10, 0))


def test_movable_holidays_and_working_saturdays_come_from_configuration() -> None:
    calendar = WorkingCalendar(holidays=frozenset({date(2026, 3, 20)}), working_days=frozenset({date(2026, 2, 7)}))

    assert registration_date(tashkent(2026, 3, 19, 19, 0), calendar) == date(2026, 3, 23)
    assert registration_date(tashkent(2026, 2, 7, 10, 0), calendar) == date(2026, 2, 7)


@pytest.mark.parametrize(
    ("kind", "registered", "extra_study", "due"),
    [
        (AppealKind.APPLICATION, date(2026, 2, 2), False, date(2026, 2, 17)),  # 15 days
        (AppealKind.COMPLAINT, date(2026, 2, 6), False, date(2026, 2, 23)),  # day 15 is a Saturday
        (AppealKind.COMPLAINT, date(2025, 12, 17), False, date(2026, 1, 2)),  # day 15 is 1 January
        (AppealKind.APPLICATION, date(2026, 2, 2), True, date(2026, 3, 2)),  # one month
        (AppealKind.COMPLAINT, date(2026, 1, 30), True, date(2026, 3, 2)),  # 28 Feb is a Saturday
        (AppealKind.PROPOSAL, date(2026, 2, 2), False, date(2026, 3, 2)),
        (AppealKind.PROPOSAL, date(2026, 2, 2), True, date(2026, 3, 2)),  # extra study changes nothing
        (AppealKind.APPLICATION, date(2025, 12, 31), True, date(2026, 2, 2)),  # across the year: 31 Jan is Sat
    ],
)
def test_the_review_deadline_follows_article_28(
    kind: AppealKind, registered: date, extra_study: bool, due: date
) -> None:
    assert deadline_for(kind, registered, extra_study) == due


def test_one_month_from_the_31st_ends_on_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_the_head_may_extend_once_by_up_to_a_month() -> None:
    assert extended_deadline(date(2026, 2, 17), extensions_used=0, reason="ekspertiza") == date(2026, 3, 17)
    assert extended_deadline(
        date(2026, 2, 17), extensions_used=0, reason="ekspertiza", new_due=date(2026, 3, 2)
    ) == date(2026, 3, 2)


def test_a_second_extension_is_refused() -> None:
    with pytest.raises(ExtensionAlreadyUsed):
        extended_deadline(date(2026, 2, 17), extensions_used=1, reason="yana")


def test_an_extension_longer_than_a_month_is_refused_with_the_latest_allowed_day() -> None:
    with pytest.raises(ExtensionTooLong) as refused:
        extended_deadline(date(2026, 2, 17), extensions_used=0, reason="uzoq", new_due=date(2026, 3, 18))

    assert refused.value.params == {"latest": "2026-03-17"}


def test_an_extension_needs_a_reason_and_a_later_day() -> None:
    with pytest.raises(ReasonRequired):
        extended_deadline(date(2026, 2, 17), extensions_used=0, reason="  ")
    with pytest.raises(ExtensionNotLater):
        extended_deadline(date(2026, 2, 17), extensions_used=0, reason="x", new_due=date(2026, 2, 17))


def test_forwarding_is_allowed_within_five_days_of_registration_and_refused_after() -> None:
    registered = date(2026, 2, 2)  # Monday; day 5 is a Saturday, so the window ends on Monday the 9th

    assert forward_deadline(registered) == date(2026, 2, 9)
    check_forward_window(registered, tashkent(2026, 2, 9, 23, 0))
    with pytest.raises(ForwardWindowClosed) as refused:
        check_forward_window(registered, tashkent(2026, 2, 10, 0, 5))
    assert refused.value.params == {"last_day": "2026-02-09"}


def test_the_deadline_is_breached_at_midnight_tashkent_after_its_last_day() -> None:
    assert breach_at(date(2026, 2, 17)) == datetime(2026, 2, 17, 19, 0, tzinfo=UTC)


def test_reminders_come_three_days_and_one_day_before_at_opening_on_working_days() -> None:
    reminders = reminder_times(date(2026, 2, 17))  # Tuesday; three days before is a Saturday

    assert [(r.days_before, r.at, r.days_left) for r in reminders] == [
        (3, datetime(2026, 2, 13, 4, 0, tzinfo=UTC), 4),  # Friday 09:00 Tashkent
        (1, datetime(2026, 2, 16, 4, 0, tzinfo=UTC), 1),  # Monday 09:00
    ]


def test_reminders_on_the_same_morning_become_one_and_past_ones_are_dropped() -> None:
    monday_due = reminder_times(date(2026, 2, 23))  # 3 days before is Friday; 1 day before is Sunday → Friday
    assert [r.days_before for r in monday_due] == [3]

    late = reminder_times(date(2026, 2, 17), not_before=datetime(2026, 2, 14, tzinfo=UTC))
    assert [r.days_before for r in late] == [1]


_MOMENTS = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC))


@given(_MOMENTS)
def test_registration_is_always_a_working_day_on_or_soon_after_arrival(received: datetime) -> None:
    local_day = received.astimezone(TASHKENT).date()
    registered = registration_date(received)

    assert DEFAULT_CALENDAR.is_working_day(registered)
    assert local_day <= registered <= local_day + timedelta(days=5)


@given(_MOMENTS, st.sampled_from(list(AppealKind)), st.booleans())
def test_a_deadline_is_a_working_day_never_shorter_than_the_law_gives(
    received: datetime, kind: AppealKind, extra_study: bool
) -> None:
    registered = registration_date(received)
    due = deadline_for(kind, registered, extra_study)
    shortest = registered + timedelta(days=15 if kind is not AppealKind.PROPOSAL and not extra_study else 28)

    assert DEFAULT_CALENDAR.is_working_day(due)
    assert shortest <= due <= shortest + timedelta(days=8)
    assert breach_at(due) > datetime.combine(due, time(23, 59), TASHKENT)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 45))
def test_no_extension_reaches_past_one_month_after_the_deadline(due: date, extra_days: int) -> None:
    wanted = due + timedelta(days=extra_days)
    latest = DEFAULT_CALENDAR.on_or_after(add_months(due, 1))
    try:
        chosen = extended_deadline(due, extensions_used=0, reason="ekspertiza", new_due=wanted)
    except ExtensionTooLong:
        assert DEFAULT_CALENDAR.on_or_after(wanted) > latest
    else:
        assert due < chosen <= latest
