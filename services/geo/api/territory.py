"""The public registry: any unit, its children, mahalla cards and a paginated mahalla listing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from services.geo.api import cards
from services.geo.deps import GeoDep
from shared.problems import language_of

router = APIRouter(tags=["territory"])


@router.get("/v1/territory/units/{code}")
async def read_unit(code: str, geo: GeoDep, geometry: bool = False) -> dict[str, Any]:
    territory = geo.live.territory
    unit = territory.unit(code)
    return {**cards.unit_public(unit, geometry=geometry), "children": len(territory.children(code))}


@router.get("/v1/territory/units/{code}/children")
async def read_children(code: str, geo: GeoDep) -> dict[str, Any]:
    territory = geo.live.territory
    children = [cards.unit_public(territory.unit(child)) for child in territory.children(code)]
    return {"code": code, "children": children}


@router.get("/v1/territory/mahallas/{code}")
async def read_mahalla(code: str, request: Request, geo: GeoDep) -> dict[str, Any]:
    territory = geo.live.territory
    return cards.mahalla_public(territory.mahalla(code), territory, language_of(request))


@router.get("/v1/territory/mahallas")
async def list_mahallas(
    geo: GeoDep, within: Annotated[str, Query(pattern=r"^\d{4,12}$")],
    limit: Annotated[int, Query(ge=1, le=500)] = 50, cursor: Annotated[str | None, Query(pattern=r"^\d{12}$")] = None,
) -> dict[str, Any]:  # fmt: skip
    """Mahallas of a unit in code order; `cursor` is the last code of the previous page."""
    mahallas = [m for m in geo.live.territory.mahallas_within(within) if cursor is None or m.code > cursor]
    page = mahallas[:limit]
    next_cursor = page[-1].code if len(mahallas) > limit else None
    return {"items": [cards.unit_public(m) for m in page], "next_cursor": next_cursor}
