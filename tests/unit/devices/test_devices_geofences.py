"""Geofences: circles and polygons, schedules in Tashkent time, and transitions only forward in fix time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.devices.domain.errors import InvalidGeofence
from services.devices.domain.geofences import (
    Circle,
    Geofence,
    GeofenceKind,
    Polygon,
    Schedule,
    make_shape,
    transitions,
)

SCHOOL = (41.311081, 69.240562)
# A square of about 220 m around the school.
SQUARE = Polygon(((41.3101, 69.2393), (41.3101, 69.2419), (41.3121, 69.2419), (41.3121, 69.2393)))
MONDAY_0830_TASHKENT = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)


def fence(kind: GeofenceKind = GeofenceKind.SCHOOL, schedule: Schedule | None = None) -> Geofence:
    return Geofence("f-1", "child-1", "110-maktab", kind, Circle(*SCHOOL, 150), schedule)


def test_a_point_150_m_away_is_outside_a_100_m_circle_and_inside_a_200_m_one() -> None:
    north = (SCHOOL[0] + 150 / 111_195, SCHOOL[1])
    assert not Circle(*SCHOOL, 100).contains(*north)
    assert Circle(*SCHOOL, 200).contains(*north)


def test_a_polygon_holds_its_centre_and_not_a_point_beside_it() -> None:
    assert SQUARE.contains(*SCHOOL)
    assert not SQUARE.contains(SCHOOL[0], 69.2430)


@given(st.floats(41.3102, 41.3120), st.floats(69.2394, 69.2418))
def test_every_point_strictly_inside_the_square_is_inside(latitude: float, longitude: float) -> None:
    assert SQUARE.contains(latitude, longitude)


def test_a_closed_polygon_ring_is_accepted_and_a_two_point_one_is_refused() -> None:
    ring = [*SQUARE.points, SQUARE.points[0]]
    assert make_shape(polygon=ring) == SQUARE
    with pytest.raises(InvalidGeofence):
        make_shape(polygon=SQUARE.points[:2])


def test_null_island_and_giant_circles_are_refused() -> None:
    with pytest.raises(InvalidGeofence):
        make_shape(circle=(0.0, 0.0, 100.0))
    with pytest.raises(InvalidGeofence):
        make_shape(circle=(*SCHOOL, 1_000_000.0))


def test_school_hours_are_read_in_tashkent_time() -> None:
    hours = Schedule(frozenset(range(6)), time(8, 0), time(13, 0))
    assert hours.active_at(MONDAY_0830_TASHKENT)
    assert not hours.active_at(MONDAY_0830_TASHKENT - timedelta(hours=1))  # 07:30 local
    assert not hours.active_at(MONDAY_0830_TASHKENT + timedelta(days=6))  # Sunday


@given(st.integers(0, 7 * 24 * 60 - 1))
def test_a_schedule_is_active_exactly_on_its_days_between_its_hours(minutes: int) -> None:
    hours = Schedule(frozenset(range(6)), time(8, 0), time(13, 0))
    at = datetime(2026, 11, 22, 19, 0, tzinfo=UTC) + timedelta(minutes=minutes)  # Monday 00:00 Tashkent onwards
    local_minutes = minutes % (24 * 60)
    expected = minutes // (24 * 60) < 6 and 8 * 60 <= local_minutes < 13 * 60
    assert hours.active_at(at) == expected


def test_leaving_a_fence_is_one_exit_transition_and_staying_out_is_none() -> None:
    inside, moves = transitions(frozenset({"f-1"}), [fence()], 41.33, 69.28, MONDAY_0830_TASHKENT)
    assert inside == frozenset()
    assert [(m.geofence.id, m.entered) for m in moves] == [("f-1", False)]
    assert transitions(inside, [fence()], 41.33, 69.28, MONDAY_0830_TASHKENT) == (frozenset(), [])


def test_the_first_fix_inside_a_fence_enters_it() -> None:
    inside, moves = transitions(frozenset(), [fence()], *SCHOOL, MONDAY_0830_TASHKENT)
    assert inside == {"f-1"}
    assert moves[0].entered
