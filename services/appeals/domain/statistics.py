"""Appeal statistics by territory and period, and the quarterly report the law requires (Art. 35).

The figures describe the appeals *registered* in the period (a cohort), each in its state as of now:
received; considered (answered at least once); of those satisfied (fully or partly), refused or
explained; not considered (including returned); forwarded, terminated, withdrawn; still pending;
overdue (the deadline was breached at some point, or is breached as of `as_of` and still unanswered);
the ratings "not satisfied"; and the median time from arrival to the first answer.
Tips are never counted (Art. 29): anything that is not an appeal is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypeGuard

from services.appeals.domain.aggregate import AppealRecord
from services.appeals.domain.records import AnswerOutcome
from services.appeals.domain.states import AppealState

TerritoryLevel = Literal["region", "district", "sector", "mahalla"]
CODE_LENGTH: dict[TerritoryLevel, int] = {"region": 4, "district": 7, "sector": 9, "mahalla": 12}


@dataclass(frozen=True)
class Period:
    start: date  # included
    end: date  # excluded

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("a quarter is 1, 2, 3 or 4")
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return cls(start, end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


@dataclass(frozen=True)
class AppealFigures:
    territory_code: str  # "" for all territories
    received: int = 0
    considered: int = 0
    satisfied: int = 0
    refused: int = 0
    explained: int = 0
    not_considered: int = 0
    forwarded: int = 0
    terminated: int = 0
    withdrawn: int = 0
    pending: int = 0
    overdue: int = 0
    rated_not_satisfied: int = 0
    median_time_to_answer: timedelta | None = None

    def to_dict(self) -> dict[str, Any]:
        median = self.median_time_to_answer
        return {
            **{name: getattr(self, name) for name in self.__dataclass_fields__ if name != "median_time_to_answer"},
            "median_hours_to_answer": round(median.total_seconds() / 3600, 1) if median is not None else None,
        }


_SATISFIED = frozenset({AnswerOutcome.SATISFIED, AnswerOutcome.PARTIALLY_SATISFIED})
_ENDED = {
    AppealState.NOT_CONSIDERED: "not_considered",
    AppealState.RETURNED: "not_considered",
    AppealState.FORWARDED: "forwarded",
    AppealState.TERMINATED: "terminated",
    AppealState.WITHDRAWN: "withdrawn",
}


def _final_outcome(appeal: AppealRecord) -> AnswerOutcome | None:
    answer = appeal.current_answer or (appeal.previous_answers[-1] if appeal.previous_answers else None)
    return answer.outcome if answer is not None else None


def figures(appeals: Iterable[object], territory_code: str, as_of: datetime) -> AppealFigures:
    """The figures of the given appeals (already chosen by period and territory)."""
    counts: dict[str, int] = dict.fromkeys(AppealFigures.__dataclass_fields__, 0)
    durations: list[timedelta] = []
    for appeal in appeals:
        if not isinstance(appeal, AppealRecord):
            continue  # a tip, or anything else that is not an appeal
        counts["received"] += 1
        outcome = _final_outcome(appeal)
        if appeal.first_answered_at is not None:
            counts["considered"] += 1
            durations.append(appeal.first_answered_at - appeal.received_at)
        if outcome in _SATISFIED:
            counts["satisfied"] += 1
        elif outcome is AnswerOutcome.REFUSED:
            counts["refused"] += 1
        elif outcome is AnswerOutcome.EXPLAINED:
            counts["explained"] += 1
        if appeal.state in _ENDED:
            counts[_ENDED[appeal.state]] += 1
        if appeal.is_open:
            counts["pending"] += 1
        if appeal.ever_breached or appeal.is_overdue(as_of):
            counts["overdue"] += 1
        counts["rated_not_satisfied"] += sum(1 for rating in appeal.ratings if not rating.satisfied)
    del counts["territory_code"], counts["median_time_to_answer"]
    return AppealFigures(territory_code=territory_code, median_time_to_answer=_median(durations), **counts)


def _median(durations: list[timedelta]) -> timedelta | None:
    if not durations:
        return None
    ordered = sorted(durations)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _in_scope(appeal: object, period: Period, territory_prefix: str) -> TypeGuard[AppealRecord]:
    return (
        isinstance(appeal, AppealRecord)
        and appeal.registered_on in period
        and appeal.territory_code.startswith(territory_prefix)
    )


def figures_by_territory(
    appeals: Iterable[object],
    period: Period,
    as_of: datetime,
    level: TerritoryLevel = "district",
    territory_prefix: str = "",
) -> dict[str, AppealFigures]:
    """Figures per territory of the given level (codes cut to its length), in code order."""
    groups: dict[str, list[AppealRecord]] = {}
    for appeal in appeals:
        if _in_scope(appeal, period, territory_prefix):
            groups.setdefault(appeal.territory_code[: CODE_LENGTH[level]], []).append(appeal)
    return {code: figures(groups[code], code, as_of) for code in sorted(groups)}


@dataclass(frozen=True)
class QuarterlyReport:
    """The quarterly analysis of appeals (Art. 35), per territory, per kind, and in total."""

    year: int
    quarter: int
    period: Period
    level: TerritoryLevel
    territory_prefix: str
    total: AppealFigures
    by_territory: dict[str, AppealFigures] = field(default_factory=dict)
    by_kind: dict[str, AppealFigures] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "quarter": self.quarter,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "level": self.level,
            "territory": self.territory_prefix,
            "total": self.total.to_dict(),
            "by_territory": [row.to_dict() for row in self.by_territory.values()],
            "by_kind": {kind: row.to_dict() for kind, row in self.by_kind.items()},
        }


def quarterly_report(
    appeals: Iterable[object],
    year: int,
    quarter: int,
    as_of: datetime,
    level: TerritoryLevel = "district",
    territory_prefix: str = "",
) -> QuarterlyReport:
    period = Period.quarter(year, quarter)
    chosen = [a for a in appeals if _in_scope(a, period, territory_prefix)]
    by_kind: dict[str, list[AppealRecord]] = {}
    for appeal in chosen:
        by_kind.setdefault(appeal.kind.value, []).append(appeal)
    return QuarterlyReport(
        year=year,
        quarter=quarter,
        period=period,
        level=level,
        territory_prefix=territory_prefix,
        total=figures(chosen, territory_prefix, as_of),
        by_territory=figures_by_territory(chosen, period, as_of, level, territory_prefix),
        by_kind={kind: figures(rows, territory_prefix, as_of) for kind, rows in sorted(by_kind.items())},
    )
