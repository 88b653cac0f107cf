"""Plane geometry on (lon, lat): polygon validation, overlaps between mahallas, distances, point in polygon.

Polygons arrive as GeoJSON coordinates from admins and imports, so validation accepts any JSON value and
names the first thing wrong with it. Topology (self-intersection, holes) is judged by GEOS through
shapely; the cheap structural checks run first so GEOS only sees well-formed rings.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence

import shapely
from shapely.geometry import Polygon

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
from services.geo.domain.territory import GeoPoint, PolygonCoordinates, Ring

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius
METRES_PER_DEGREE_LAT = 111_320.0


@dataclasses.dataclass(frozen=True, slots=True)
class Bounds:
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def holds(self, lon: float, lat: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


# Generous bounds of Uzbekistan (the country spans lat 37.2-45.6, lon 56.0-73.2).
UZBEKISTAN = Bounds(min_lat=37.0, max_lat=46.0, min_lon=55.0, max_lon=74.0)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _structure(raw: object) -> tuple[PolygonCoordinates | None, InvalidPolygon | None]:
    """Rings of (lon, lat) floats out of any JSON value, or why it is not a polygon's coordinates."""
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or not raw:
        return None, PolygonMalformed(detail="coordinates must be a non-empty array of rings")
    rings: list[Ring] = []
    for ring_index, ring in enumerate(raw):
        if not isinstance(ring, Sequence) or isinstance(ring, str | bytes):
            return None, PolygonMalformed(detail=f"ring {ring_index} is not an array of positions")
        positions: list[tuple[float, float]] = []
        for position in ring:
            if (
                not isinstance(position, Sequence)
                or isinstance(position, str | bytes)
                or len(position) not in (2, 3)  # GeoJSON allows an altitude, which we drop
                or not all(_is_number(v) for v in position)
            ):
                return None, PolygonMalformed(detail=f"ring {ring_index} has a position that is not [lon, lat]")
            positions.append((float(position[0]), float(position[1])))
        rings.append(tuple(positions))
    return tuple(rings), None


def polygon_problems(raw: object, *, country: Bounds | None = UZBEKISTAN) -> list[InvalidPolygon]:
    """Everything wrong with a polygon's coordinates, most basic first; empty when it is acceptable.

    Structural faults (shape of the JSON, ring length, closure, ranges, swapped axes) stop the check,
    since topology cannot be judged on them; topology is then asked of GEOS.
    """
    rings, malformed = _structure(raw)
    if malformed is not None or rings is None:
        return [malformed or PolygonMalformed(detail="unreadable")]
    problems: list[InvalidPolygon] = []
    for index, ring in enumerate(rings):
        if len(ring) < 4:
            problems.append(PolygonTooFewPoints(ring=index, points=len(ring)))
        elif ring[0] != ring[-1]:
            problems.append(PolygonNotClosed(ring=index))
        for position_index, (lon, lat) in enumerate(ring):
            if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
                problems.append(PolygonCoordinatesOutOfRange(ring=index, position=position_index, lon=lon, lat=lat))
                break
    if problems:
        return problems
    positions = [position for ring in rings for position in ring]
    if country is not None:
        outside = [(lon, lat) for lon, lat in positions if not country.holds(lon, lat)]
        if outside:
            if all(country.holds(lat, lon) for lon, lat in positions):
                return [PolygonCoordinatesSwapped(lon=outside[0][0], lat=outside[0][1])]
            return [PolygonOutsideCountry(lon=outside[0][0], lat=outside[0][1])]
    reason = shapely.is_valid_reason(to_shape(rings))
    if reason == "Valid Geometry":
        return []
    if "Self-intersection" in reason:
        return [PolygonSelfIntersecting(reason=reason)]
    return [PolygonInvalidTopology(reason=reason)]


def ensure_valid_polygon(raw: object, *, country: Bounds | None = UZBEKISTAN) -> PolygonCoordinates:
    """The coordinates as tuples of (lon, lat) floats, or the first problem raised."""
    problems = polygon_problems(raw, country=country)
    if problems:
        raise problems[0]
    rings, _ = _structure(raw)
    assert rings is not None
    return rings


def to_shape(polygon: PolygonCoordinates) -> Polygon:
    return Polygon(polygon[0], polygon[1:])


def to_coordinates(shape: Polygon, *, digits: int | None = None) -> PolygonCoordinates:
    """A shapely polygon back to GeoJSON-order tuples (outer ring counter-clockwise, holes clockwise)."""
    oriented = shapely.geometry.polygon.orient(shape, sign=1.0)

    def ring(coords: Iterable[tuple[float, ...]]) -> Ring:
        if digits is None:
            return tuple((float(x), float(y)) for x, y, *_ in coords)
        return tuple((round(float(x), digits), round(float(y), digits)) for x, y, *_ in coords)

    return (ring(oriented.exterior.coords), *(ring(hole.coords) for hole in oriented.interiors))


def square_metres_per_square_degree(lat: float) -> float:
    """The area of one degree² near `lat` (equirectangular: good to a fraction of a percent at mahalla size)."""
    return METRES_PER_DEGREE_LAT * METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))


def area_m2(shape: shapely.Geometry) -> float:
    if shape.is_empty:
        return 0.0
    return float(shape.area) * square_metres_per_square_degree(shape.centroid.y)


@dataclasses.dataclass(frozen=True, slots=True)
class Overlap:
    first: str
    second: str
    area_m2: float


def find_overlaps(
    polygons: Iterable[tuple[str, PolygonCoordinates | Polygon]], *, min_area_m2: float = 1.0
) -> list[Overlap]:
    """Pairs of polygons sharing more than `min_area_m2` of surface (shared edges and corners are fine).

    The tolerance absorbs the centimetre slivers that rounding coordinates leaves along shared edges.
    """
    keys: list[str] = []
    shapes: list[Polygon] = []
    for key, polygon in polygons:
        keys.append(key)
        shapes.append(polygon if isinstance(polygon, Polygon) else to_shape(polygon))
    if len(shapes) < 2:
        return []
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes, predicate="intersects")
    overlaps: list[Overlap] = []
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i >= j:
            continue
        shared = area_m2(shapely.intersection(shapes[i], shapes[j]))
        if shared > min_area_m2:
            first, second = sorted((keys[i], keys[j]))
            overlaps.append(Overlap(first, second, shared))
    return sorted(overlaps, key=lambda o: (o.first, o.second))


def haversine_m(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle distance in metres."""
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    d_phi = phi2 - phi1
    d_lambda = math.radians(b.lon - a.lon)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _inside_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Even-odd ray cast towards +lon; each edge counts once (half-open in lat)."""
    inside = False
    x_prev, y_prev = ring[-1]
    for x, y in ring:
        if (y > lat) != (y_prev > lat):
            x_cross = x + (lat - y) * (x_prev - x) / (y_prev - y)
            if lon < x_cross:
                inside = not inside
        x_prev, y_prev = x, y
    return inside


def point_in_polygon(lon: float, lat: float, polygon: PolygonCoordinates) -> bool:
    """Whether the point is inside the outer ring and outside every hole (boundary points are undecided)."""
    if not _inside_ring(lon, lat, polygon[0]):
        return False
    return not any(_inside_ring(lon, lat, hole) for hole in polygon[1:])
