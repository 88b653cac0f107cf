"""Administrators manage the registry within their territorial scope."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from services.geo.api import cards
from services.geo.api.schemas import OfficialCreate, OfficialUpdate, PostMove, UnitCreate, UnitUpdate
from services.geo.deps import GeoDep
from services.geo.domain.errors import UnknownOfficial, UnknownPost
from services.geo.handlers import administration
from shared.auth import Principal, Role, ensure_in_scope, require_roles

router = APIRouter(tags=["territory administration"])
AdminDep = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]


@router.post("/v1/territory/units", status_code=201)
async def create_unit(body: UnitCreate, principal: AdminDep, geo: GeoDep) -> dict[str, Any]:
    ensure_in_scope(principal, body.code)
    unit = await administration.create_unit(
        code=body.code, names=body.names.to_names(), polygon=body.geometry.get("coordinates"), kind=body.kind, geo=geo
    )
    return cards.unit_public(unit, geometry=True)


@router.patch("/v1/territory/units/{code}")
async def update_unit(code: str, body: UnitUpdate, principal: AdminDep, geo: GeoDep) -> dict[str, Any]:
    ensure_in_scope(principal, code)
    polygon = body.geometry.get("coordinates") if body.geometry is not None else None
    names = body.names.to_names() if body.names is not None else None
    unit = await administration.update_unit(code, names=names, polygon=polygon, geo=geo)
    return cards.unit_public(unit, geometry=True)


@router.post("/v1/territory/units/{code}/retire")
async def retire_unit(code: str, principal: AdminDep, geo: GeoDep) -> dict[str, Any]:
    ensure_in_scope(principal, code)
    return cards.unit_public(await administration.retire_unit(code, geo))


@router.post("/v1/territory/officials", status_code=201)
async def assign_official(body: OfficialCreate, principal: AdminDep, geo: GeoDep) -> dict[str, Any]:
    ensure_in_scope(principal, body.territory_code)
    official = await administration.assign_official(
        role=body.role, territory_code=body.territory_code, full_name_latn=body.full_name_latn,
        full_name_cyrl=body.full_name_cyrl, phone=body.phone, photo_ref=body.photo_ref,
        reception_hours=[slot.to_slot() for slot in body.reception_hours], geo=geo,
    )  # fmt: skip
    return {**cards.official_public(official), "territory_code": official.territory_code}


@router.patch("/v1/territory/officials/{official_id}")
async def update_official(official_id: str, body: OfficialUpdate, principal: AdminDep, geo: GeoDep) -> dict[str, Any]:
    official = geo.live.territory.official(official_id)
    if official is None:
        raise UnknownOfficial(official_id=official_id)
    ensure_in_scope(principal, official.territory_code)
    updated = await administration.update_official(official_id, body.changes(), geo)
    return {**cards.official_public(updated), "territory_code": updated.territory_code, "phone": updated.phone}


@router.delete("/v1/territory/officials/{official_id}", status_code=204)
async def remove_official(official_id: str, principal: AdminDep, geo: GeoDep) -> None:
    official = geo.live.territory.official(official_id)
    if official is None:
        raise UnknownOfficial(official_id=official_id)
    ensure_in_scope(principal, official.territory_code)
    await administration.remove_official(official_id, geo)


@router.put("/v1/territory/posts/{post_id}/location")
async def move_post(post_id: str, body: PostMove, principal: AdminDep, geo: GeoDep) -> dict[str, Any]:
    post = geo.live.territory.post(post_id)
    if post is None:
        raise UnknownPost(post_id=post_id)
    ensure_in_scope(principal, post.mahalla_code)
    address = body.address.to_names() if body.address is not None else None
    moved = await administration.move_post(post_id, lat=body.lat, lon=body.lon, address=address, geo=geo)
    return {"id": moved.id, "mahalla_code": moved.mahalla_code,
            "location": {"lat": moved.location.lat, "lon": moved.location.lon}}  # fmt: skip


@router.post("/v1/territory/import")
async def import_units(
    collection: Annotated[dict[str, Any], Body()], principal: AdminDep, geo: GeoDep
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of units; every feature must lie in the caller's scope."""
    for code in administration.feature_codes(collection):
        ensure_in_scope(principal, code)
    report = await administration.import_units(collection, geo)
    return report.as_dict()
