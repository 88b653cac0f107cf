"""Point → mahalla and address → mahalla, for the gateway and other services (public)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.geo.api.cards import names_public
from services.geo.api.schemas import AddressPublic, LocatePublic
from services.geo.deps import GeoDep
from services.geo.handlers import citizens

router = APIRouter(tags=["locate"])


@router.get("/v1/locate", response_model=LocatePublic)
async def locate(
    lat: Annotated[float, Query(ge=-90, le=90)], lon: Annotated[float, Query(ge=-180, le=180)], geo: GeoDep
) -> LocatePublic:
    mahalla = citizens.locate(lat, lon, geo)
    code = mahalla.code
    return LocatePublic(mahalla_code=code, sector_code=code[:9], district_code=code[:7], region_code=code[:4],
                        names=names_public(mahalla.names))  # fmt: skip


@router.get("/v1/locate/address", response_model=AddressPublic)
async def locate_address(q: Annotated[str, Query(min_length=3, max_length=300)], geo: GeoDep) -> AddressPublic:
    record, mahalla_code = await citizens.resolve_address(q, geo)
    location = record.location
    return AddressPublic(
        address=record.address, cadastre_number=record.cadastre_number, latitude=location.lat,
        longitude=location.lon, mahalla_code=mahalla_code,
    )  # fmt: skip
