"""Review of a bulk import (a GeoJSON FeatureCollection of units): what can be taken, what not and why.

Features use the export format (`domain.geojson`). Each is checked on its own (shape of the feature,
code, names, polygon), then against the others and the registry: the parent must exist already or be
accepted in the same file, and a mahalla may not overlap another mahalla — in the file (both are
rejected: neither is the obvious one to keep) or in the registry (the newcomer is rejected; a feature
with the code of an existing mahalla replaces it, so it is not compared with its old self).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping, Sequence
from typing import Any

from services.geo.domain.errors import MalformedTerritoryCode, NotAFeatureCollection
from services.geo.domain.geojson import NAME_KEYS
from services.geo.domain.geometry import UZBEKISTAN, Bounds, ensure_valid_polygon, find_overlaps, polygon_problems
from services.geo.domain.registry import Territory
from services.geo.domain.territory import (
    LEVELS_TOP_DOWN,
    Level,
    Names,
    PolygonCoordinates,
    UnitStatus,
    level_of,
    parent_of,
)


class RejectionReason(enum.StrEnum):
    MALFORMED_FEATURE = "malformed_feature"
    MALFORMED_CODE = "malformed_code"
    DUPLICATE_CODE = "duplicate_code"
    MISSING_NAMES = "missing_names"
    INVALID_POLYGON = "invalid_polygon"
    PARENT_MISMATCH = "parent_mismatch"
    UNKNOWN_PARENT = "unknown_parent"
    OVERLAPPING_MAHALLA = "overlapping_mahalla"

    @property
    def message_code(self) -> str:
        return f"geo.import.{self}"


@dataclasses.dataclass(frozen=True)
class Rejection:
    reason: RejectionReason
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"reason": str(self.reason), "code": self.reason.message_code, "params": dict(self.params)}


@dataclasses.dataclass(frozen=True)
class AcceptedFeature:
    index: int
    code: str
    level: Level
    names: Names
    polygon: PolygonCoordinates


@dataclasses.dataclass(frozen=True)
class RejectedFeature:
    index: int
    code: str | None
    rejections: tuple[Rejection, ...]

    @property
    def reasons(self) -> tuple[RejectionReason, ...]:
        return tuple(rejection.reason for rejection in self.rejections)


@dataclasses.dataclass(frozen=True)
class ImportReport:
    accepted: tuple[AcceptedFeature, ...]
    rejected: tuple[RejectedFeature, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": [{"index": a.index, "code": a.code, "level": str(a.level)} for a in self.accepted],
            "rejected": [
                {"index": r.index, "code": r.code, "rejections": [x.as_dict() for x in r.rejections]}
                for r in self.rejected
            ],
            "summary": {"accepted": len(self.accepted), "rejected": len(self.rejected)},
        }


def _names(properties: Mapping[str, Any]) -> tuple[Names | None, list[str]]:
    raw = properties.get("names")
    raw = raw if isinstance(raw, Mapping) else {}
    values = {key: value for key in NAME_KEYS if isinstance(value := raw.get(key), str) and value.strip()}
    missing = [key for key in NAME_KEYS if key not in values]
    if missing:
        return None, missing
    return Names(values["uz-Latn"], values["uz-Cyrl"], values["ru"]), []


def _check_feature(feature: object, seen: set[str], country: Bounds | None) -> tuple[str | None, list[Rejection], Any]:
    """(code, rejections, candidate) for one feature on its own."""
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        return None, [Rejection(RejectionReason.MALFORMED_FEATURE, {"detail": "not a GeoJSON Feature"})], None
    properties = feature.get("properties")
    if not isinstance(properties, Mapping):
        return None, [Rejection(RejectionReason.MALFORMED_FEATURE, {"detail": "no properties"})], None
    rejections: list[Rejection] = []
    raw_code = properties.get("code")
    code = raw_code if isinstance(raw_code, str) else None
    level: Level | None = None
    try:
        level = level_of(code) if code is not None else None
    except MalformedTerritoryCode:
        level = None
    if code is None or level is None:
        rejections.append(Rejection(RejectionReason.MALFORMED_CODE, {"code": str(raw_code)}))
    elif code in seen:
        rejections.append(Rejection(RejectionReason.DUPLICATE_CODE, {"code": code}))
    else:
        declared = properties.get("parent_code")
        if declared is not None and declared != parent_of(code):
            rejections.append(Rejection(RejectionReason.PARENT_MISMATCH, {"parent_code": str(declared)}))
    if code is not None:
        seen.add(code)
    names, missing = _names(properties)
    if missing:
        rejections.append(Rejection(RejectionReason.MISSING_NAMES, {"missing": ", ".join(missing)}))
    geometry = feature.get("geometry")
    polygon: PolygonCoordinates | None = None
    if not isinstance(geometry, Mapping) or geometry.get("type") != "Polygon":
        rejections.append(Rejection(RejectionReason.INVALID_POLYGON, {"problem": "geo.polygon.malformed"}))
    else:
        problems = polygon_problems(geometry.get("coordinates"), country=country)
        if problems:
            rejections.append(
                Rejection(RejectionReason.INVALID_POLYGON, {"problem": problems[0].code, **problems[0].params})
            )
        else:
            polygon = ensure_valid_polygon(geometry.get("coordinates"), country=country)
    if rejections or code is None or level is None or names is None or polygon is None:
        return code, rejections, None
    return code, [], (level, names, polygon)


def review_import(
    collection: object, *, existing: Territory | None = None, country: Bounds | None = UZBEKISTAN
) -> ImportReport:
    """Accept or reject every feature of a FeatureCollection, with every reason that applies."""
    if not isinstance(collection, Mapping) or collection.get("type") != "FeatureCollection":
        raise NotAFeatureCollection(detail="the body must be a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, Sequence) or isinstance(features, str | bytes):
        raise NotAFeatureCollection(detail="`features` must be an array")
    existing = existing or Territory()
    seen: set[str] = set()
    rejected: dict[int, tuple[str | None, list[Rejection]]] = {}
    candidates: dict[int, tuple[str, Level, Names, PolygonCoordinates]] = {}
    for index, feature in enumerate(features):
        code, rejections, candidate = _check_feature(feature, seen, country)
        if candidate is None:
            rejected[index] = (code, rejections)
        else:
            assert code is not None
            candidates[index] = (code, *candidate)
    # Parents, top-down: a unit stands if its parent is registered or stands in this file.
    standing: dict[str, int] = {}
    for level in LEVELS_TOP_DOWN:
        for index, (code, unit_level, _, _) in sorted(candidates.items()):
            if unit_level is not level:
                continue
            parent = parent_of(code)
            if parent is None or parent in standing or existing.has(parent):
                standing[code] = index
            else:
                rejected[index] = (code, [Rejection(RejectionReason.UNKNOWN_PARENT, {"parent_code": parent})])
    # Overlaps between mahallas: in the file, and with registered mahallas (not with their own old shape).
    new_mahallas = {code: candidates[index][3] for code, index in standing.items() if len(code) == 12}
    old_mahallas = [
        (f"registered:{m.code}", m.polygon)
        for m in existing.mahallas
        if m.status is UnitStatus.ACTIVE and m.code not in new_mahallas
    ]
    clashes: dict[str, list[str]] = {}
    for overlap in find_overlaps([*new_mahallas.items(), *old_mahallas]):
        for mine, other in ((overlap.first, overlap.second), (overlap.second, overlap.first)):
            if mine in new_mahallas:
                clashes.setdefault(mine, []).append(other.removeprefix("registered:"))
    for code, others in clashes.items():
        index = standing.pop(code)
        reasons = [Rejection(RejectionReason.OVERLAPPING_MAHALLA, {"other": other}) for other in sorted(others)]
        rejected[index] = (code, reasons)
    accepted = tuple(
        AcceptedFeature(index, code, candidates[index][1], candidates[index][2], candidates[index][3])
        for code, index in sorted(standing.items(), key=lambda item: item[1])
    )
    return ImportReport(
        accepted=accepted,
        rejected=tuple(
            RejectedFeature(index, code, tuple(reasons)) for index, (code, reasons) in sorted(rejected.items())
        ),
    )
