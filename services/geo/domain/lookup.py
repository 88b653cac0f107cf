"""Point → mahalla: an H3 cell index for the service, and the brute-force baseline it is measured against.

The index maps every H3 cell (resolution 8 by default, ~0.7 km²) that touches a mahalla to either
  * that mahalla's code, when the cell lies wholly inside it (answered by one dict lookup), or
  * the candidates whose boundary passes through the cell, each tested with a prepared shapely polygon.
A cell absent from the map touches no mahalla: the point is outside the service area.

Building it takes two steps. First H3's own polygon fill (cells whose centre is inside) of the polygon
shrunk and grown by two cell edges: a cell centred inside the shrunk polygon lies wholly inside, and
every cell that meets the polygon is centred inside the grown one. The cells in between are judged in
the plane: a cell whose outline (enlarged by a couple of metres, for the centimetres between H3's
great-circle edges and straight (lon, lat) edges) meets the boundary is a candidate cell; any other is
wholly inside when its centre is, wholly outside otherwise.

Both locators share one rule for points on a shared edge: the mahalla with the smallest code wins.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import h3
import numpy as np
import shapely
from h3.api import basic_int as h3_int

from services.geo.domain.errors import CoordinatesOutOfRange, OutsideServiceArea
from services.geo.domain.geometry import METRES_PER_DEGREE_LAT, to_shape
from services.geo.domain.territory import Mahalla, PolygonCoordinates, UnitStatus

DEFAULT_RESOLUTION = 8
# H3 cell edges are great-circle arcs, the outlines here straight in (lon, lat): at these sizes they part
# by centimetres, so outlines enlarged by this many metres (at the average edge) still cover their cell.
_OUTLINE_MARGIN_M = 2.0


def _check_point(lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise CoordinatesOutOfRange(lat=lat, lon=lon)


def _active_polygons(mahallas: Iterable[Mahalla]) -> list[tuple[str, PolygonCoordinates]]:
    return sorted((m.code, m.polygon) for m in mahallas if m.status is UnitStatus.ACTIVE)


def _polyfill(shape: shapely.Geometry, resolution: int) -> set[int]:
    """The cells whose centre lies inside `shape` (H3's polygon fill); empty for an empty shape."""
    parts = getattr(shape, "geoms", [shape])
    cells: set[int] = set()
    for part in parts:
        if part.is_empty or not isinstance(part, shapely.Polygon):
            continue
        outer = [(lat, lon) for lon, lat in part.exterior.coords[:-1]]
        holes = [[(lat, lon) for lon, lat in hole.coords[:-1]] for hole in part.interiors]
        cells.update(h3_int.h3shape_to_cells(h3.LatLngPoly(outer, *holes), resolution))
    return cells


def cells_near(shape: shapely.Polygon, resolution: int) -> tuple[set[int], set[int]]:
    """(cells surely inside, cells the boundary may cross) for a polygon, both found by H3's fill.

    A cell meeting the polygon has its centre within one circumradius (an edge length) of it; a cell
    whose centre is deeper inside than that lies wholly inside. Twice the average edge, converted to
    degrees of longitude at the polygon's most northern point (where a degree is shortest), covers both
    with room to spare for cells larger than the average.
    """
    margin_m = 2.0 * h3.average_hexagon_edge_length(resolution, "m")
    _, south, _, north = shape.bounds
    far_from_equator = min(89.0, max(abs(south), abs(north)) + 0.5)
    margin_deg = margin_m / (METRES_PER_DEGREE_LAT * math.cos(math.radians(far_from_equator)))
    # Mitred corners reach further than round ones, so both buffers stay on the safe side.
    grown = shape.buffer(margin_deg, join_style="mitre")
    shrunk = shape.buffer(-margin_deg, join_style="mitre")
    return _polyfill(shrunk, resolution), _polyfill(grown.difference(shrunk), resolution)


def _cell_outlines(cells: Sequence[int], resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's outline in (lon, lat), enlarged about its centre, and its centre."""
    scale = 1.0 + _OUTLINE_MARGIN_M / h3.average_hexagon_edge_length(resolution, "m")
    centres = np.empty((len(cells), 2))
    vertices = np.empty((len(cells), 7, 2))  # six vertices and the closing one; a pentagon repeats one
    for i, cell in enumerate(cells):
        lat, lon = h3_int.cell_to_latlng(cell)
        centres[i] = lon, lat
        boundary = h3_int.cell_to_boundary(cell)
        ring = [*boundary, *([boundary[-1]] * (6 - len(boundary))), boundary[0]]
        vertices[i] = [(v_lon, v_lat) for v_lat, v_lon in ring]
    vertices = centres[:, None, :] + (vertices - centres[:, None, :]) * scale
    return shapely.polygons(vertices), centres


class MahallaIndex:
    """The service's locator: an H3 cell map plus prepared polygons for cells on a boundary."""

    def __init__(self, mahallas: Iterable[Mahalla], *, resolution: int = DEFAULT_RESOLUTION) -> None:
        self.resolution = resolution
        polygons = _active_polygons(mahallas)
        shapes = [to_shape(polygon) for _, polygon in polygons]
        shapely.prepare(shapes)
        self._cells: dict[int, str | tuple[tuple[str, shapely.Polygon], ...]] = {}
        if not shapes:
            return
        # Step 1, by H3's polygon fill: cells surely inside each polygon, and cells near its boundary.
        fills = [cells_near(shape, resolution) for shape in shapes]
        # Step 2, in the plane: a cell near the boundary is crossed when its enlarged outline meets it.
        near_cells = sorted(set().union(*(near for _, near in fills)))
        position_of = {cell: i for i, cell in enumerate(near_cells)}
        outlines, centres = _cell_outlines(near_cells, resolution)
        pair_cells: list[np.ndarray] = []  # (cell, owner, crossed) triples, as parallel arrays
        pair_owners: list[np.ndarray] = []
        pair_crossed: list[np.ndarray] = []
        near_array = np.array(near_cells, dtype=np.uint64)
        for owner, (shape, (sure, near)) in enumerate(zip(shapes, fills, strict=True)):
            idx = np.array([position_of[c] for c in near], dtype=np.int64)
            boundary = shape.boundary
            shapely.prepare(boundary)
            crossed = shapely.intersects(boundary, outlines[idx])
            keep = crossed | shapely.intersects_xy(shape, centres[idx, 0], centres[idx, 1])
            surely = np.fromiter(sure, dtype=np.uint64, count=len(sure))
            pair_cells += [surely, near_array[idx[keep]]]
            pair_owners.append(np.full(len(surely) + int(keep.sum()), owner, dtype=np.int64))
            pair_crossed += [np.zeros(len(surely), dtype=bool), crossed[keep]]
        cells = np.concatenate(pair_cells)
        owners = np.concatenate(pair_owners)
        on_boundary = np.concatenate(pair_crossed)
        order = np.lexsort((owners, cells))
        cells, owners, on_boundary = cells[order], owners[order], on_boundary[order]
        unique, starts, counts = np.unique(cells, return_index=True, return_counts=True)
        crossed_any = np.logical_or.reduceat(on_boundary, starts)
        # cell → code (wholly inside one mahalla) or a tuple of (code, shape) candidates in code order.
        codes = [code for code, _ in polygons]
        direct = (counts == 1) & ~crossed_any
        self._cells.update(
            zip(unique[direct].tolist(), [codes[o] for o in owners[starts[direct]].tolist()], strict=True)
        )
        for cell, start, count in zip(
            unique[~direct].tolist(), starts[~direct].tolist(), counts[~direct].tolist(), strict=True
        ):
            self._cells[cell] = tuple((codes[o], shapes[o]) for o in owners[start : start + count].tolist())

    @property
    def cell_count(self) -> int:
        return len(self._cells)

    @property
    def direct_cell_count(self) -> int:
        return sum(1 for entry in self._cells.values() if isinstance(entry, str))

    def locate(self, *, lat: float, lon: float) -> str:
        """The code of the mahalla covering the point, or `OutsideServiceArea`."""
        _check_point(lat, lon)
        entry = self._cells.get(h3_int.latlng_to_cell(lat, lon, self.resolution))
        if entry is None:
            raise OutsideServiceArea(lat=lat, lon=lon)
        if isinstance(entry, str):
            return entry
        for code, shape in entry:
            if shapely.intersects_xy(shape, lon, lat):
                return code
        raise OutsideServiceArea(lat=lat, lon=lon)


class BruteForceLocator:
    """Every active mahalla tested against the point (vectorised in GEOS): the baseline and the oracle."""

    def __init__(self, mahallas: Iterable[Mahalla]) -> None:
        polygons = _active_polygons(mahallas)
        self._codes: Sequence[str] = [code for code, _ in polygons]
        self._shapes = np.array([to_shape(polygon) for _, polygon in polygons], dtype=object)
        shapely.prepare(self._shapes)

    def locate(self, *, lat: float, lon: float) -> str:
        _check_point(lat, lon)
        hits = np.flatnonzero(shapely.intersects_xy(self._shapes, lon, lat))
        if hits.size == 0:
            raise OutsideServiceArea(lat=lat, lon=lon)
        return self._codes[int(hits[0])]
