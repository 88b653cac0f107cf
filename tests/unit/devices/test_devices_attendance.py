"""Attendance from turnstile passes and the start of classes, in the school's own zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.devices.domain.attendance import AttendanceKind, SchoolDay, check_not_arrived, record_pass
from services.devices.domain.schools import School
from services.devices.domain.telemetry import Direction

SCHOOL = School("s-110", "110-maktab", "172626601014", time(8, 0), time(13, 0))
MONDAY = date(2026, 11, 23)
AT_0745 = datetime(2026, 11, 23, 2, 45, tzinfo=UTC)


def day() -> SchoolDay:
    return SchoolDay("c-1", SCHOOL.id, MONDAY)


def test_the_first_entry_is_the_arrival_and_a_second_entry_tells_nobody() -> None:
    first, facts = record_pass(day(), pass_key="t:1", direction=Direction.IN, at=AT_0745, school=SCHOOL)
    assert [f.kind for f in facts] == [AttendanceKind.ARRIVED]
    assert first.arrived_at == AT_0745
    again, facts = record_pass(
        first, pass_key="t:2", direction=Direction.IN, at=AT_0745 + timedelta(hours=5), school=SCHOOL
    )
    assert facts == []
    assert again.arrived_at == AT_0745


def test_a_re_uploaded_pass_changes_nothing() -> None:
    first, _ = record_pass(day(), pass_key="t:1", direction=Direction.IN, at=AT_0745, school=SCHOOL)
    assert record_pass(first, pass_key="t:1", direction=Direction.IN, at=AT_0745, school=SCHOOL) == (first, [])


def test_leaving_during_classes_is_told_as_such_and_after_classes_as_a_plain_departure() -> None:
    inside, _ = record_pass(day(), pass_key="t:1", direction=Direction.IN, at=AT_0745, school=SCHOOL)
    _, during = record_pass(
        inside, pass_key="t:2", direction=Direction.OUT, at=AT_0745 + timedelta(hours=2), school=SCHOOL
    )
    _, after = record_pass(
        inside, pass_key="t:3", direction=Direction.OUT, at=AT_0745 + timedelta(hours=6), school=SCHOOL
    )
    assert [f.kind for f in during] == [AttendanceKind.LEFT_DURING_CLASSES]
    assert [f.kind for f in after] == [AttendanceKind.LEFT]


def test_not_arrived_is_reported_once_and_never_for_a_child_who_came() -> None:
    checked, facts = check_not_arrived(day(), at=AT_0745)
    assert [f.kind for f in facts] == [AttendanceKind.NOT_ARRIVED]
    assert check_not_arrived(checked, at=AT_0745) == (checked, [])
    came, _ = record_pass(day(), pass_key="t:1", direction=Direction.IN, at=AT_0745, school=SCHOOL)
    assert check_not_arrived(came, at=AT_0745)[1] == []


def test_classes_start_at_0800_tashkent_which_is_0300_utc() -> None:
    assert SCHOOL.classes_window(MONDAY) == (
        datetime(2026, 11, 23, 3, 0, tzinfo=UTC),
        datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
    )
    assert SCHOOL.classes_window(date(2026, 11, 29)) is None  # Sunday


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31)))
def test_the_next_start_of_classes_is_later_on_a_school_day_at_0800_local_and_none_is_skipped(naive: datetime) -> None:
    after = naive.replace(tzinfo=UTC)
    start = SCHOOL.next_classes_start(after)
    local = start.astimezone(SCHOOL.zone)
    assert start > after
    assert local.time() == time(8, 0)
    assert local.weekday() in SCHOOL.weekdays
    assert start - after <= timedelta(days=2)  # at most Saturday 08:00 -> Monday 08:00
    assert SCHOOL.next_classes_start(start - timedelta(microseconds=1)) == start
