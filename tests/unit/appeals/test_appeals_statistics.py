"""Statistics by territory and period and the quarterly report (Art. 35): appeals only, never tips."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from services.appeals.domain.categories import DEFAULT_CATALOGUE, AppealKind
from services.appeals.domain.deadlines import TASHKENT
from services.appeals.domain.errors import IllegalTransition, RoleNotAllowed
from services.appeals.domain.events import TipReceived
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import AnswerOutcome
from services.appeals.domain.statistics import Period, figures, figures_by_territory, quarterly_report
from services.appeals.domain.tips import Tip

AS_OF = datetime(2026, 4, 15, 12, 0, tzinfo=TASHKENT)


def tip(number: int, mahalla_code: str = "172626601014") -> Tip:
    return Tip.receive(
        tip_id=f"tip-{number}",
        category=DEFAULT_CATALOGUE.get("drugs"),
        mahalla_code=mahalla_code,
        text="Anonim: podyezdda giyohvand moddalar sotilmoqda",
        received_at=datetime(2026, 2, 3, 9, 0, tzinfo=TASHKENT),
    )


@pytest.fixture
def quarter_of_appeals(
    answered: Callable[..., Appeal], in_review: Callable[..., Appeal], new_appeal: Callable[..., Appeal], people
) -> list[Appeal]:
    satisfied = answered(AnswerOutcome.SATISFIED, appeal_id="a")  # answered after 3 days
    refused = answered(AnswerOutcome.REFUSED, appeal_id="b")
    refused.rate(False, by=people.citizen, at=refused.received_at + timedelta(days=4))
    overdue = in_review(appeal_id="c")  # never answered: overdue by mid-April
    dropped = in_review(appeal_id="d")
    dropped.mark_not_considered("decided_by_court", "Sud qarori", by=people.inspector, at=dropped.received_at)
    elsewhere = new_appeal(appeal_id="e", mahalla_code="171820401003")  # Samarkand
    next_quarter = new_appeal(appeal_id="f", received_at=datetime(2026, 4, 1, 10, 0, tzinfo=TASHKENT))
    return [satisfied, refused, overdue, dropped, elsewhere, next_quarter]


def test_the_figures_count_each_outcome_and_the_median_time_to_answer(quarter_of_appeals: list[Appeal]) -> None:
    row = figures(quarter_of_appeals[:4], "1726", AS_OF)

    assert (row.received, row.considered, row.satisfied, row.refused) == (4, 2, 1, 1)
    assert (row.not_considered, row.pending, row.overdue, row.rated_not_satisfied) == (1, 1, 1, 1)
    assert row.median_time_to_answer == timedelta(days=3)
    assert row.to_dict()["median_hours_to_answer"] == 72.0


def test_tips_are_never_counted_as_appeals(quarter_of_appeals: list[Appeal]) -> None:
    with_tips = [*quarter_of_appeals, tip(1), tip(2)]

    assert figures(with_tips, "", AS_OF) == figures(quarter_of_appeals, "", AS_OF)
    report = quarterly_report(with_tips, 2026, 1, AS_OF)
    assert report.total.received == 5


def test_figures_by_territory_cut_codes_to_the_level_asked(quarter_of_appeals: list[Appeal]) -> None:
    rows = figures_by_territory(quarter_of_appeals, Period.quarter(2026, 1), AS_OF, level="region")

    assert {code: row.received for code, row in rows.items()} == {"1718": 1, "1726": 4}


def test_the_quarterly_report_covers_its_three_months_by_territory_and_kind(quarter_of_appeals: list[Appeal]) -> None:
    report = quarterly_report(quarter_of_appeals, 2026, 1, AS_OF, level="district", territory_prefix="1726")

    assert report.period == Period(date(2026, 1, 1), date(2026, 4, 1))
    assert report.total.received == 4  # Samarkand and April are outside
    assert list(report.by_territory) == ["1726266"]
    assert list(report.by_kind) == [AppealKind.COMPLAINT.value]
    assert report.to_dict()["total"]["overdue"] == 1


def test_a_quarter_is_one_of_four() -> None:
    assert Period.quarter(2026, 4) == Period(date(2026, 10, 1), date(2027, 1, 1))
    with pytest.raises(ValueError, match="quarter"):
        Period.quarter(2026, 5)


def test_a_tip_has_no_deadline_and_is_read_by_staff_only(people) -> None:
    received = tip(1)

    assert not hasattr(received, "due_on")
    assert [type(event) for event in received.pull_events()] == [TipReceived]
    with pytest.raises(RoleNotAllowed):
        received.review("Tekshirildi", by=people.citizen, at=AS_OF)
    received.review("Tekshirildi, reyd o‘tkazildi", by=people.inspector, at=AS_OF)
    with pytest.raises(IllegalTransition):
        received.review("Yana", by=people.inspector, at=AS_OF)
