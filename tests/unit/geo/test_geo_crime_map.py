"""The crime map: queries validated, locations anonymised, small counts suppressed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.geo.domain import crime_map
from services.geo.domain.crime_map import Bucket, breakdown, counts_by_cell, suppress, time_series
from services.geo.domain.crime_query import (
    TASHKENT,
    BoundingBox,
    Circle,
    CrimeMapQuery,
    TerritoryArea,
    add_months,
    select,
    tashkent_midnight,
    validate_period,
    validate_query,
)
from services.geo.domain.errors import (
    AmbiguousArea,
    CoordinatesOutOfRange,
    InvalidBoundingBox,
    InvalidIncident,
    MalformedTerritoryCode,
    NaiveTimestamp,
    PeriodReversed,
    PeriodTooLong,
    RadiusOutOfRange,
    ResolutionNotAllowed,
    UnknownCategory,
    UnknownTerritoryCode,
)
from services.geo.domain.geometry import haversine_m
from services.geo.domain.incidents import CATEGORIES, Incident, anonymise, cell_centre, expand_categories
from services.geo.domain.territory import GeoPoint, Level

JAN = datetime(2025, 1, 1, tzinfo=UTC)
HOME = GeoPoint(lat=41.311081, lon=69.240562)  # a flat in Tashkent


def incident(n: int = 0, *, at: datetime = JAN, where: GeoPoint = HOME, category: str = "crime.theft",
             mahalla: str = "172626601014") -> Incident:  # fmt: skip
    return Incident.record(id=f"i-{n}", category=category, occurred_at=at, location=where, mahalla_code=mahalla)


# --- suppression


def test_counts_of_one_and_two_are_replaced_by_null_and_flagged_and_zero_or_three_are_shown() -> None:
    counts = {c.key: (c.count, c.suppressed) for c in suppress({"a": 0, "b": 1, "c": 2, "d": 3}, total_published=False)}
    assert counts == {"a": (0, False), "b": (None, True), "c": (None, True), "d": (3, False)}


def test_a_single_hidden_count_drags_the_next_smallest_with_it_when_the_total_is_shown() -> None:
    result = breakdown({"a": 2, "b": 5, "c": 40})
    assert result.total.count == 47
    assert [(c.key, c.count) for c in result.items] == [("a", None), ("b", None), ("c", 40)]


def test_hidden_counts_are_made_to_add_up_to_at_least_k() -> None:
    result = breakdown({"a": 1, "b": 1, "c": 9, "d": 30})  # 1 + 1 = 2 would reveal both
    assert {c.key for c in result.items if c.suppressed} == {"a", "b", "c"}


def test_a_total_below_k_hides_everything_but_zeros() -> None:
    result = breakdown({"a": 1, "b": 0, "c": 1})
    assert result.total.count is None
    assert result.total.suppressed
    assert [(c.count, c.suppressed) for c in result.items] == [(None, True), (0, False), (None, True)]


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 20), min_size=1, max_size=12))
def test_no_published_figure_ever_lets_a_small_count_be_worked_out(values: dict[str, int]) -> None:
    result = breakdown(values)
    hidden = [values[c.key] for c in result.items if c.suppressed]
    assert all(c.count is None or not 0 < c.count < 3 for c in result.items)
    assert result.total.suppressed or not hidden or (len(hidden) >= 2 and sum(hidden) >= 3)


# --- period validation


def test_a_period_of_exactly_twelve_months_is_accepted_and_one_second_more_is_not() -> None:
    assert validate_period(JAN, datetime(2026, 1, 1, tzinfo=UTC)).end == datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(PeriodTooLong) as raised:
        validate_period(JAN, datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC))
    assert raised.value.params["months"] == 12
    assert raised.value.status == 422


def test_a_period_must_start_before_it_ends_and_carry_a_time_zone() -> None:
    with pytest.raises(PeriodReversed):
        validate_period(JAN, JAN)
    with pytest.raises(NaiveTimestamp):
        validate_period(datetime(2025, 1, 1), datetime(2025, 2, 1, tzinfo=UTC))


def test_adding_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(datetime(2025, 1, 31, tzinfo=UTC), 1) == datetime(2025, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2024, 3, 31, tzinfo=UTC), 11) == datetime(2025, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2024, 12, 15, tzinfo=UTC), 12) == datetime(2025, 12, 15, tzinfo=UTC)


# --- query validation


def query(**area: object) -> CrimeMapQuery:
    return validate_query(start=JAN, end=datetime(2025, 2, 1, tzinfo=UTC), **area)  # type: ignore[arg-type]


def test_a_query_names_exactly_one_area() -> None:
    assert query(territory_code="1726").area == TerritoryArea("1726")
    with pytest.raises(AmbiguousArea):
        query()
    with pytest.raises(AmbiguousArea):
        query(territory_code="1726", bbox=[69.1, 41.2, 69.4, 41.4])


def test_territory_codes_in_queries_are_checked() -> None:
    with pytest.raises(MalformedTerritoryCode):
        query(territory_code="17")
    with pytest.raises(UnknownTerritoryCode):
        query(territory_code="1799", known_territory={"1726": object()})


def test_categories_must_be_known_and_a_group_means_all_its_kinds() -> None:
    crimes = expand_categories(["crime"])
    assert "crime.theft" in crimes
    assert "road_accident.collision" not in crimes
    assert expand_categories(None) == frozenset(CATEGORIES)
    assert expand_categories("road_accident.pedestrian,crime.fraud") == {"road_accident.pedestrian", "crime.fraud"}
    with pytest.raises(UnknownCategory) as raised:
        query(territory_code="1726", categories=["crime", "jaywalking"])
    assert raised.value.params == {"category": "jaywalking"}


@pytest.mark.parametrize(
    ("bbox", "reason"),
    [
        ([69.4, 41.2, 69.1, 41.4], "order"),  # min_lon above max_lon
        ([69.1, 91.0, 69.4, 92.0], "range"),
        ([60.0, 38.0, 70.0, 45.0], "too_large"),
        ([69.1, 41.2, 69.4], "shape"),
    ],
)
def test_bounding_boxes_are_checked_for_order_range_and_size(bbox: list[float], reason: str) -> None:
    with pytest.raises(InvalidBoundingBox) as raised:
        query(bbox=bbox)
    assert raised.value.params["reason"] == reason


def test_a_valid_bounding_box_is_kept_in_geojson_order() -> None:
    assert query(bbox=[69.1, 41.2, 69.4, 41.4]).area == BoundingBox(69.1, 41.2, 69.4, 41.4)


@pytest.mark.parametrize("radius", [50, 20_001, float("nan")])
def test_a_radius_must_be_between_100_m_and_20_km(radius: float) -> None:
    with pytest.raises(RadiusOutOfRange):
        query(centre=(41.3, 69.24), radius_m=radius)


def test_a_circle_needs_a_centre_on_the_globe() -> None:
    assert query(centre=(41.3, 69.24), radius_m=1_000).area == Circle(GeoPoint(41.3, 69.24), 1_000.0)
    with pytest.raises(CoordinatesOutOfRange):
        query(centre=(141.3, 69.24), radius_m=1_000)
    with pytest.raises(AmbiguousArea):
        query(centre=(41.3, 69.24))


# --- anonymisation and aggregation


def test_an_incident_is_shown_at_the_centre_of_its_cell_never_at_its_exact_place() -> None:
    shown = incident().anonymised_location
    assert shown == anonymise(HOME)
    assert shown != HOME
    assert 0 < haversine_m(shown, HOME) < 1_000  # within the ~0.7 km² cell


def test_the_map_answer_carries_no_exact_location() -> None:
    incidents = [incident(n, where=GeoPoint(41.3111 + n * 1e-4, 69.2405)) for n in range(5)]
    answer = crime_map.answer(incidents, query(territory_code="1726"))
    exact = {(i.location.lon, i.location.lat) for i in incidents}
    for feature in answer["points"]["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) not in exact
        assert GeoPoint(lat, lon) == cell_centre(incidents[0].cell)


def test_points_are_grouped_by_cell_and_category_with_small_counts_hidden() -> None:
    incidents = [incident(n) for n in range(4)] + [incident(9, category="crime.fraud")]
    features = crime_map.snapped_points(incidents)["features"]
    props = {f["properties"]["category"]: (f["properties"]["count"], f["properties"]["suppressed"]) for f in features}
    assert props == {"crime.theft": (4, False), "crime.fraud": (None, True)}


def test_counts_by_cell_refuse_cells_finer_than_the_anonymisation() -> None:
    with pytest.raises(ResolutionNotAllowed):
        counts_by_cell([incident()], resolution=9)
    coarse = counts_by_cell([incident(n) for n in range(3)], resolution=6)
    assert coarse.items[0].count == 3


def test_counts_by_territory_roll_mahallas_up_to_the_asked_level() -> None:
    incidents = [incident(n, mahalla="172626601014") for n in range(3)] + [
        incident(10 + n, mahalla="172626602020") for n in range(4)
    ]
    result = crime_map.counts_by_territory(incidents, Level.SECTOR)
    assert [(c.key, c.count) for c in result.items] == [("172626601", 3), ("172626602", 4)]


def test_a_time_series_has_every_month_of_the_period_counted_in_tashkent_time() -> None:
    period = validate_period(tashkent_midnight(date(2025, 1, 1)), tashkent_midnight(date(2025, 4, 1)))
    late_january_evening = datetime(2025, 1, 31, 20, 0, tzinfo=UTC)  # already 1 February in Tashkent
    incidents = [incident(n, at=late_january_evening) for n in range(3)] + [
        incident(10 + n, at=datetime(2025, 1, 10, tzinfo=UTC)) for n in range(3)
    ]
    series = time_series(incidents, period, Bucket.MONTH)
    assert [(c.key, c.count) for c in series.items] == [("2025-01", 3), ("2025-02", 3), ("2025-03", 0)]


def test_weekly_buckets_are_keyed_by_their_monday() -> None:
    period = validate_period(tashkent_midnight(date(2025, 1, 1)), tashkent_midnight(date(2025, 1, 20)))
    series = time_series([], period, Bucket.WEEK)
    keys = [c.key for c in series.items]
    assert keys == ["2024-12-30", "2025-01-06", "2025-01-13"]
    assert all(date.fromisoformat(key).weekday() == 0 for key in keys)


def test_filters_keep_the_period_the_categories_and_the_area() -> None:
    inside = incident(1)
    later = incident(2, at=JAN + timedelta(days=40))
    other_kind = incident(3, category="road_accident.collision")
    elsewhere = incident(4, where=GeoPoint(39.65, 66.96), mahalla="171840101001")
    q = validate_query(start=JAN, end=datetime(2025, 2, 1, tzinfo=UTC), categories=["crime"],
                       centre=(HOME.lat, HOME.lon), radius_m=2_000)  # fmt: skip
    assert select([inside, later, other_kind, elsewhere], q) == [inside]
    by_code = validate_query(start=JAN, end=datetime(2025, 2, 1, tzinfo=UTC), territory_code="1718")
    assert select([inside, elsewhere], by_code) == [elsewhere]


def test_only_road_accidents_count_casualties_and_incidents_need_aware_times() -> None:
    with pytest.raises(InvalidIncident):
        Incident.record(id="x", category="crime.theft", occurred_at=JAN, location=HOME,
                        mahalla_code="172626601014", injuries=1)  # fmt: skip
    with pytest.raises(InvalidIncident):
        incident(at=datetime(2025, 1, 1))
    with pytest.raises(UnknownCategory):
        incident(category="crime.jaywalking")
    assert TASHKENT.utcoffset(None) == timedelta(hours=5)
