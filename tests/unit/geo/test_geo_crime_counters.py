"""The crime map answered from precomputed counters is the map answered from the raw incidents."""

from __future__ import annotations

from datetime import date

import pytest

from services.geo.domain import crime_counters, crime_map
from services.geo.domain.crime_query import validate_query
from services.geo.domain.errors import InvalidDate
from services.geo.domain.incident_feed import generate_incidents
from services.geo.domain.incidents import Incident
from services.geo.domain.registry import Territory

CHILONZOR = "1726294"


@pytest.fixture(scope="module")
def incidents(pilot: Territory) -> list[Incident]:
    start, end = crime_counters.whole_days("2025-05-20", "2025-06-10", today=date(2025, 7, 1))
    chilonzor = Territory(mahallas=pilot.mahallas_within(CHILONZOR))
    return list(generate_incidents(chilonzor, start=start, end=end, seed=7, rate_multiplier=3.0))


def stored_and_read_back(incidents: list[Incident]) -> list[crime_counters.Tally]:
    rows = []
    for (district, month), tallies in crime_counters.tally(incidents).items():
        rows.extend(crime_counters.decode(crime_counters.encode(district, month, tallies)))
    return rows


@pytest.mark.parametrize("bucket", list(crime_map.Bucket))
@pytest.mark.parametrize("territory", [CHILONZOR, "172629401", "1726"])
def test_counters_give_the_same_answer_as_the_raw_incidents(
    incidents: list[Incident], bucket: crime_map.Bucket, territory: str
) -> None:
    start, end = crime_counters.whole_days("2025-05-25", "2025-06-05", today=date(2025, 7, 1))
    query = validate_query(start=start, end=end, territory_code=territory, categories="crime,road_accident")
    expected = crime_map.answer(incidents, query, bucket=bucket)
    assert crime_counters.answer_from_tallies(stored_and_read_back(incidents), query, bucket=bucket) == expected
    assert expected["by_cell"]["total"]["count"] > 0


def test_counters_give_the_same_answer_for_a_circle(incidents: list[Incident]) -> None:
    start, end = crime_counters.whole_days("2025-05", "2025-06", today=date(2025, 7, 1))
    centre = incidents[0].location
    query = validate_query(start=start, end=end, centre=(centre.lat, centre.lon), radius_m=1500)
    expected = crime_map.answer(incidents, query)
    assert crime_counters.answer_from_tallies(stored_and_read_back(incidents), query) == expected


def test_merging_adds_counts_of_the_same_mahalla_day_category_and_cell(incidents: list[Incident]) -> None:
    half = len(incidents) // 2
    first, second = crime_counters.tally(incidents[:half]), crime_counters.tally(incidents[half:])
    whole = crime_counters.tally(incidents)
    for key, rows in whole.items():
        assert crime_counters.merge(first.get(key, []), second.get(key, [])) == rows


def test_periods_are_whole_local_days_with_the_end_included() -> None:
    start, end = crime_counters.whole_days("2025-02", None, today=date(2025, 7, 1))
    assert (start.isoformat(), end.isoformat()) == ("2025-02-01T00:00:00+05:00", "2025-03-01T00:00:00+05:00")
    start, end = crime_counters.whole_days("2025-02-10", "2025-02-10", today=date(2025, 7, 1))
    assert (end - start).days == 1


def test_without_a_period_the_map_shows_the_last_whole_month() -> None:
    start, end = crime_counters.whole_days(None, None, today=date(2025, 1, 15))
    assert (start.date(), end.date()) == (date(2024, 12, 1), date(2025, 1, 1))


@pytest.mark.parametrize("text", ["2025", "2025-13", "2025-02-30", "last month", "2025/02"])
def test_a_bound_that_is_neither_a_month_nor_a_day_is_refused(text: str) -> None:
    with pytest.raises(InvalidDate):
        crime_counters.whole_days(text, None, today=date(2025, 7, 1))


def test_a_period_touches_every_local_month_it_overlaps() -> None:
    start, end = crime_counters.whole_days("2024-11-30", "2025-01-01", today=date(2025, 7, 1))
    query = validate_query(start=start, end=end, territory_code=CHILONZOR)
    assert crime_counters.months_of(query.period) == ["2024-11", "2024-12", "2025-01"]
