"""What the routes answer with: units, officials and places as citizens and other services read them.

Storage documents are never returned as they are; personal names are chosen by script (Cyrillic for
uz-Cyrl and ru readers, Latin otherwise) and every label a person reads comes from the catalogue.
"""

from __future__ import annotations

from typing import Any

from services.geo.domain.geojson import polygon_geometry
from services.geo.domain.geometry import haversine_m
from services.geo.domain.registry import Territory
from services.geo.domain.territory import (
    District,
    GeoPoint,
    LawEnforcementPost,
    Mahalla,
    Names,
    Official,
    ReceptionSlot,
    Role,
    SectorHeadquarters,
    TerritorialUnit,
)
from shared.i18n import Language, translate


def names_public(names: Names) -> dict[str, str]:
    return {"uz-Latn": names.uz_latn, "uz-Cyrl": names.uz_cyrl, "ru": names.ru}


def person_name(official: Official, language: Language) -> str:
    return official.full_name_cyrl if language in ("uz-Cyrl", "ru") else official.full_name_latn


def hours_public(slots: tuple[ReceptionSlot, ...], language: Language) -> list[dict[str, Any]]:
    return [
        {"weekday": slot.weekday, "day": translate(f"geo.weekday.{slot.weekday}", language),
         "opens": slot.opens.strftime("%H:%M"), "closes": slot.closes.strftime("%H:%M")}
        for slot in slots
    ]  # fmt: skip


def distance_m(home: GeoPoint | None, place: GeoPoint) -> int | None:
    return None if home is None else round(haversine_m(home, place))


def unit_public(unit: TerritorialUnit, *, geometry: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": unit.code, "level": unit.level.value, "parent_code": unit.parent_code,
        "names": names_public(unit.names), "status": unit.status.value, "synthetic": unit.synthetic,
    }  # fmt: skip
    if isinstance(unit, District):
        body["kind"] = unit.kind.value
    if geometry:
        body["geometry"] = polygon_geometry(unit.polygon)
    return body


def official_public(official: Official) -> dict[str, Any]:
    return {"id": official.id, "role": official.role.value, "full_name_latn": official.full_name_latn,
            "full_name_cyrl": official.full_name_cyrl}  # fmt: skip


def place_public(place: LawEnforcementPost | SectorHeadquarters, language: Language,
                 home: GeoPoint | None = None) -> dict[str, Any]:  # fmt: skip
    body: dict[str, Any] = {
        "id": place.id, "location": {"lat": place.location.lat, "lon": place.location.lon},
        "address": names_public(place.address), "address_text": place.address.in_language(language),
        "phone": place.phone, "hours": hours_public(place.hours, language),
    }  # fmt: skip
    if home is not None:
        body["distance_m"] = distance_m(home, place.location)
    return body


def demographics_public(mahalla: Mahalla) -> dict[str, Any] | None:
    d = mahalla.demographics
    if d is None:
        return None
    return {"population": d.population, "households": d.households, "male": d.male, "female": d.female,
            "age_bands": [{"label": b.label, "count": b.count} for b in d.age_bands], "source": d.source,
            "as_of": d.as_of.isoformat(), "synthetic": d.synthetic}  # fmt: skip


def mahalla_public(mahalla: Mahalla, territory: Territory, language: Language) -> dict[str, Any]:
    post = territory.post(mahalla.post_id) if mahalla.post_id else None
    sector = territory.sector(mahalla.code[:9])
    officials = [*territory.officials_of(mahalla.code), *territory.officials_of(sector.code)]
    return {
        **unit_public(mahalla), "sector_code": sector.code, "district_code": mahalla.code[:7],
        "region_code": mahalla.code[:4], "officials": [official_public(o) for o in officials],
        "demographics": demographics_public(mahalla), "post": place_public(post, language) if post else None,
    }  # fmt: skip


def _official_card(official: Official, language: Language) -> dict[str, Any]:
    return {**official_public(official), "name": person_name(official, language), "photo_ref": official.photo_ref,
            "phone": official.phone, "reception_hours": hours_public(official.reception_hours, language)}  # fmt: skip


def my_mahalla(mahalla: Mahalla, territory: Territory, language: Language, home: GeoPoint | None) -> dict[str, Any]:
    sector = territory.sector(mahalla.code[:9])
    chairman = territory.official(mahalla.chairman_id) if mahalla.chairman_id else None
    head = territory.official(sector.head_id) if sector.head_id else None
    hq = territory.headquarters_of(sector.headquarters_id) if sector.headquarters_id else None
    return {
        "mahalla_code": mahalla.code, "name": mahalla.names.in_language(language), "names": names_public(mahalla.names),
        "chairman": _official_card(chairman, language) if chairman else None,
        "demographics": demographics_public(mahalla),
        "sector": {"code": sector.code, "name": sector.names.in_language(language),
                   "head": _official_card(head, language) if head else None,
                   "headquarters": place_public(hq, language, home) if hq else None},
    }  # fmt: skip


def my_inspectors(mahalla: Mahalla, territory: Territory, language: Language, home: GeoPoint | None) -> dict[str, Any]:
    post = territory.post(mahalla.post_id) if mahalla.post_id else None
    inspectors = [
        o for i in mahalla.inspector_ids if (o := territory.official(i)) is not None and o.role is Role.INSPECTOR
    ]
    cards = []
    for inspector in inspectors:
        card = _official_card(inspector, language)
        if post is not None:
            distance = distance_m(home, post.location)
            card["post"] = place_public(post, language, home)
            how = translate(
                "geo.how_to_reach", language, name=person_name(inspector, language),
                address=post.address.in_language(language), phone=post.phone,
            )  # fmt: skip
            if distance is not None:
                how += " " + translate("geo.distance_from_home", language, km=f"{distance / 1000:.1f}")
            card["how_to_reach"] = how
        cards.append(card)
    return {"mahalla_code": mahalla.code, "name": mahalla.names.in_language(language), "inspectors": cards}
