"""Administrators change the registry: units, officials, posts, bulk imports. Each change is one record
written with its events, then every instance reloads the snapshot."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from services.geo.domain import administration as rules
from services.geo.domain.errors import OutsideServiceArea
from services.geo.domain.geometry import ensure_valid_polygon
from services.geo.domain.import_report import ImportReport, review_import
from services.geo.domain.territory import (
    DistrictKind,
    GeoPoint,
    LawEnforcementPost,
    Names,
    Official,
    ReceptionSlot,
    Role,
    TerritorialUnit,
)
from services.geo.handlers.context import Geo


async def create_unit(
    *, code: str, names: Names, polygon: object, kind: DistrictKind | None, geo: Geo
) -> TerritorialUnit:
    unit, events = rules.create_unit(
        geo.live.territory, code=code, names=names, polygon=ensure_valid_polygon(polygon), kind=kind,
        now=geo.clock.now(),
    )  # fmt: skip
    await geo.store.insert_unit(unit, events)
    await geo.changed()
    return unit


async def update_unit(code: str, *, names: Names | None, polygon: object | None, geo: Geo) -> TerritorialUnit:
    shape = ensure_valid_polygon(polygon) if polygon is not None else None
    unit = rules.update_unit(geo.live.territory, code, names=names, polygon=shape)
    await geo.store.save_unit(unit)
    await geo.changed()
    return unit


async def retire_unit(code: str, geo: Geo) -> TerritorialUnit:
    unit, events = rules.retire_unit(geo.live.territory, code, geo.clock.now())
    await geo.store.save_unit(unit, events)
    await geo.changed()
    return unit


async def assign_official(
    *, role: Role, territory_code: str, full_name_latn: str, full_name_cyrl: str, phone: str,
    photo_ref: str | None, reception_hours: Sequence[ReceptionSlot], geo: Geo, official_id: str | None = None,
) -> Official:  # fmt: skip
    official = Official(
        id=official_id or str(uuid.uuid4()), role=role, territory_code=territory_code, full_name_latn=full_name_latn,
        full_name_cyrl=full_name_cyrl, phone=phone, photo_ref=photo_ref, reception_hours=tuple(reception_hours),
    )  # fmt: skip
    assignment = rules.assign_official(geo.live.territory, official, geo.clock.now())
    for old, events in assignment.replaced:
        await geo.store.save_official(old, events, active=False)
    await geo.store.save_official(official, assignment.events)
    await geo.changed()
    return official


async def update_official(official_id: str, changes: dict[str, Any], geo: Geo) -> Official:
    """A profile change (names, phone, photo, hours); no event: events carry no personal data."""
    official = rules.update_official(geo.live.territory, official_id, changes)
    await geo.store.save_official(official, ())
    await geo.changed()
    return official


async def remove_official(official_id: str, geo: Geo) -> Official:
    official, events = rules.remove_official(geo.live.territory, official_id, geo.clock.now())
    await geo.store.save_official(official, events, active=False)
    await geo.changed()
    return official


async def move_post(post_id: str, *, lat: float, lon: float, address: Names | None, geo: Geo) -> LawEnforcementPost:
    location = GeoPoint(lat=lat, lon=lon)
    try:
        located_in: str | None = geo.live.index.locate(lat=lat, lon=lon)
    except OutsideServiceArea:
        located_in = None
    moved, events = rules.move_post(
        geo.live.territory, post_id, location=location, located_in=located_in, address=address, now=geo.clock.now()
    )
    await geo.store.save_place(moved, events)
    await geo.changed()
    return moved


def feature_codes(collection: object) -> list[str]:
    """The well-formed codes a FeatureCollection names (for the scope check before anything is reviewed)."""
    features = collection.get("features") if isinstance(collection, Mapping) else None
    codes = []
    for feature in features if isinstance(features, list) else []:
        properties = feature.get("properties") if isinstance(feature, Mapping) else None
        code = properties.get("code") if isinstance(properties, Mapping) else None
        if isinstance(code, str) and code.isdigit() and len(code) in (4, 7, 9, 12):
            codes.append(code)
    return codes


async def import_units(collection: object, geo: Geo) -> ImportReport:
    """Review the collection against the registry; store what is accepted (a known code is replaced)."""
    territory = geo.live.territory
    report = review_import(collection, existing=territory)
    now = geo.clock.now()
    features: list[dict[str, Any]] = collection["features"]  # type: ignore[index]
    for accepted in report.accepted:
        properties = features[accepted.index].get("properties", {})
        kind = DistrictKind(properties["kind"]) if properties.get("kind") in ("district", "city") else None
        if territory.has(accepted.code):
            await geo.store.save_unit(
                rules.update_unit(territory, accepted.code, names=accepted.names, polygon=accepted.polygon)
            )
            continue
        unit = rules.unit_of_level(accepted.level, code=accepted.code, names=accepted.names,
                                   polygon=accepted.polygon, kind=kind)  # fmt: skip
        await geo.store.insert_unit(unit, [rules.unit_created(unit, now)])
    if report.accepted:
        await geo.changed()
    return report
