"""A citizen's "My mahalla" and "My inspector", localised by Accept-Language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from services.geo.api import cards
from services.geo.deps import GeoDep
from services.geo.domain.territory import GeoPoint
from services.geo.handlers import citizens
from shared.auth import Principal, authenticated
from shared.problems import language_of

router = APIRouter(tags=["my mahalla"])
CallerDep = Annotated[Principal, Depends(authenticated)]
Latitude = Annotated[float | None, Query(ge=-90, le=90, description="Home latitude, for distances.")]
Longitude = Annotated[float | None, Query(ge=-180, le=180, description="Home longitude, for distances.")]


def _home(lat: float | None, lon: float | None) -> GeoPoint | None:
    return GeoPoint(lat=lat, lon=lon) if lat is not None and lon is not None else None


@router.get("/v1/my-mahalla")
async def my_mahalla(
    request: Request, principal: CallerDep, geo: GeoDep, lat: Latitude = None, lon: Longitude = None
) -> dict[str, Any]:
    mahalla = citizens.my_mahalla(principal, geo)
    return cards.my_mahalla(mahalla, geo.live.territory, language_of(request), _home(lat, lon))


@router.get("/v1/my-inspector")
async def my_inspector(
    request: Request, principal: CallerDep, geo: GeoDep, lat: Latitude = None, lon: Longitude = None
) -> dict[str, Any]:
    mahalla = citizens.my_mahalla(principal, geo)
    return cards.my_inspectors(mahalla, geo.live.territory, language_of(request), _home(lat, lon))
