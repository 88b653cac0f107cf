"""The area crime map (after the police.uk street-level API): anonymised answers, small counts hidden.

Answers never show an exact location — points are the centres of H3 cells
(`incidents.ANONYMISED_RESOLUTION`) — and never a count between 1 and k-1 (k = 3): such a count is
replaced by null with `suppressed: true`. Where a breakdown publishes its total, further cells are
suppressed (complementary suppression) until the hidden ones add up to at least k, so that no hidden
count can be worked out by subtraction. Weeks and months are counted in Asia/Tashkent time.
Queries (period, categories, area) are validated in `crime_query`.
"""

from __future__ import annotations

import dataclasses
import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from h3.api import basic_int as h3_int

from services.geo.domain.crime_query import TASHKENT, CrimeMapQuery, Period, select
from services.geo.domain.errors import ResolutionNotAllowed
from services.geo.domain.incidents import ANONYMISED_RESOLUTION, Incident, cell_centre
from services.geo.domain.territory import CODE_LENGTHS, Level

K_ANONYMITY = 3
COARSEST_CELL_RESOLUTION = 5


class Bucket(enum.StrEnum):
    WEEK = "week"
    MONTH = "month"


# --- suppression ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Count:
    key: str
    count: int | None
    suppressed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "count": self.count, "suppressed": self.suppressed}


def is_small(value: int, k: int = K_ANONYMITY) -> bool:
    return 0 < value < k


def suppress(values: Mapping[str, int], *, k: int = K_ANONYMITY, total_published: bool = True) -> list[Count]:
    """Counts with the small ones hidden, and, when the total is published, enough others to protect them."""
    hidden = {key for key, value in values.items() if is_small(value, k)}
    if total_published and hidden:
        visible = sorted((value, key) for key, value in values.items() if key not in hidden and value > 0)
        while visible and (len(hidden) == 1 or sum(values[key] for key in hidden) < k):
            hidden.add(visible.pop(0)[1])
    return [Count(key, None if key in hidden else value, key in hidden) for key, value in values.items()]


@dataclasses.dataclass(frozen=True, slots=True)
class Breakdown:
    total: Count
    items: tuple[Count, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total.as_dict(), "items": [item.as_dict() for item in self.items]}


def breakdown(values: Mapping[str, int], *, k: int = K_ANONYMITY) -> Breakdown:
    total = sum(values.values())
    if is_small(total, k):
        hidden = [Count(key, None if value else 0, bool(value)) for key, value in values.items()]
        return Breakdown(Count("total", None, True), tuple(hidden))
    return Breakdown(Count("total", total, False), tuple(suppress(values, k=k)))


# --- aggregations --------------------------------------------------------------------------------


def counts_by_territory(incidents: Iterable[Incident], level: Level, *, k: int = K_ANONYMITY) -> Breakdown:
    length = CODE_LENGTHS[level]
    counter = Counter(incident.mahalla_code[:length] for incident in incidents)
    return breakdown(dict(sorted(counter.items())), k=k)


def check_cell_resolution(resolution: int) -> None:
    if not COARSEST_CELL_RESOLUTION <= resolution <= ANONYMISED_RESOLUTION:
        raise ResolutionNotAllowed(
            resolution=resolution, finest=ANONYMISED_RESOLUTION, coarsest=COARSEST_CELL_RESOLUTION
        )


def counts_by_cell(
    incidents: Iterable[Incident], *, resolution: int = ANONYMISED_RESOLUTION, k: int = K_ANONYMITY
) -> Breakdown:
    """Counts per H3 cell (hex string keys) at the anonymised resolution or coarser, never finer."""
    check_cell_resolution(resolution)
    counter: Counter[int] = Counter()
    for incident in incidents:
        cell = incident.cell
        counter[cell if resolution == ANONYMISED_RESOLUTION else h3_int.cell_to_parent(cell, resolution)] += 1
    return breakdown({h3_int.int_to_str(cell): n for cell, n in sorted(counter.items())}, k=k)


def bucket_start(moment: datetime, bucket: Bucket) -> date:
    local = moment.astimezone(TASHKENT).date()
    if bucket is Bucket.MONTH:
        return local.replace(day=1)
    return local - timedelta(days=local.weekday())


def _next_bucket(start: date, bucket: Bucket) -> date:
    if bucket is Bucket.WEEK:
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def bucket_key(start: date, bucket: Bucket) -> str:
    return start.strftime("%Y-%m") if bucket is Bucket.MONTH else start.isoformat()


def time_series(incidents: Iterable[Incident], period: Period, bucket: Bucket, *, k: int = K_ANONYMITY) -> Breakdown:
    """Counts per week (keyed by its Monday) or month, every bucket of the period present, zeros included."""
    counter = Counter(bucket_start(incident.occurred_at, bucket) for incident in incidents)
    values: dict[str, int] = {}
    current = bucket_start(period.start, bucket)
    last = bucket_start(period.end - timedelta(microseconds=1), bucket)
    while current <= last:
        values[bucket_key(current, bucket)] = counter.get(current, 0)
        current = _next_bucket(current, bucket)
    return breakdown(values, k=k)


def snapped_points(incidents: Iterable[Incident], *, k: int = K_ANONYMITY) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one point per (anonymised cell centre, category), its count protected."""
    counter = Counter((incident.cell, incident.category) for incident in incidents)
    features = []
    for (cell, category), count in sorted(counter.items()):
        point = cell_centre(cell)
        small = is_small(count, k)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
            "properties": {
                "category": category, "cell": h3_int.int_to_str(cell),
                "count": None if small else count, "suppressed": small,
            },
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def casualties(incidents: Iterable[Incident], *, k: int = K_ANONYMITY) -> dict[str, Count]:
    """Injured and killed in road accidents over the selection, each protected like any count."""
    injured = killed = 0
    for incident in incidents:
        injured += incident.injuries
        killed += incident.deaths
    return {
        "injuries": Count("injuries", None if is_small(injured, k) else injured, is_small(injured, k)),
        "deaths": Count("deaths", None if is_small(killed, k) else killed, is_small(killed, k)),
    }


def answer(
    incidents: Iterable[Incident], query: CrimeMapQuery, *, level: Level = Level.MAHALLA,
    bucket: Bucket = Bucket.MONTH, cell_resolution: int = ANONYMISED_RESOLUTION, k: int = K_ANONYMITY,
) -> dict[str, Any]:  # fmt: skip
    """The whole map answer for a query over already-loaded incidents (the repository pre-filters)."""
    check_cell_resolution(cell_resolution)
    chosen = select(incidents, query)
    return {
        "points": snapped_points(chosen, k=k),
        "by_territory": counts_by_territory(chosen, level, k=k).as_dict(),
        "by_cell": counts_by_cell(chosen, resolution=cell_resolution, k=k).as_dict(),
        "series": time_series(chosen, query.period, bucket, k=k).as_dict(),
        "casualties": {key: count.as_dict() for key, count in casualties(chosen, k=k).items()},
    }
