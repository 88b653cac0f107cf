"""Schools and their class hours, in the school's own zone (Asia/Tashkent): when classes start and end."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TASHKENT = "Asia/Tashkent"
WEEKDAYS_MON_SAT = frozenset(range(0, 6))  # Monday .. Saturday: Uzbek schools have a six-day week


@dataclasses.dataclass(frozen=True)
class School:
    id: str
    name: str
    territory_code: str
    classes_start: time
    classes_end: time
    weekdays: frozenset[int] = WEEKDAYS_MON_SAT
    time_zone: str = TASHKENT

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local_date(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    def is_school_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays

    def classes_window(self, day: date) -> tuple[datetime, datetime] | None:
        """Start and end of classes on `day` as UTC instants; None when there are no classes."""
        if not self.is_school_day(day):
            return None
        start = datetime.combine(day, self.classes_start, tzinfo=self.zone).astimezone(UTC)
        end = datetime.combine(day, self.classes_end, tzinfo=self.zone).astimezone(UTC)
        return start, end

    def during_classes(self, at: datetime) -> bool:
        window = self.classes_window(self.local_date(at))
        return window is not None and window[0] <= at < window[1]

    def next_classes_start(self, after: datetime) -> datetime:
        """The first start of classes strictly after `after` (looks up to two weeks ahead)."""
        day = self.local_date(after)
        for offset in range(15):
            window = self.classes_window(day + timedelta(days=offset))
            if window is not None and window[0] > after:
                return window[0]
        raise ValueError(f"school {self.id} has no school days")
