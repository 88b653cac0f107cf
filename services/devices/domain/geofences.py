"""Geofences per child (circle or polygon, with an optional weekly schedule) and the transitions a fix makes.

Transitions are computed only moving forward in fix time: the caller feeds fixes in fix-time order and
skips a fix older than the last one evaluated (it is stored, but cannot move the child back in time).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from services.devices.domain.errors import InvalidGeofence
from services.devices.domain.filtering import distance_m

MAX_POLYGON_POINTS = 500
MAX_RADIUS_M = 50_000.0


class GeofenceKind(enum.StrEnum):
    HOME = "home"
    SCHOOL = "school"
    CUSTOM = "custom"
    DANGER = "danger"


@dataclasses.dataclass(frozen=True)
class Circle:
    latitude: float
    longitude: float
    radius_m: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return distance_m(self.latitude, self.longitude, latitude, longitude) <= self.radius_m


@dataclasses.dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]  # (latitude, longitude), not closed

    def contains(self, latitude: float, longitude: float) -> bool:
        """Ray casting on the lat/lon plane: exact enough for fences of a few kilometres."""
        inside = False
        count = len(self.points)
        for index in range(count):
            lat1, lon1 = self.points[index]
            lat2, lon2 = self.points[(index + 1) % count]
            if (lat1 > latitude) != (lat2 > latitude):
                crossing = lon1 + (latitude - lat1) * (lon2 - lon1) / (lat2 - lat1)
                if longitude < crossing:
                    inside = not inside
        return inside


Shape = Circle | Polygon


@dataclasses.dataclass(frozen=True)
class Schedule:
    """When a fence is watched: weekdays (0 = Monday) and local hours in `time_zone`."""

    weekdays: frozenset[int]
    start: time
    end: time
    time_zone: str = "Asia/Tashkent"

    def active_at(self, at: datetime) -> bool:
        local = at.astimezone(ZoneInfo(self.time_zone))
        return local.weekday() in self.weekdays and self.start <= local.time().replace(tzinfo=None) < self.end


@dataclasses.dataclass(frozen=True)
class Geofence:
    id: str
    child_id: str
    name: str
    kind: GeofenceKind
    shape: Shape
    schedule: Schedule | None = None

    def contains(self, latitude: float, longitude: float) -> bool:
        return self.shape.contains(latitude, longitude)

    def watched_at(self, at: datetime) -> bool:
        return self.schedule is None or self.schedule.active_at(at)


@dataclasses.dataclass(frozen=True)
class Transition:
    geofence: Geofence
    entered: bool
    at: datetime


def make_shape(
    *, circle: tuple[float, float, float] | None = None, polygon: Sequence[tuple[float, float]] | None = None
) -> Shape:
    """Validate a circle (lat, lon, radius m) or a polygon (3..500 (lat, lon) points)."""
    if (circle is None) == (polygon is None):
        raise InvalidGeofence(reason="exactly one of circle or polygon")
    if circle is not None:
        latitude, longitude, radius = circle
        _check_point(latitude, longitude)
        if not 0 < radius <= MAX_RADIUS_M:
            raise InvalidGeofence(reason="radius")
        return Circle(latitude, longitude, radius)
    assert polygon is not None
    points = tuple((float(lat), float(lon)) for lat, lon in polygon)
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    if not 3 <= len(points) <= MAX_POLYGON_POINTS:
        raise InvalidGeofence(reason="polygon points")
    for latitude, longitude in points:
        _check_point(latitude, longitude)
    return Polygon(points)


def _check_point(latitude: float, longitude: float) -> None:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or (latitude == 0 and longitude == 0):
        raise InvalidGeofence(reason="coordinates")


def transitions(
    inside_before: frozenset[str], geofences: Iterable[Geofence], latitude: float, longitude: float, at: datetime
) -> tuple[frozenset[str], list[Transition]]:
    """Which fences the fix is in now, and the enter/exit transitions from `inside_before`."""
    fences = list(geofences)
    inside_now = frozenset(fence.id for fence in fences if fence.contains(latitude, longitude))
    moves = [
        Transition(fence, fence.id in inside_now, at.astimezone(UTC))
        for fence in fences
        if (fence.id in inside_now) != (fence.id in inside_before)
    ]
    return inside_now, moves
