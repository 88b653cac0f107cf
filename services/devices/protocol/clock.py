"""Device times to aware UTC: local wall-clock times with the device's zone, ISO-8601 texts, Unix stamps."""

from __future__ import annotations

import math
from datetime import UTC, datetime, tzinfo

# Beyond this many seconds a Unix stamp is taken for milliseconds (Traccar's OsmAnd rule: 2^31 - 1).
MILLISECONDS_FROM = 2**31 - 1


def local_to_utc(
    year: int, month: int, day: int, hour: int, minute: int, second: int, tz: tzinfo, microsecond: int = 0
) -> datetime:
    """A wall-clock time read in `tz`, as UTC. Raises ValueError for impossible calendar values."""
    local = datetime(year, month, day, hour, minute, second, microsecond, tzinfo=tz)
    return local if tz is UTC else local.astimezone(UTC)


def parse_iso(text: str, tz: tzinfo) -> datetime:
    """ISO-8601 with or without an offset (without: the device's zone). Raises ValueError."""
    stamp = datetime.fromisoformat(text.strip())
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=tz)
    return stamp.astimezone(UTC)


def from_unix(value: float) -> datetime:
    """Unix seconds, or milliseconds when the number is too large to be seconds. Raises ValueError."""
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"not a timestamp: {value}")
    seconds = value / 1000.0 if value >= MILLISECONDS_FROM else value
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"timestamp out of range: {value}") from exc
