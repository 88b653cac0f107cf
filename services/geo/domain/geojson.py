"""The GeoJSON form of territory units: one Feature per unit, the format of bulk import and of exports.

Properties: `code`, `level`, `parent_code`, `names` (`uz-Latn`, `uz-Cyrl`, `ru`), `status`, `synthetic`,
plus `kind` for districts. The geometry is a GeoJSON Polygon in (lon, lat).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.geo.domain.registry import Territory
from services.geo.domain.territory import District, Level, Mahalla, PolygonCoordinates, TerritorialUnit

NAME_KEYS = ("uz-Latn", "uz-Cyrl", "ru")


def polygon_geometry(polygon: PolygonCoordinates) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[lon, lat] for lon, lat in ring] for ring in polygon]}


def unit_feature(unit: TerritorialUnit) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "code": unit.code,
        "level": str(unit.level),
        "parent_code": unit.parent_code,
        "names": {"uz-Latn": unit.names.uz_latn, "uz-Cyrl": unit.names.uz_cyrl, "ru": unit.names.ru},
        "status": str(unit.status),
        "synthetic": unit.synthetic,
    }
    if isinstance(unit, District):
        properties["kind"] = str(unit.kind)
    if isinstance(unit, Mahalla) and unit.demographics is not None:
        properties["population"] = unit.demographics.population
        properties["households"] = unit.demographics.households
    return {"type": "Feature", "id": unit.code, "geometry": polygon_geometry(unit.polygon), "properties": properties}


def feature_collection(units: Iterable[TerritorialUnit]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [unit_feature(unit) for unit in units]}


def territory_feature_collection(territory: Territory, levels: Iterable[Level] | None = None) -> dict[str, Any]:
    """Every unit of the chosen levels (all by default), parents before children."""
    wanted = set(levels) if levels is not None else set(Level)
    groups = (
        (Level.REGION, territory.regions),
        (Level.DISTRICT, territory.districts),
        (Level.SECTOR, territory.sectors),
        (Level.MAHALLA, territory.mahallas),
    )
    units: list[TerritorialUnit] = []
    for level, group in groups:
        if level in wanted:
            units.extend(group)
    return feature_collection(units)
