"""Which positions to keep: a verdict per position, given the device's previous accepted one.

Rejected: invalid fixes, (0, 0), exact duplicates, jumps at an impossible speed, fixes from the future.
A position that carries an alarm is never rejected — it is kept and flagged with the reason it would
have been rejected for, so a late or fix-less SOS still alerts. Late data is kept and marked `late`.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from datetime import datetime, timedelta
from typing import NamedTuple

from services.devices.domain.telemetry import Position

EARTH_RADIUS_M = 6_371_008.8


class Reason(enum.StrEnum):
    OK = "ok"
    INVALID_FIX = "invalid_fix"
    NULL_ISLAND = "null_island"
    OUT_OF_RANGE = "out_of_range"
    DUPLICATE = "duplicate"
    IMPOSSIBLE_SPEED = "impossible_speed"
    FUTURE_TIME = "future_time"


@dataclasses.dataclass(frozen=True)
class FilterPolicy:
    max_speed_kmh: float = 300.0
    max_ahead: timedelta = timedelta(minutes=5)
    late_after: timedelta = timedelta(minutes=10)
    # Jitter allowance: the implied distance is shortened by both fixes' accuracy, within this cap.
    max_accuracy_credit_m: float = 500.0


class Verdict(NamedTuple):
    accepted: bool
    reason: Reason
    position: Position

    @property
    def kept_for_alarm(self) -> bool:
        """Accepted only because it carries an alarm: alert on it, but don't trust its fix."""
        return self.accepted and self.reason is not Reason.OK

    @property
    def usable_as_reference(self) -> bool:
        """Whether the next position's jump check may measure from this one."""
        return self.accepted and self.reason is Reason.OK


def judge(
    position: Position,
    previous: Position | None,
    *,
    now: datetime,
    policy: FilterPolicy | None = None,
) -> Verdict:
    """Decide on one position. `previous` is the device's last position usable as a reference."""
    rules = policy or FilterPolicy()
    marked = _mark_late(position, rules)
    reason = _problem(marked, previous, now, rules)
    if reason is Reason.OK:
        return Verdict(accepted=True, reason=reason, position=marked)
    return Verdict(accepted=bool(marked.alarms), reason=reason, position=marked)


def _mark_late(position: Position, rules: FilterPolicy) -> Position:
    if position.late or position.received_at - position.fix_time <= rules.late_after:
        return position
    return position.as_late()


def _problem(position: Position, previous: Position | None, now: datetime, rules: FilterPolicy) -> Reason:
    if not position.valid:
        return Reason.INVALID_FIX
    if not _in_range(position.latitude, position.longitude):
        return Reason.OUT_OF_RANGE
    if position.latitude == 0 and position.longitude == 0:
        return Reason.NULL_ISLAND
    if position.fix_time - now > rules.max_ahead:
        return Reason.FUTURE_TIME
    if previous is None:
        return Reason.OK
    if (
        previous.fix_time == position.fix_time
        and previous.latitude == position.latitude
        and previous.longitude == position.longitude
    ):
        return Reason.DUPLICATE
    if implied_speed_kmh(previous, position, rules.max_accuracy_credit_m) > rules.max_speed_kmh:
        return Reason.IMPOSSIBLE_SPEED
    return Reason.OK


def implied_speed_kmh(a: Position, b: Position, max_accuracy_credit_m: float = 0.0) -> float:
    """Speed needed to move between two fixes, crediting their stated accuracy; at least 1 s apart."""
    credit = min((a.accuracy_m or 0.0) + (b.accuracy_m or 0.0), max_accuracy_credit_m)
    metres = max(0.0, distance_m(a.latitude, a.longitude, b.latitude, b.longitude) - credit)
    seconds = max(abs((b.fix_time - a.fix_time).total_seconds()), 1.0)
    return metres / seconds * 3.6


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _in_range(latitude: float, longitude: float) -> bool:
    return (
        math.isfinite(latitude)
        and math.isfinite(longitude)
        and -90.0 <= latitude <= 90.0
        and -180.0 <= longitude <= 180.0
    )
