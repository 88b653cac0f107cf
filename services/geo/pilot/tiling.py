"""Synthetic partitions: a convex polygon cut into convex Voronoi cells that tile it exactly.

Cells of one Voronoi diagram share their vertices bit for bit, and clipping convex cells by a convex
parent keeps every piece a single convex polygon, so the tiling has neither holes nor overlaps beyond
floating-point dust. Two rounds of Lloyd relaxation make the cells comparable in size, as real
mahallas of one district roughly are.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import shapely
from shapely.geometry import MultiPoint, Point, Polygon


def random_points_in(shape: Polygon, count: int, rng: random.Random) -> list[tuple[float, float]]:
    min_x, min_y, max_x, max_y = shape.bounds
    points: list[tuple[float, float]] = []
    while len(points) < count:
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if shape.contains(Point(x, y)):
            points.append((x, y))
    return points


def serpentine(points: Sequence[tuple[float, float]], bands: int) -> list[tuple[float, float]]:
    """North to south in horizontal bands, alternating direction, so that neighbours get near numbers."""
    if not points:
        return []
    ys = [y for _, y in points]
    top, bottom = max(ys), min(ys)
    height = (top - bottom) or 1.0

    def band(point: tuple[float, float]) -> int:
        return min(bands - 1, int((top - point[1]) / height * bands))

    return sorted(points, key=lambda p: (band(p), p[0] if band(p) % 2 == 0 else -p[0]))


def voronoi_cells(shape: Polygon, seeds: Sequence[tuple[float, float]]) -> list[Polygon]:
    """The Voronoi cell of every seed clipped to `shape`, in seed order."""
    if len(seeds) == 1:
        return [shape]
    diagram = shapely.voronoi_polygons(MultiPoint(list(seeds)), extend_to=shape.envelope, ordered=True)
    cells = list(diagram.geoms)
    if len(cells) != len(seeds):
        raise ValueError("seeds must be distinct")
    clipped: list[Polygon] = []
    for cell in cells:
        piece = shapely.intersection(cell, shape)
        if not isinstance(piece, Polygon) or piece.is_empty:
            polygons = [g for g in getattr(piece, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]
            if len(polygons) != 1:
                raise ValueError("a seed's cell does not clip to one polygon; is the seed inside the shape?")
            piece = polygons[0]
        clipped.append(piece)
    return clipped


def relaxed_partition(shape: Polygon, count: int, rng: random.Random, *, rounds: int = 2) -> list[Polygon]:
    """`count` cells tiling a convex `shape`, numbered in serpentine order."""
    seeds = random_points_in(shape, count, rng)
    for _ in range(rounds):
        seeds = [(c.centroid.x, c.centroid.y) for c in voronoi_cells(shape, seeds)]
    bands = max(1, round(count**0.5))
    return voronoi_cells(shape, serpentine(seeds, bands))


def group_sizes(total: int, *, smallest: int = 4, largest: int = 8) -> list[int]:
    """Split `total` into nearly equal groups, each within [smallest, largest] when `total` allows."""
    if total <= largest:
        return [total]
    groups = max(1, round(total / ((smallest + largest) / 2)))
    groups = max(groups, -(-total // largest))
    groups = min(groups, total // smallest)
    base, extra = divmod(total, groups)
    return [base + 1 if i < extra else base for i in range(groups)]
