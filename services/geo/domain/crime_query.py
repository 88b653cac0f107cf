"""Crime-map queries: a period of at most 12 months, known categories and exactly one area.

The area is a territory unit of any level, a bounding box (GeoJSON order) or a circle. Box and circle
filters apply to the anonymised points (cell centres), the same points the answer shows. Periods people
ask for ("January") are local: `tashkent_midnight` gives the bounds (UTC+5, no daylight saving).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone

from services.geo.domain.errors import (
    AmbiguousArea,
    CoordinatesOutOfRange,
    InvalidBoundingBox,
    NaiveTimestamp,
    PeriodReversed,
    PeriodTooLong,
    RadiusOutOfRange,
    UnknownTerritoryCode,
)
from services.geo.domain.geometry import haversine_m
from services.geo.domain.incidents import Incident, cell_centre, expand_categories
from services.geo.domain.territory import GeoPoint, level_of

MAX_PERIOD_MONTHS = 12
MIN_RADIUS_M = 100
MAX_RADIUS_M = 20_000
MAX_BBOX_SPAN_DEG = 3.0  # ~330 km north-south: a region; a whole-country view goes by territory code
TASHKENT = timezone(timedelta(hours=5), "Asia/Tashkent")


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    next_month = date(year + (month // 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


@dataclasses.dataclass(frozen=True, slots=True)
class Period:
    """[start, end): both aware."""

    start: datetime
    end: datetime

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def tashkent_midnight(day: date) -> datetime:
    """The start of a local calendar day: periods people ask for ("January") are local, not UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=TASHKENT)


@dataclasses.dataclass(frozen=True, slots=True)
class TerritoryArea:
    code: str


@dataclasses.dataclass(frozen=True, slots=True)
class BoundingBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def holds(self, point: GeoPoint) -> bool:
        return self.min_lon <= point.lon <= self.max_lon and self.min_lat <= point.lat <= self.max_lat


@dataclasses.dataclass(frozen=True, slots=True)
class Circle:
    centre: GeoPoint
    radius_m: float

    def holds(self, point: GeoPoint) -> bool:
        return haversine_m(self.centre, point) <= self.radius_m


Area = TerritoryArea | BoundingBox | Circle


@dataclasses.dataclass(frozen=True, slots=True)
class CrimeMapQuery:
    period: Period
    categories: frozenset[str]
    area: Area


def validate_period(start: datetime, end: datetime) -> Period:
    for field, moment in (("start", start), ("end", end)):
        if moment.tzinfo is None:
            raise NaiveTimestamp(field=field)
    if start >= end:
        raise PeriodReversed(start=start.isoformat(), end=end.isoformat())
    if end > add_months(start, MAX_PERIOD_MONTHS):
        raise PeriodTooLong(months=MAX_PERIOD_MONTHS, start=start.isoformat(), end=end.isoformat())
    return Period(start.astimezone(UTC), end.astimezone(UTC))


def validate_bbox(values: Sequence[float]) -> BoundingBox:
    """`[min_lon, min_lat, max_lon, max_lat]`, the GeoJSON bbox order."""
    text = ",".join(str(v) for v in values)
    if len(values) != 4 or not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
        raise InvalidBoundingBox(reason="shape", bbox=text)
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in values)
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise InvalidBoundingBox(reason="range", bbox=text)
    if min_lon >= max_lon or min_lat >= max_lat:
        raise InvalidBoundingBox(reason="order", bbox=text)
    if max_lon - min_lon > MAX_BBOX_SPAN_DEG or max_lat - min_lat > MAX_BBOX_SPAN_DEG:
        raise InvalidBoundingBox(reason="too_large", bbox=text)
    return BoundingBox(min_lon, min_lat, max_lon, max_lat)


def validate_circle(lat: float, lon: float, radius_m: float) -> Circle:
    centre = GeoPoint(lat=lat, lon=lon)  # raises CoordinatesOutOfRange
    if not (math.isfinite(radius_m) and MIN_RADIUS_M <= radius_m <= MAX_RADIUS_M):
        raise RadiusOutOfRange(radius_m=radius_m, min_m=MIN_RADIUS_M, max_m=MAX_RADIUS_M)
    return Circle(centre, float(radius_m))


def validate_query(
    *,
    start: datetime,
    end: datetime,
    categories: object = None,
    territory_code: str | None = None,
    bbox: Sequence[float] | None = None,
    centre: tuple[float, float] | None = None,  # (lat, lon)
    radius_m: float | None = None,
    known_territory: Mapping[str, object] | None = None,
) -> CrimeMapQuery:
    """A query from raw parameters, or the first domain error; `known_territory` checks codes exist."""
    given = sum(x is not None for x in (territory_code, bbox, centre if centre is not None else radius_m))
    if given != 1:
        raise AmbiguousArea(given=given)
    period = validate_period(start, end)
    leaves = expand_categories(categories)
    area: Area
    if territory_code is not None:
        level_of(territory_code)
        if known_territory is not None and territory_code not in known_territory:
            raise UnknownTerritoryCode(code=territory_code)
        area = TerritoryArea(territory_code)
    elif bbox is not None:
        area = validate_bbox(bbox)
    else:
        if centre is None or radius_m is None:
            raise AmbiguousArea(given=0)
        try:
            lat, lon = float(centre[0]), float(centre[1])
        except (TypeError, ValueError, IndexError):
            raise CoordinatesOutOfRange(lat=str(centre), lon="") from None
        area = validate_circle(lat, lon, radius_m)
    return CrimeMapQuery(period, leaves, area)


def matches(incident: Incident, query: CrimeMapQuery) -> bool:
    if incident.category not in query.categories or not query.period.holds(incident.occurred_at):
        return False
    area = query.area
    if isinstance(area, TerritoryArea):
        return incident.mahalla_code.startswith(area.code)
    return area.holds(cell_centre(incident.cell))


def select(incidents: Iterable[Incident], query: CrimeMapQuery) -> list[Incident]:
    return [incident for incident in incidents if matches(incident, query)]
