"""Incidents: ingestion from the Interior Ministry feed, and the area crime map."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import shapely
from h3.api import basic_int as h3_int

from services.geo.domain import crime_counters
from services.geo.domain.crime_map import K_ANONYMITY, Bucket
from services.geo.domain.crime_query import TASHKENT, BoundingBox, Circle, CrimeMapQuery, TerritoryArea, validate_query
from services.geo.domain.geometry import METRES_PER_DEGREE_LAT, to_shape
from services.geo.domain.incidents import Incident
from services.geo.domain.registry import Territory
from services.geo.domain.territory import CODE_LENGTHS, Level, level_of
from services.geo.handlers.context import Geo
from services.geo.repository.incidents import Groups as IncidentGroups
from services.geo.repository.incidents import IncidentStore
from shared.events.geo import IncidentRecordedV1

BATCH_SIZE = 1000


@dataclasses.dataclass(frozen=True)
class IngestReport:
    received: int
    stored: int


def recorded(incident: Incident) -> IncidentRecordedV1:
    # One event id per incident: publishing it again (a retried batch) is a duplicate consumers skip.
    return IncidentRecordedV1(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"incident:{incident.id}").hex, subject=incident.id,
        time=incident.occurred_at, category=incident.category, group=incident.group.value,
        occurred_at=incident.occurred_at, mahalla_code=incident.mahalla_code,
        district_code=incident.mahalla_code[: CODE_LENGTHS[Level.DISTRICT]], cell=h3_int.int_to_str(incident.cell),
        injuries=incident.injuries, deaths=incident.deaths,
    )  # fmt: skip


def batch_id(incidents: Sequence[Incident]) -> str:
    """The same incidents make the same batch, so a repeated or retried ingestion is recognised."""
    digest = hashlib.sha256("\n".join(sorted(i.id for i in incidents)).encode()).hexdigest()
    return f"b{digest[:32]}"


async def _count(batch: str, groups: IncidentGroups, store: IncidentStore) -> None:
    for (district, month), rows in groups.items():
        await store.apply_counters(batch, district, month, rows)
    await store.mark_done(batch)


async def ingest(incidents: Sequence[Incident], store: IncidentStore) -> IngestReport:
    """Store and count what is new; first finish whatever a crashed ingestion left half done."""
    for batch, groups in (await store.unfinished()).items():
        await _count(batch, groups, store)
    stored = 0
    # By district and month first, so that a batch touches few counter documents.
    incidents = sorted(incidents, key=lambda i: (i.mahalla_code[:7], crime_counters.local_day(i), i.id))
    for start in range(0, len(incidents), BATCH_SIZE):
        chunk = incidents[start : start + BATCH_SIZE]
        batch = batch_id(chunk)
        if await store.batch_done(batch):
            continue
        fresh = await store.insert_new(chunk, batch)
        groups = crime_counters.tally(fresh)
        await store.add_batch(batch, groups, [recorded(i) for i in fresh])
        await _count(batch, groups, store)
        stored += len(fresh)
    return IngestReport(len(incidents), stored)


async def ingest_window(start: datetime, end: datetime, geo: Geo) -> IngestReport:
    incidents = geo.feed.fetch(geo.live.territory, start, end)
    report = await ingest(incidents, geo.incidents)
    geo.wake_relay()
    return report


# --- the crime map --------------------------------------------------------------------------------


def districts_for(query: CrimeMapQuery, territory: Territory) -> list[str]:
    """The districts whose counters can hold incidents of the query's area."""
    area = query.area
    if isinstance(area, TerritoryArea):
        if level_of(area.code) is Level.REGION:
            return list(territory.children(area.code))
        return [area.code[: CODE_LENGTHS[Level.DISTRICT]]]
    if isinstance(area, BoundingBox):
        frame = shapely.box(area.min_lon, area.min_lat, area.max_lon, area.max_lat)
    else:
        frame = _circle_frame(area)
    return [d.code for d in territory.districts if shapely.intersects(frame, to_shape(d.polygon))]


def _circle_frame(circle: Circle) -> shapely.Geometry:
    dlat = circle.radius_m / METRES_PER_DEGREE_LAT
    dlon = dlat / max(0.01, math.cos(math.radians(circle.centre.lat)))
    # The anonymised point of an incident is its cell centre, up to a cell's width away from it.
    margin = 0.01
    return shapely.box(circle.centre.lon - dlon - margin, circle.centre.lat - dlat - margin,
                       circle.centre.lon + dlon + margin, circle.centre.lat + dlat + margin)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class CrimeMapRequest:
    territory: str | None = None
    bbox: Sequence[float] | None = None
    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None
    start: str | None = None
    end: str | None = None
    categories: str | None = None
    interval: Bucket = Bucket.MONTH
    level: Level = Level.MAHALLA


async def crime_map(request: CrimeMapRequest, geo: Geo) -> dict[str, Any]:
    territory = geo.live.territory
    today = geo.clock.now().astimezone(TASHKENT).date()
    start, end = crime_counters.whole_days(request.start, request.end, today=today)
    centre = (request.lat, request.lon) if request.lat is not None or request.lon is not None else None
    query = validate_query(
        start=start, end=end, categories=request.categories, territory_code=request.territory, bbox=request.bbox,
        centre=centre, radius_m=request.radius_m,  # type: ignore[arg-type]
        known_territory={unit.code: unit for unit in territory.units()},
    )  # fmt: skip
    rows: list[crime_counters.Tally] = []
    for district in districts_for(query, territory):
        for month in crime_counters.months_of(query.period):
            document = await geo.incidents.counters(district, month)
            if document is not None:
                rows.extend(crime_counters.decode(document))
    answer = crime_counters.answer_from_tallies(rows, query, level=request.level, bucket=request.interval)
    last_day = (query.period.end - timedelta(days=1)).astimezone(TASHKENT).date()
    period = {"from": query.period.start.astimezone(TASHKENT).date().isoformat(), "to": last_day.isoformat()}
    return {"period": period, "k": K_ANONYMITY, "interval": request.interval.value,
            "level": request.level.value, **answer}  # fmt: skip
