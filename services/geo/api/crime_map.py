"""The area crime map (after police.uk): anonymised points, counts by unit and cell, a time series."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.geo.deps import GeoDep
from services.geo.domain.crime_map import Bucket
from services.geo.domain.errors import InvalidBoundingBox
from services.geo.domain.territory import Level
from services.geo.handlers.incidents import CrimeMapRequest, crime_map

router = APIRouter(tags=["crime map"])


def _bbox(text: str | None) -> list[float] | None:
    if text is None:
        return None
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        raise InvalidBoundingBox(reason="shape", bbox=text) from None


@router.get("/v1/crime-map")
async def read_crime_map(
    geo: GeoDep,
    territory: Annotated[str | None, Query(description="A territory code of any level.")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    lat: float | None = None,
    lon: float | None = None,
    radius: Annotated[float | None, Query(description="Metres around lat/lon.")] = None,
    start: Annotated[str | None, Query(alias="from", description="YYYY-MM or YYYY-MM-DD (local).")] = None,
    end: Annotated[str | None, Query(alias="to", description="YYYY-MM or YYYY-MM-DD, included.")] = None,
    categories: Annotated[str | None, Query(description="Comma-separated categories or groups.")] = None,
    interval: Bucket = Bucket.MONTH,
    level: Level = Level.MAHALLA,
) -> dict[str, Any]:
    request = CrimeMapRequest(territory=territory, bbox=_bbox(bbox), lat=lat, lon=lon, radius_m=radius,
                              start=start, end=end, categories=categories, interval=interval, level=level)  # fmt: skip
    return await crime_map(request, geo)
