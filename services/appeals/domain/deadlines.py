"""The law's clock: registration day, review deadlines, the one extension, the forward window, timers.

Time zone: Asia/Tashkent is UTC+5 all year (no daylight saving since 1992), so a fixed offset is exact and
needs no tz database. Every function takes aware datetimes and returns UTC ones; dates are Tashkent dates.

Working hours (our choice, the law only says "after hours"): Monday to Friday, 09:00–18:00 Tashkent time,
the standard five-day week of state bodies. Non-working days: Saturdays, Sundays, the fixed public
holidays of the Labour Code (1 January, 8 March, 21 March, 9 May, 1 September, 1 October, 8 December)
and the dates the government announces each year (the two Hayit days, which follow the lunar calendar,
and days off moved by decree) — those come from configuration, as do Saturdays declared working days.

Counting (Art. 28): deadlines run in calendar days (or a calendar month) from the day of registration,
the day of registration itself not counted; a deadline falling on a non-working day moves to the next
working day. The deadline day lasts until midnight Tashkent time — the breach is the first moment after.
Information requested from the citizen does not stop the clock: the law has no such pause.
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

from services.appeals.domain.categories import AppealKind
from services.appeals.domain.errors import (
    ExtensionAlreadyUsed,
    ExtensionNotLater,
    ExtensionTooLong,
    ForwardWindowClosed,
    ReasonRequired,
)

TASHKENT = timezone(timedelta(hours=5), "Asia/Tashkent")

REVIEW_DAYS = 15  # application or complaint (Art. 28)
FORWARD_DAYS = 5  # forwarding to the competent body (Art. 25)
REMINDER_DAYS_BEFORE: tuple[int, ...] = (3, 1)

FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = ((1, 1), (3, 8), (3, 21), (5, 9), (9, 1), (10, 1), (12, 8))


@dataclass(frozen=True)
class WorkingCalendar:
    opens: time = time(9, 0)
    closes: time = time(18, 0)
    working_weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    fixed_holidays: tuple[tuple[int, int], ...] = FIXED_HOLIDAYS
    holidays: frozenset[date] = field(default_factory=frozenset)  # Hayit days, moved days off
    working_days: frozenset[date] = field(default_factory=frozenset)  # Saturdays declared working

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day in self.holidays or (day.month, day.day) in self.fixed_holidays:
            return False
        return day.weekday() in self.working_weekdays

    def on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def next_working_day(self, day: date) -> date:
        return self.on_or_after(day + timedelta(days=1))


DEFAULT_CALENDAR = WorkingCalendar()


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime reached the appeals domain; pass an aware one (UTC)")


def in_tashkent(moment: datetime) -> datetime:
    _require_aware(moment)
    return moment.astimezone(TASHKENT)


def tashkent_date(moment: datetime) -> date:
    return in_tashkent(moment).date()


def registration_date(received_at: datetime, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> date:
    """The day the appeal is registered (Art. 23): the day it arrives if that is a working day and it
    arrives before closing time (arriving before opening counts for that day), else the next working day.
    """
    local = in_tashkent(received_at)
    if calendar.is_working_day(local.date()) and local.time() < calendar.closes:
        return local.date()
    return calendar.next_working_day(local.date())


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day (31 January + 1 = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


def deadline_for(
    kind: AppealKind,
    registered_on: date,
    extra_study: bool = False,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> date:
    """The last day of review (Art. 28): 15 days for an application or complaint, one month when extra
    study is needed; one month for a proposal (extra study changes nothing there)."""
    if kind is AppealKind.PROPOSAL or extra_study:
        last = add_months(registered_on, 1)
    else:
        last = registered_on + timedelta(days=REVIEW_DAYS)
    return calendar.on_or_after(last)


def latest_extension(current_due: date, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> date:
    """The furthest the one extension may reach: one month past the current deadline."""
    return calendar.on_or_after(add_months(current_due, 1))


def extended_deadline(
    current_due: date,
    *,
    extensions_used: int,
    reason: str,
    new_due: date | None = None,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> date:
    """Check one extension by the head (Art. 28) and return the new last day of review.

    Only one extension; a reason is required; at most one month more. `new_due` defaults to the maximum.
    """
    if extensions_used >= 1:
        raise ExtensionAlreadyUsed()
    if not reason.strip():
        raise ReasonRequired()
    latest = latest_extension(current_due, calendar)
    chosen = latest if new_due is None else calendar.on_or_after(new_due)
    if chosen <= current_due:
        raise ExtensionNotLater(due_on=current_due.isoformat())
    if chosen > latest:
        raise ExtensionTooLong(latest=latest.isoformat())
    return chosen


def forward_deadline(registered_on: date, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> date:
    """The last day an appeal outside our competence may be forwarded to the competent body (Art. 25)."""
    return calendar.on_or_after(registered_on + timedelta(days=FORWARD_DAYS))


def check_forward_window(registered_on: date, at: datetime, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> None:
    last_day = forward_deadline(registered_on, calendar)
    if tashkent_date(at) > last_day:
        raise ForwardWindowClosed(last_day=last_day.isoformat())


def breach_at(due_on: date) -> datetime:
    """The first moment the deadline is breached: midnight in Tashkent after the last day, in UTC."""
    return datetime.combine(due_on + timedelta(days=1), time(0), TASHKENT).astimezone(UTC)


def is_breached(due_on: date, now: datetime) -> bool:
    _require_aware(now)
    return now >= breach_at(due_on)


@dataclass(frozen=True)
class Reminder:
    days_before: int  # which reminder this is (its stable key)
    at: datetime  # UTC
    days_left: int  # calendar days from the reminder's day to the last day, for the message


def reminder_times(
    due_on: date,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
    days_before: tuple[int, ...] = REMINDER_DAYS_BEFORE,
    not_before: datetime | None = None,
) -> tuple[Reminder, ...]:
    """Reminders at opening time N days before the last day, moved back to a working day; two that land
    on the same moment become one, and those before `not_before` (e.g. registration) are dropped."""
    reminders: dict[datetime, Reminder] = {}
    for n in sorted(days_before, reverse=True):
        day = calendar.on_or_before(due_on - timedelta(days=n))
        at = datetime.combine(day, calendar.opens, TASHKENT).astimezone(UTC)
        if not_before is not None and at < not_before:
            continue
        reminders.setdefault(at, Reminder(days_before=n, at=at, days_left=(due_on - day).days))
    return tuple(sorted(reminders.values(), key=lambda reminder: reminder.at))
