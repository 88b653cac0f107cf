"""Rules of registry administration: what a change may do to the territory and the events it records.

Each function takes the current snapshot and returns the changed records with their events; nothing is
stored here. Officials are not written into their units: a unit's chairman, inspectors and head are
whoever is assigned to it now, so every change touches one record (and one outbox) only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from services.geo.domain.errors import (
    OverlappingMahalla,
    PostOutsideMahalla,
    UnitExists,
    UnitHasActiveChildren,
    UnitRetired,
    UnknownOfficial,
    UnknownParent,
    UnknownPost,
)
from services.geo.domain.geometry import find_overlaps
from services.geo.domain.registry import Territory
from services.geo.domain.territory import (
    CODE_LENGTHS,
    District,
    DistrictKind,
    GeoPoint,
    LawEnforcementPost,
    Level,
    Mahalla,
    Names,
    Official,
    PolygonCoordinates,
    Region,
    Role,
    Sector,
    TerritorialUnit,
    UnitStatus,
    level_of,
    parent_of,
)
from shared.events.envelope import Event
from shared.events.geo import OfficialAssignedV1, OfficialRemovedV1, PostMovedV1, UnitCreatedV1, UnitRetiredV1

_UNIT_CLASSES: dict[Level, type[TerritorialUnit]] = {
    Level.REGION: Region, Level.DISTRICT: District, Level.SECTOR: Sector, Level.MAHALLA: Mahalla,
}  # fmt: skip


def unit_created(unit: TerritorialUnit, now: datetime) -> UnitCreatedV1:
    return UnitCreatedV1(subject=unit.code, time=now, code=unit.code, level=unit.level.value,
                         parent_code=unit.parent_code)  # fmt: skip


def official_assigned(official: Official, now: datetime) -> OfficialAssignedV1:
    code = official.territory_code
    return OfficialAssignedV1(
        subject=code, time=now, official_id=official.id, role=official.role.value, territory_code=code,
        mahalla_code=code if level_of(code) is Level.MAHALLA else None, sector_code=code[: CODE_LENGTHS[Level.SECTOR]],
    )  # fmt: skip


def official_removed(official: Official, now: datetime) -> OfficialRemovedV1:
    return OfficialRemovedV1(subject=official.territory_code, time=now, official_id=official.id,
                             role=official.role.value, territory_code=official.territory_code)  # fmt: skip


def _check_no_overlap(territory: Territory, code: str, polygon: PolygonCoordinates) -> None:
    district = code[: CODE_LENGTHS[Level.DISTRICT]]
    neighbours = [
        (m.code, m.polygon) for m in territory.mahallas
        if m.is_active and m.code != code and m.code.startswith(district[:4])
    ]  # fmt: skip
    for overlap in find_overlaps([(code, polygon), *neighbours]):
        if code in (overlap.first, overlap.second):
            other = overlap.second if overlap.first == code else overlap.first
            raise OverlappingMahalla(code=code, other=other)


def create_unit(
    territory: Territory, *, code: str, names: Names, polygon: PolygonCoordinates, now: datetime,
    kind: DistrictKind | None = None,
) -> tuple[TerritorialUnit, list[Event]]:  # fmt: skip
    level = level_of(code)
    if territory.has(code):
        raise UnitExists(code=code)
    parent = parent_of(code)
    if parent is not None and (not territory.has(parent) or not territory.unit(parent).is_active):
        raise UnknownParent(parent_code=parent)
    if level is Level.MAHALLA:
        _check_no_overlap(territory, code, polygon)
    unit = unit_of_level(level, code=code, names=names, polygon=polygon, kind=kind)
    return unit, [unit_created(unit, now)]


def unit_of_level(
    level: Level, *, code: str, names: Names, polygon: PolygonCoordinates, kind: DistrictKind | None = None
) -> TerritorialUnit:
    if level is Level.DISTRICT:
        return District(code=code, parent_code=parent_of(code), names=names, polygon=polygon,
                        kind=kind or DistrictKind.DISTRICT)  # fmt: skip
    return _UNIT_CLASSES[level](code=code, parent_code=parent_of(code), names=names, polygon=polygon)


def update_unit(
    territory: Territory, code: str, *, names: Names | None = None, polygon: PolygonCoordinates | None = None
) -> TerritorialUnit:
    unit = territory.unit(code)
    if not unit.is_active:
        raise UnitRetired(code=code)
    if polygon is not None and unit.level is Level.MAHALLA:
        _check_no_overlap(territory, code, polygon)
    return dataclasses.replace(unit, names=names or unit.names, polygon=polygon or unit.polygon)


def retire_unit(territory: Territory, code: str, now: datetime) -> tuple[TerritorialUnit, list[Event]]:
    unit = territory.unit(code)
    if not unit.is_active:
        raise UnitRetired(code=code)
    active_children = [child for child in territory.children(code) if territory.unit(child).is_active]
    if active_children:
        raise UnitHasActiveChildren(code=code, children=len(active_children))
    retired = dataclasses.replace(unit, status=UnitStatus.RETIRED)
    return retired, [UnitRetiredV1(subject=code, time=now, code=code, level=unit.level.value)]


@dataclasses.dataclass(frozen=True)
class Assignment:
    official: Official
    events: list[Event]
    replaced: Sequence[tuple[Official, list[Event]]] = ()  # the chairman or head he takes over from


def assign_official(territory: Territory, official: Official, now: datetime) -> Assignment:
    """A new official for a unit; a mahalla has one chairman and a sector one head, so the previous one
    is removed. A mahalla may have several inspectors."""
    unit = territory.unit(official.territory_code)
    if not unit.is_active:
        raise UnitRetired(code=unit.code)
    replaced: list[tuple[Official, list[Event]]] = []
    if official.role in (Role.CHAIRMAN, Role.SECTOR_HEAD):
        replaced = [
            (old, [official_removed(old, now)])
            for old in territory.officials_of(unit.code) if old.role is official.role and old.id != official.id
        ]  # fmt: skip
    return Assignment(official, [official_assigned(official, now)], replaced)


def update_official(territory: Territory, official_id: str, changes: dict[str, object]) -> Official:
    """The official with a new profile; `Official` checks the phone and names again."""
    official = territory.official(official_id)
    if official is None:
        raise UnknownOfficial(official_id=official_id)
    allowed = {"full_name_latn", "full_name_cyrl", "phone", "photo_ref", "reception_hours"}
    return dataclasses.replace(official, **{k: v for k, v in changes.items() if k in allowed})  # type: ignore[arg-type]


def remove_official(territory: Territory, official_id: str, now: datetime) -> tuple[Official, list[Event]]:
    official = territory.official(official_id)
    if official is None:
        raise UnknownOfficial(official_id=official_id)
    return official, [official_removed(official, now)]


def move_post(
    territory: Territory, post_id: str, *, location: GeoPoint, located_in: str | None, address: Names | None,
    now: datetime,
) -> tuple[LawEnforcementPost, list[Event]]:  # fmt: skip
    """`located_in`: the mahalla the point→mahalla index puts the new location in (None: outside all)."""
    post = territory.post(post_id)
    if post is None:
        raise UnknownPost(post_id=post_id)
    if located_in != post.mahalla_code:
        raise PostOutsideMahalla(mahalla_code=post.mahalla_code)
    moved = dataclasses.replace(post, location=location, address=address or post.address)
    event = PostMovedV1(subject=post.mahalla_code, time=now, post_id=post.id, mahalla_code=post.mahalla_code,
                        latitude=location.lat, longitude=location.lon)  # fmt: skip
    return moved, [event]
