"""The sandbox incident feed: deterministic, inside the mahallas, with the rhythms of real life."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import shapely

from services.geo.domain.crime_map import TASHKENT
from services.geo.domain.geometry import to_shape
from services.geo.domain.incident_feed import generate_incidents
from services.geo.domain.incidents import CATEGORIES, CategoryGroup, Incident
from services.geo.domain.registry import Territory

START, END = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def incidents(pilot: Territory) -> list[Incident]:
    return list(generate_incidents(pilot, start=START, end=END, seed=1))


def test_the_same_seed_gives_the_same_incidents(pilot: Territory, incidents: list[Incident]) -> None:
    again = list(generate_incidents(pilot, start=START, end=END, seed=1))
    assert again == incidents
    other = list(generate_incidents(pilot, start=START, end=END, seed=2))
    assert [i.id for i in other[:10]] != [i.id for i in incidents[:10]]


def test_volumes_follow_the_population(incidents: list[Incident]) -> None:
    per_day = len(incidents) / 14
    assert 150 < per_day < 450  # ~15 per 1,000 residents a year over ~7 M people


def test_incidents_come_in_time_order_within_the_period(incidents: list[Incident]) -> None:
    times = [i.occurred_at for i in incidents]
    assert times == sorted(times)
    assert times[0] >= START
    assert times[-1] < END


def test_every_incident_lies_inside_its_mahalla(pilot: Territory, incidents: list[Incident]) -> None:
    for incident in incidents[::25]:
        shape = to_shape(pilot.mahalla(incident.mahalla_code).polygon)
        assert shape.contains(shapely.Point(incident.location.lon, incident.location.lat))


def test_offences_peak_in_the_evening_not_before_dawn(incidents: list[Incident]) -> None:
    hours = Counter(
        i.occurred_at.astimezone(TASHKENT).hour for i in incidents if i.group is CategoryGroup.ADMINISTRATIVE
    )
    assert hours[20] > 5 * hours[4]


def test_the_mix_is_mostly_offences_then_crimes_then_accidents_with_casualties(incidents: list[Incident]) -> None:
    groups = Counter(i.group for i in incidents)
    assert groups[CategoryGroup.ADMINISTRATIVE] > groups[CategoryGroup.CRIME] > groups[CategoryGroup.ROAD_ACCIDENT] > 0
    assert {i.category for i in incidents} <= set(CATEGORIES)
    accidents = [i for i in incidents if i.group is CategoryGroup.ROAD_ACCIDENT]
    assert sum(i.injuries + i.deaths for i in accidents) >= len(accidents) * 0.8
    assert all(i.injuries == i.deaths == 0 for i in incidents if i.group is not CategoryGroup.ROAD_ACCIDENT)
