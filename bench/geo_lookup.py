"""Point → mahalla at national scale: the H3 index against brute force, in the same run, on one core.

Builds the synthetic national territory (~9,400 mahallas in 14 regions), draws random points (a random
mahalla, then a uniform point in its bounding box, so small city mahallas weigh as much as large rural
ones and some points land in a neighbour or outside), and times each locator over them. Brute force
tests every polygon (vectorised in GEOS), so it is timed on a prefix of the same points; on that prefix
the two answers are also compared. Goal: >= 20,000 lookups/s for the index.

Run from the repository root: `.venv/bin/python bench/geo_lookup.py` (about half a minute).
Writes `bench/results/geo_lookup.json`.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.geo.domain.errors import OutsideServiceArea  # noqa: E402
from services.geo.domain.lookup import DEFAULT_RESOLUTION, BruteForceLocator, MahallaIndex  # noqa: E402
from services.geo.pilot import DEFAULT_SEED, generate_national  # noqa: E402

RESULTS = ROOT / "bench" / "results"
GOAL_PER_S = 20_000


def random_points(territory: Any, count: int, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    boxes = []
    for mahalla in territory.mahallas:
        lons = [lon for lon, _ in mahalla.polygon[0]]
        lats = [lat for _, lat in mahalla.polygon[0]]
        boxes.append((min(lats), max(lats), min(lons), max(lons)))
    points = []
    for _ in range(count):
        south, north, west, east = rng.choice(boxes)
        points.append((rng.uniform(south, north), rng.uniform(west, east)))
    return points


def timed(locator: MahallaIndex | BruteForceLocator, points: list[tuple[float, float]]) -> dict[str, Any]:
    answers: list[str | None] = []
    started = time.perf_counter()
    for lat, lon in points:
        try:
            answers.append(locator.locate(lat=lat, lon=lon))
        except OutsideServiceArea:
            answers.append(None)
    seconds = time.perf_counter() - started
    return {
        "points": len(points),
        "seconds": round(seconds, 3),
        "per_s": round(len(points) / seconds),
        "outside": answers.count(None),
        "answers": answers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=200_000, help="points through the index")
    parser.add_argument("--brute-points", type=int, default=2_000, help="of those, points through brute force")
    parser.add_argument("--resolution", type=int, default=DEFAULT_RESOLUTION)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()

    started = time.perf_counter()
    territory = generate_national(args.seed)
    generated_s = time.perf_counter() - started
    print(f"territory: {len(territory.mahallas)} mahallas in {len(territory.regions)} regions ({generated_s:.1f} s)")

    started = time.perf_counter()
    index = MahallaIndex(territory.mahallas, resolution=args.resolution)
    build_s = time.perf_counter() - started
    print(f"index: resolution {args.resolution}, {index.cell_count} cells, {index.direct_cell_count} answered "
          f"without a polygon test, built in {build_s:.1f} s")  # fmt: skip
    brute_force = BruteForceLocator(territory.mahallas)

    points = random_points(territory, args.points, args.seed)
    indexed = timed(index, points)
    brute = timed(brute_force, points[: args.brute_points])
    checked = len(brute["answers"])
    mismatches = sum(a != b for a, b in zip(indexed["answers"][:checked], brute["answers"], strict=True))
    speedup = indexed["per_s"] / brute["per_s"]

    print(f"index:       {indexed['per_s']:>9,} lookups/s over {indexed['points']:,} points")
    print(f"brute force: {brute['per_s']:>9,} lookups/s over {brute['points']:,} points")
    print(f"ratio: {speedup:,.0f}x; goal {GOAL_PER_S:,}/s {'met' if indexed['per_s'] >= GOAL_PER_S else 'MISSED'}; "
          f"{mismatches} disagreements in {checked:,} points")  # fmt: skip

    for result in (indexed, brute):
        del result["answers"]
    report = {
        "territory": {"mahallas": len(territory.mahallas), "regions": len(territory.regions), "seed": args.seed,
                      "generated_s": round(generated_s, 2), "synthetic": True},
        "index": {"resolution": args.resolution, "cells": index.cell_count, "direct_cells": index.direct_cell_count,
                  "build_s": round(build_s, 2), **indexed},
        "brute_force": brute,
        "speedup": round(speedup, 1),
        "agreement": {"checked": checked, "mismatches": mismatches},
        "goal_per_s": GOAL_PER_S,
        "meets_goal": indexed["per_s"] >= GOAL_PER_S,
        "environment": {"python": platform.python_version(), "machine": platform.machine(), "cores_used": 1},
    }  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "geo_lookup.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
