"""Request and response bodies of the geo API."""

from __future__ import annotations

from datetime import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.geo.domain.territory import DistrictKind, Names, ReceptionSlot, Role


class NamesIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    uz_latn: str = Field(alias="uz-Latn", min_length=1, max_length=200)
    uz_cyrl: str = Field(alias="uz-Cyrl", min_length=1, max_length=200)
    ru: str = Field(min_length=1, max_length=200)

    def to_names(self) -> Names:
        return Names(self.uz_latn, self.uz_cyrl, self.ru)


class UnitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^\d{4}(\d{3})?(\d{2})?(\d{3})?$")
    names: NamesIn
    geometry: dict[str, Any] = Field(description="A GeoJSON Polygon in (lon, lat).")
    kind: DistrictKind | None = None


class UnitUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    names: NamesIn | None = None
    geometry: dict[str, Any] | None = None


class SlotIn(BaseModel):
    weekday: int = Field(ge=0, le=6)
    opens: time
    closes: time

    def to_slot(self) -> ReceptionSlot:
        return ReceptionSlot(self.weekday, self.opens, self.closes)


class OfficialCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role
    territory_code: str = Field(pattern=r"^\d{9}(\d{3})?$")
    full_name_latn: str = Field(min_length=3, max_length=200)
    full_name_cyrl: str = Field(min_length=3, max_length=200)
    phone: str = Field(pattern=r"^\+998\d{9}$")
    photo_ref: str | None = Field(None, max_length=300)
    reception_hours: list[SlotIn] = Field(default_factory=list, max_length=14)


class OfficialUpdate(BaseModel):
    """A profile change: the official keeps his id, role and unit (a new unit is a new assignment)."""

    model_config = ConfigDict(extra="forbid")

    full_name_latn: str | None = Field(None, min_length=3, max_length=200)
    full_name_cyrl: str | None = Field(None, min_length=3, max_length=200)
    phone: str | None = Field(None, pattern=r"^\+998\d{9}$")
    photo_ref: str | None = Field(None, max_length=300)
    reception_hours: list[SlotIn] | None = Field(None, max_length=14)

    def changes(self) -> dict[str, Any]:
        found = self.model_dump(exclude_unset=True, exclude={"reception_hours"})
        if self.reception_hours is not None:
            found["reception_hours"] = tuple(slot.to_slot() for slot in self.reception_hours)
        return found


class PostMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    address: NamesIn | None = None


class LocatePublic(BaseModel):
    mahalla_code: str
    sector_code: str
    district_code: str
    region_code: str
    names: dict[str, str]


class AddressPublic(BaseModel):
    address: str
    cadastre_number: str
    latitude: float
    longitude: float
    mahalla_code: str
