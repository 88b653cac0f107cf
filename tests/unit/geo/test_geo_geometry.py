"""Polygon validation names what is wrong; overlaps, distances and point-in-polygon are right."""

from __future__ import annotations

import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from services.geo.domain.errors import (
    InvalidPolygon,
    PolygonCoordinatesOutOfRange,
    PolygonCoordinatesSwapped,
    PolygonInvalidTopology,
    PolygonMalformed,
    PolygonNotClosed,
    PolygonOutsideCountry,
    PolygonSelfIntersecting,
    PolygonTooFewPoints,
)
from services.geo.domain.geometry import (
    ensure_valid_polygon,
    find_overlaps,
    haversine_m,
    point_in_polygon,
    polygon_problems,
    to_shape,
)
from services.geo.domain.territory import GeoPoint

# A block in Chilonzor, Tashkent, in GeoJSON order (lon, lat).
SQUARE = [[[69.20, 41.27], [69.21, 41.27], [69.21, 41.28], [69.20, 41.28], [69.20, 41.27]]]


def only_problem(raw: object) -> InvalidPolygon:
    problems = polygon_problems(raw)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_closed_ring_inside_uzbekistan_is_valid_and_comes_back_as_tuples() -> None:
    assert polygon_problems(SQUARE) == []
    assert ensure_valid_polygon(SQUARE)[0][0] == (69.20, 41.27)


def test_a_bow_tie_is_refused_as_self_intersecting_with_the_place_geos_found() -> None:
    bow_tie = [[[69.20, 41.27], [69.21, 41.28], [69.21, 41.27], [69.20, 41.28], [69.20, 41.27]]]
    problem = only_problem(bow_tie)
    assert isinstance(problem, PolygonSelfIntersecting)
    assert "Self-intersection" in problem.params["reason"]
    assert problem.status == 422


def test_latitude_and_longitude_given_the_wrong_way_round_are_recognised_as_swapped() -> None:
    swapped = [[[lat, lon] for lon, lat in SQUARE[0]]]
    assert isinstance(only_problem(swapped), PolygonCoordinatesSwapped)


def test_an_unclosed_ring_is_refused() -> None:
    assert isinstance(only_problem([[*SQUARE[0][:-1], [69.2, 41.275]]]), PolygonNotClosed)


def test_a_ring_of_three_points_is_too_short() -> None:
    problem = only_problem([[[69.2, 41.27], [69.21, 41.27], [69.2, 41.27]]])
    assert isinstance(problem, PolygonTooFewPoints)
    assert problem.params == {"ring": 0, "points": 3}


@pytest.mark.parametrize(("lon", "lat"), [(200.0, 41.0), (69.0, 91.0), (-180.5, 0.0)])
def test_coordinates_outside_the_globe_are_out_of_range(lon: float, lat: float) -> None:
    ring = [[lon, lat], [69.21, 41.27], [69.21, 41.28], [69.2, 41.28], [lon, lat]]
    problem = only_problem([ring])
    assert isinstance(problem, PolygonCoordinatesOutOfRange)
    assert problem.params["position"] == 0


def test_a_valid_polygon_elsewhere_in_the_world_is_outside_the_country() -> None:
    paris = [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.86], [2.35, 48.85]]]
    assert isinstance(only_problem(paris), PolygonOutsideCountry)
    assert polygon_problems(paris, country=None) == []


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "POLYGON",
        [],
        [["69.2", "41.27"]],
        [[[69.2, True]] * 4],
        [[[69.2, float("nan")]] * 4],
        [[[1, 2, 3, 4]] * 4],
    ],
)
def test_anything_that_is_not_rings_of_number_pairs_is_malformed(raw: object) -> None:
    assert isinstance(only_problem(raw), PolygonMalformed)


def test_a_hole_outside_its_shell_is_a_topology_fault() -> None:
    hole = [[69.30, 41.30], [69.31, 41.30], [69.31, 41.31], [69.30, 41.31], [69.30, 41.30]]
    assert isinstance(only_problem([SQUARE[0], hole]), PolygonInvalidTopology)


def test_ensure_valid_polygon_raises_the_first_problem() -> None:
    with pytest.raises(PolygonNotClosed):
        ensure_valid_polygon([[*SQUARE[0][:-1], [69.2, 41.275]]])


def test_overlapping_polygons_are_found_and_neighbours_sharing_an_edge_are_not() -> None:
    left = ensure_valid_polygon(SQUARE)
    right = ensure_valid_polygon([[[x + 0.01, y] for x, y in SQUARE[0]]])
    across = ensure_valid_polygon([[[x + 0.005, y] for x, y in SQUARE[0]]])
    overlaps = find_overlaps([("a", left), ("b", right), ("c", across)])
    assert [(o.first, o.second) for o in overlaps] == [("a", "c"), ("b", "c")]
    half_block_m2 = 0.005 * 0.01 * 111_320**2 * 0.752  # cos(41.27°)
    assert overlaps[0].area_m2 == pytest.approx(half_block_m2, rel=0.01)


def test_haversine_gives_known_distances() -> None:
    assert haversine_m(GeoPoint(41.0, 69.0), GeoPoint(42.0, 69.0)) == pytest.approx(111_195, rel=1e-3)
    tashkent, samarkand = GeoPoint(41.2995, 69.2401), GeoPoint(39.6542, 66.9597)
    assert 260_000 < haversine_m(tashkent, samarkand) < 275_000
    assert haversine_m(tashkent, tashkent) == 0


L_SHAPE_WITH_HOLE = (
    ((69.0, 41.0), (69.3, 41.0), (69.3, 41.1), (69.1, 41.1), (69.1, 41.3), (69.0, 41.3), (69.0, 41.0)),
    ((69.02, 41.02), (69.02, 41.06), (69.06, 41.06), (69.06, 41.02), (69.02, 41.02)),
)


@given(st.floats(68.95, 69.35), st.floats(40.95, 41.35))
def test_the_ray_cast_agrees_with_geos_off_the_boundary(lon: float, lat: float) -> None:
    shape = to_shape(L_SHAPE_WITH_HOLE)
    if shape.boundary.distance(shapely.Point(lon, lat)) < 1e-9:
        return
    assert point_in_polygon(lon, lat, L_SHAPE_WITH_HOLE) == shape.contains(shapely.Point(lon, lat))
