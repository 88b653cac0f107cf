"""Territory records ⇄ database documents.

FerretDB v1 stores no arrays inside arrays, so a polygon is kept as its GeoJSON coordinates in a JSON
string and other pairs as small objects. Officials, posts and headquarters are not written into units: a
snapshot fills a unit's chairman, inspectors, head, post and headquarters from them when it loads.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, time
from typing import Any

from services.geo.domain.geojson import polygon_geometry
from services.geo.domain.registry import Territory
from services.geo.domain.territory import (
    AgeBand,
    Demographics,
    District,
    DistrictKind,
    GeoPoint,
    LawEnforcementPost,
    Level,
    Mahalla,
    Names,
    Official,
    ReceptionSlot,
    Region,
    Role,
    Sector,
    SectorHeadquarters,
    TerritorialUnit,
    UnitStatus,
    level_of,
)
from shared.mongo import Document

POST, HEADQUARTERS = "post", "headquarters"


def names_document(names: Names) -> dict[str, str]:
    return {"uz-Latn": names.uz_latn, "uz-Cyrl": names.uz_cyrl, "ru": names.ru}


def names_of(document: dict[str, str]) -> Names:
    return Names(document["uz-Latn"], document["uz-Cyrl"], document["ru"])


def hours_document(slots: Iterable[ReceptionSlot]) -> list[dict[str, Any]]:
    return [{"day": s.weekday, "opens": s.opens.strftime("%H:%M"), "closes": s.closes.strftime("%H:%M")} for s in slots]


def hours_of(rows: Iterable[dict[str, Any]]) -> tuple[ReceptionSlot, ...]:
    return tuple(
        ReceptionSlot(int(row["day"]), time.fromisoformat(row["opens"]), time.fromisoformat(row["closes"]))
        for row in rows
    )


def demographics_document(d: Demographics) -> Document:
    return {"population": d.population, "households": d.households, "male": d.male, "female": d.female,
            "age_bands": [{"label": band.label, "count": band.count} for band in d.age_bands], "source": d.source,
            "as_of": d.as_of.isoformat(), "synthetic": d.synthetic}  # fmt: skip


def demographics_of(document: Document) -> Demographics:
    return Demographics(
        population=document["population"], households=document["households"], male=document["male"],
        female=document["female"], age_bands=tuple(AgeBand(b["label"], b["count"]) for b in document["age_bands"]),
        source=document["source"], as_of=date.fromisoformat(document["as_of"]), synthetic=document["synthetic"],
    )  # fmt: skip


def unit_document(unit: TerritorialUnit) -> Document:
    document: Document = {
        "_id": unit.code, "level": unit.level.value, "parent_code": unit.parent_code,
        "names": names_document(unit.names), "polygon": json.dumps(polygon_geometry(unit.polygon)["coordinates"]),
        "status": unit.status.value, "synthetic": unit.synthetic,
    }  # fmt: skip
    if isinstance(unit, District):
        document["kind"] = unit.kind.value
    if isinstance(unit, Mahalla) and unit.demographics is not None:
        document["demographics"] = demographics_document(unit.demographics)
    return document


def _polygon(text: str) -> tuple[tuple[tuple[float, float], ...], ...]:
    return tuple(tuple((float(lon), float(lat)) for lon, lat, *_ in ring) for ring in json.loads(text))


def unit_of(document: Document, links: _Links) -> TerritorialUnit:
    code = document["_id"]
    common: dict[str, Any] = {
        "code": code, "parent_code": document["parent_code"], "names": names_of(document["names"]),
        "polygon": _polygon(document["polygon"]), "status": UnitStatus(document["status"]),
        "synthetic": document.get("synthetic", False),
    }  # fmt: skip
    level = level_of(code)
    if level is Level.REGION:
        return Region(**common)
    if level is Level.DISTRICT:
        return District(**common, kind=DistrictKind(document.get("kind", "district")))
    if level is Level.SECTOR:
        return Sector(
            **common, head_id=links.first(code, Role.SECTOR_HEAD), headquarters_id=links.headquarters.get(code)
        )
    demographics = document.get("demographics")
    return Mahalla(
        **common, chairman_id=links.first(code, Role.CHAIRMAN), inspector_ids=tuple(links.all(code, Role.INSPECTOR)),
        post_id=links.posts.get(code), demographics=demographics_of(demographics) if demographics else None,
    )  # fmt: skip


def official_document(official: Official, *, active: bool = True) -> Document:
    return {
        "_id": official.id, "role": official.role.value, "territory_code": official.territory_code,
        "full_name_latn": official.full_name_latn, "full_name_cyrl": official.full_name_cyrl,
        "phone": official.phone, "photo_ref": official.photo_ref,
        "reception_hours": hours_document(official.reception_hours), "synthetic": official.synthetic,
        "status": "active" if active else "removed",
    }  # fmt: skip


def official_of(document: Document) -> Official:
    return Official(
        id=document["_id"], role=Role(document["role"]), territory_code=document["territory_code"],
        full_name_latn=document["full_name_latn"], full_name_cyrl=document["full_name_cyrl"],
        phone=document["phone"], photo_ref=document.get("photo_ref"),
        reception_hours=hours_of(document.get("reception_hours", [])), synthetic=document.get("synthetic", False),
    )  # fmt: skip


def place_document(place: LawEnforcementPost | SectorHeadquarters) -> Document:
    is_post = isinstance(place, LawEnforcementPost)
    return {
        "_id": place.id, "kind": POST if is_post else HEADQUARTERS,
        "territory_code": place.mahalla_code if isinstance(place, LawEnforcementPost) else place.sector_code,
        "location": {"lat": place.location.lat, "lon": place.location.lon},
        "address": names_document(place.address), "phone": place.phone, "hours": hours_document(place.hours),
        "synthetic": place.synthetic,
    }  # fmt: skip


def place_of(document: Document) -> LawEnforcementPost | SectorHeadquarters:
    common: dict[str, Any] = {
        "id": document["_id"], "location": GeoPoint(**document["location"]), "address": names_of(document["address"]),
        "phone": document["phone"], "hours": hours_of(document.get("hours", [])),
        "synthetic": document.get("synthetic", False),
    }  # fmt: skip
    if document["kind"] == POST:
        return LawEnforcementPost(mahalla_code=document["territory_code"], **common)
    return SectorHeadquarters(sector_code=document["territory_code"], **common)


@dataclasses.dataclass
class _Links:
    officials: dict[tuple[str, Role], list[str]]
    posts: dict[str, str]
    headquarters: dict[str, str]

    def first(self, code: str, role: Role) -> str | None:
        found = self.officials.get((code, role))
        return found[0] if found else None

    def all(self, code: str, role: Role) -> list[str]:
        return self.officials.get((code, role), [])


def snapshot(
    units: Iterable[Document], officials: Iterable[Official], places: Iterable[LawEnforcementPost | SectorHeadquarters]
) -> Territory:
    officials, places = list(officials), list(places)
    by_unit: dict[tuple[str, Role], list[str]] = defaultdict(list)
    for official in sorted(officials, key=lambda o: o.id):
        by_unit[(official.territory_code, official.role)].append(official.id)
    posts = [p for p in places if isinstance(p, LawEnforcementPost)]
    hqs = [p for p in places if isinstance(p, SectorHeadquarters)]
    links = _Links(by_unit, {p.mahalla_code: p.id for p in posts}, {h.sector_code: h.id for h in hqs})
    regions: list[Region] = []
    districts: list[District] = []
    sectors: list[Sector] = []
    mahallas: list[Mahalla] = []
    for document in sorted(units, key=lambda d: d["_id"]):
        unit = unit_of(document, links)
        if isinstance(unit, Region):
            regions.append(unit)
        elif isinstance(unit, District):
            districts.append(unit)
        elif isinstance(unit, Sector):
            sectors.append(unit)
        elif isinstance(unit, Mahalla):
            mahallas.append(unit)
    return Territory(
        tuple(regions), tuple(districts), tuple(sectors), tuple(mahallas), tuple(officials), tuple(posts), tuple(hqs)
    )
