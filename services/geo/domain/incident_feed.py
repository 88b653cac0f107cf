"""The sandbox Interior Ministry incident feed: realistic incidents over a territory, deterministic by seed.

Volumes follow population (yearly rates per 1,000 residents, in the range Uzbek statistics report),
with a daily rhythm per kind (accidents at rush hours, offences in the evening, crimes late), a weekly one
(more disorder at weekends) and a seasonal one (more accidents in the dark winter months, more crime and
disorder in summer). Each incident lies inside a mahalla chosen by population, at a uniformly random point.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import random
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import shapely

from services.geo.domain.crime_query import TASHKENT
from services.geo.domain.geometry import to_shape
from services.geo.domain.incidents import CategoryGroup, Incident
from services.geo.domain.registry import Territory
from services.geo.domain.territory import GeoPoint, Mahalla, UnitStatus


@dataclasses.dataclass(frozen=True)
class Rhythm:
    per_1000_per_year: float
    hourly: tuple[float, ...]  # 24 weights, local time
    weekly: tuple[float, ...]  # 7 factors, Monday first
    monthly: tuple[float, ...]  # 12 factors, January first
    mix: dict[str, float]  # leaf category → weight


RHYTHMS: dict[CategoryGroup, Rhythm] = {
    CategoryGroup.ROAD_ACCIDENT: Rhythm(
        0.3,
        (1, 1, 0.6, 0.5, 0.5, 0.8, 1.5, 3, 4, 3, 2.5, 2.5, 2.5, 2.5, 2.5, 3, 3.5, 4, 4.5, 4, 3, 2.5, 2, 1.5),
        (1.0, 0.95, 0.95, 1.0, 1.1, 1.15, 0.9),
        (1.2, 1.15, 1.0, 0.9, 0.9, 0.95, 1.0, 1.0, 0.95, 1.0, 1.1, 1.25),
        {"road_accident.collision": 0.55, "road_accident.pedestrian": 0.3, "road_accident.rollover": 0.1,
         "road_accident.other": 0.05},
    ),
    CategoryGroup.ADMINISTRATIVE: Rhythm(
        12.0,
        (2, 1.5, 1, 0.5, 0.3, 0.3, 0.5, 1, 1.5, 2, 2.5, 3, 3, 3, 3, 3, 3.5, 4, 4.5, 5, 5, 4.5, 3.5, 2.5),
        (0.9, 0.9, 0.9, 0.95, 1.1, 1.25, 1.0),
        (0.85, 0.85, 0.95, 1.0, 1.05, 1.1, 1.15, 1.15, 1.05, 1.0, 0.95, 0.9),
        {"administrative_offence.traffic": 0.35, "administrative_offence.petty_hooliganism": 0.15,
         "administrative_offence.public_drinking": 0.15, "administrative_offence.public_order": 0.12,
         "administrative_offence.domestic_violence": 0.13, "administrative_offence.trade_rules": 0.10},
    ),
    CategoryGroup.CRIME: Rhythm(
        3.0,
        (3, 2.5, 2, 1.5, 1, 0.7, 0.7, 1, 1.5, 2, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 3, 3, 3.5, 4, 4, 4, 3.5, 3.5),
        (1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 0.95),
        (0.9, 0.85, 0.95, 1.0, 1.05, 1.1, 1.15, 1.15, 1.05, 1.0, 0.95, 0.95),
        {"crime.theft": 0.30, "crime.burglary": 0.08, "crime.robbery": 0.05, "crime.fraud": 0.18,
         "crime.bodily_harm": 0.08, "crime.hooliganism": 0.07, "crime.drugs": 0.09, "crime.vehicle_theft": 0.03,
         "crime.cyber": 0.11, "crime.murder": 0.01},
    ),
}  # fmt: skip


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    threshold, count, product = math.exp(-mean), 0, rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


class _MahallaSampler:
    """Mahallas by population, and uniform points inside each from a cached triangulation."""

    def __init__(self, mahallas: Sequence[Mahalla]) -> None:
        self.mahallas = list(mahallas)
        weights = [m.demographics.population if m.demographics else 1 for m in self.mahallas]
        self.cumulative = list(itertools.accumulate(weights))
        self.population = self.cumulative[-1] if self.cumulative else 0
        self._triangles: dict[int, tuple[list[tuple[tuple[float, float], ...]], list[float]]] = {}

    def pick(self, rng: random.Random) -> int:
        return bisect.bisect_right(self.cumulative, rng.random() * self.population)

    def point_in(self, mahalla_index: int, rng: random.Random) -> GeoPoint:
        if mahalla_index not in self._triangles:
            shape = to_shape(self.mahallas[mahalla_index].polygon)
            triangles = [tuple(t.exterior.coords)[:3] for t in shapely.constrained_delaunay_triangles(shape).geoms]
            self._triangles[mahalla_index] = (triangles, list(itertools.accumulate(_area(t) for t in triangles)))
        triangles, cumulative = self._triangles[mahalla_index]
        (ax, ay), (bx, by), (cx, cy) = triangles[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
        u, v = rng.random(), rng.random()
        if u + v > 1:
            u, v = 1 - u, 1 - v
        return GeoPoint(lat=ay + u * (by - ay) + v * (cy - ay), lon=ax + u * (bx - ax) + v * (cx - ax))


def _area(triangle: tuple[tuple[float, float], ...]) -> float:
    (ax, ay), (bx, by), (cx, cy) = triangle
    return abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2


def _casualties(rng: random.Random, category: str) -> tuple[int, int]:
    """(injuries, deaths) of a road accident: most injure one or two; about one in five kills."""
    deaths = (rng.random() < 0.18) + (rng.random() < 0.03)
    injuries = 0 if deaths and rng.random() < 0.3 else 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
    if category == "road_accident.pedestrian":
        injuries = min(injuries, 1) if not deaths else 0
    return injuries, deaths


def generate_incidents(
    territory: Territory, *, start: datetime, end: datetime, seed: int, rate_multiplier: float = 1.0
) -> Iterator[Incident]:
    """Incidents from `start` to `end` (aware), in time order, the same ones for the same arguments."""
    rng = random.Random(f"incidents:{seed}")
    mahallas = [m for m in territory.mahallas if m.status is UnitStatus.ACTIVE]
    if not mahallas:
        return
    sampler = _MahallaSampler(mahallas)
    day = start.astimezone(TASHKENT).replace(hour=0, minute=0, second=0, microsecond=0)
    while day < end:
        batch: list[Incident] = []
        for group, rhythm in RHYTHMS.items():
            mean = (
                sampler.population / 1000 * rhythm.per_1000_per_year / 365 * rate_multiplier
                * rhythm.weekly[day.weekday()] * rhythm.monthly[day.month - 1]
            )  # fmt: skip
            leaves, weights = list(rhythm.mix), list(rhythm.mix.values())
            for _ in range(_poisson(rng, mean)):
                hour = rng.choices(range(24), weights=rhythm.hourly)[0]
                moment = day + timedelta(hours=hour, seconds=rng.randrange(3600))
                if not start <= moment < end:
                    continue
                category = rng.choices(leaves, weights=weights)[0]
                chosen = sampler.pick(rng)
                injuries, deaths = _casualties(rng, category) if group is CategoryGroup.ROAD_ACCIDENT else (0, 0)
                batch.append(
                    Incident.record(
                        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), category=category,
                        occurred_at=moment.astimezone(UTC), location=sampler.point_in(chosen, rng),
                        mahalla_code=mahallas[chosen].code, injuries=injuries, deaths=deaths,
                    )
                )  # fmt: skip
        batch.sort(key=lambda incident: (incident.occurred_at, incident.id))
        yield from batch
        day += timedelta(days=1)
