"""When a timer scheduler asks the database again: at the earliest due time it knows, or at the rescan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.clock import FixedClock
from shared.timers import DueTime

NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_a_new_schedule_asks_at_once() -> None:
    assert DueTime(FixedClock(NOON), rescan_interval=10).reached(monotonic_now=0.0)


def test_after_an_answer_with_nothing_scheduled_it_waits_for_the_rescan() -> None:
    due = DueTime(FixedClock(NOON), rescan_interval=10)
    due.asking()
    due.asked(None, monotonic_now=100.0)
    assert not due.reached(monotonic_now=109.9)
    assert due.reached(monotonic_now=110.0)


def test_the_clock_reaching_the_earliest_due_time_asks_before_the_rescan() -> None:
    clock = FixedClock(NOON)
    due = DueTime(clock, rescan_interval=10)
    due.asking()
    due.asked(NOON + timedelta(minutes=5), monotonic_now=0.0)
    assert not due.reached(monotonic_now=1.0)
    clock.advance(timedelta(minutes=5))
    assert due.reached(monotonic_now=1.0)


def test_a_timer_learned_from_the_own_store_brings_the_question_forward() -> None:
    clock = FixedClock(NOON)
    due = DueTime(clock, rescan_interval=10)
    due.asking()
    due.asked(NOON + timedelta(days=15), monotonic_now=0.0)
    due.learn(NOON + timedelta(seconds=30))
    clock.advance(timedelta(seconds=30))
    assert due.reached(monotonic_now=1.0)


def test_a_timer_learned_while_the_database_was_being_asked_is_not_lost_by_the_answer() -> None:
    clock = FixedClock(NOON)
    due = DueTime(clock, rescan_interval=10)
    due.asking()
    due.learn(NOON + timedelta(seconds=30))  # scheduled after the query had read the collection
    due.asked(NOON + timedelta(days=15), monotonic_now=0.0)
    clock.advance(timedelta(seconds=30))
    assert due.reached(monotonic_now=1.0)
