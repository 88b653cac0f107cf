"""Point → mahalla: the H3 index answers exactly what testing every polygon answers, only faster."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.geo.domain.errors import CoordinatesOutOfRange, OutsideServiceArea
from services.geo.domain.lookup import BruteForceLocator, MahallaIndex
from services.geo.domain.registry import Territory
from services.geo.domain.territory import Mahalla, Names, UnitStatus

NAMES = Names("Obod MFY", "Обод МФЙ", "МСГ «Обод»")
# The pilot's extent, with a margin of empty land around it.
lats = st.floats(39.1, 41.6, allow_nan=False)
lons = st.floats(65.3, 69.6, allow_nan=False)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def answer(locator: MahallaIndex | BruteForceLocator, lat: float, lon: float) -> str | None:
    try:
        return locator.locate(lat=lat, lon=lon)
    except OutsideServiceArea:
        return None


@SETTINGS
@given(lat=lats, lon=lons)
def test_the_index_agrees_with_brute_force_anywhere_in_the_pilot(
    pilot_index: MahallaIndex, pilot_brute_force: BruteForceLocator, lat: float, lon: float
) -> None:
    assert answer(pilot_index, lat, lon) == answer(pilot_brute_force, lat, lon)


@SETTINGS
@given(data=st.data())
def test_the_index_agrees_with_brute_force_on_mahalla_corners_and_edges(
    pilot: Territory, pilot_index: MahallaIndex, pilot_brute_force: BruteForceLocator, data: st.DataObject
) -> None:
    ring = pilot.mahallas[data.draw(st.integers(0, len(pilot.mahallas) - 1))].polygon[0]
    i = data.draw(st.integers(0, len(ring) - 2))
    t = data.draw(st.sampled_from([0.0, 0.5, 1.0]) | st.floats(0, 1))
    (x0, y0), (x1, y1) = ring[i], ring[i + 1]
    lon, lat = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    located = answer(pilot_index, lat, lon)
    assert located == answer(pilot_brute_force, lat, lon)
    if t in (0.0, 1.0):  # a vertex is exactly on the mahalla (a computed edge point may round outside)
        assert located is not None


def test_every_law_enforcement_post_is_located_in_its_own_mahalla(pilot: Territory, pilot_index: MahallaIndex) -> None:
    for post in pilot.posts[::7]:
        assert pilot_index.locate(lat=post.location.lat, lon=post.location.lon) == post.mahalla_code


def test_a_point_outside_every_mahalla_is_outside_the_service_area(
    pilot_index: MahallaIndex, pilot_brute_force: BruteForceLocator
) -> None:
    for locator in (pilot_index, pilot_brute_force):
        with pytest.raises(OutsideServiceArea) as raised:
            locator.locate(lat=40.38, lon=71.78)  # Fergana: not in the pilot
        assert raised.value.status == 404
        assert raised.value.params == {"lat": 40.38, "lon": 71.78}


@pytest.mark.parametrize(("lat", "lon"), [(91.0, 69.0), (41.0, 181.0), (float("nan"), 69.0)])
def test_coordinates_off_the_globe_are_refused_before_any_lookup(
    pilot_index: MahallaIndex, lat: float, lon: float
) -> None:
    with pytest.raises(CoordinatesOutOfRange):
        pilot_index.locate(lat=lat, lon=lon)


def square(code: str, lon: float, status: UnitStatus = UnitStatus.ACTIVE) -> Mahalla:
    ring = ((lon, 41.30), (lon + 0.01, 41.30), (lon + 0.01, 41.31), (lon, 41.31), (lon, 41.30))
    return Mahalla(code=code, parent_code=code[:9], names=NAMES, polygon=(ring,), status=status)


def test_a_point_on_a_shared_edge_goes_to_the_smaller_code_in_both_locators() -> None:
    west, east = square("172626601002", 69.20), square("172626601001", 69.21)
    for locator in (MahallaIndex([west, east]), BruteForceLocator([west, east])):
        assert locator.locate(lat=41.305, lon=69.21) == "172626601001"
        assert locator.locate(lat=41.305, lon=69.205) == "172626601002"


def test_a_retired_mahalla_no_longer_answers() -> None:
    retired = dataclasses.replace(square("172626601001", 69.20), status=UnitStatus.RETIRED)
    for locator in (MahallaIndex([retired]), BruteForceLocator([retired])):
        with pytest.raises(OutsideServiceArea):
            locator.locate(lat=41.305, lon=69.205)


def test_most_cells_of_the_pilot_answer_without_a_polygon_test(pilot_index: MahallaIndex) -> None:
    assert pilot_index.direct_cell_count > 0.25 * pilot_index.cell_count


RING_WITH_HOLE = (
    ((69.00, 41.00), (69.30, 41.00), (69.30, 41.10), (69.10, 41.10), (69.10, 41.30), (69.00, 41.30), (69.00, 41.00)),
    ((69.02, 41.02), (69.02, 41.06), (69.06, 41.06), (69.06, 41.02), (69.02, 41.02)),
)
ISLAND = (RING_WITH_HOLE[1],)
ISLANDS = [
    Mahalla(code="172626601001", parent_code="172626601", names=NAMES, polygon=RING_WITH_HOLE),
    Mahalla(code="172626601002", parent_code="172626601", names=NAMES, polygon=ISLAND),
]


@pytest.fixture(scope="module", params=[7, 8, 9])
def island_locators(request: pytest.FixtureRequest) -> tuple[MahallaIndex, BruteForceLocator]:
    return MahallaIndex(ISLANDS, resolution=request.param), BruteForceLocator(ISLANDS)


@SETTINGS
@given(lat=st.floats(40.98, 41.32), lon=st.floats(68.98, 69.32))
def test_a_concave_mahalla_with_another_inside_its_hole_is_located_like_brute_force(
    island_locators: tuple[MahallaIndex, BruteForceLocator], lat: float, lon: float
) -> None:
    index, brute_force = island_locators
    assert answer(index, lat, lon) == answer(brute_force, lat, lon)
