"""The territory registry's entities: region → district → sector → mahalla, the people who serve them,
their places (law-enforcement posts, sector headquarters) and demographics.

Codes are SOATO-style and containment is a string prefix: region 4 digits (`1726` Tashkent city),
district 7, sector = district + 2 digits, mahalla = sector + 3 digits (`172626601014`).
Coordinates follow GeoJSON: a position is `(lon, lat)`; a polygon is a tuple of rings, outer ring first.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import re
from datetime import date, time
from typing import ClassVar

from services.geo.domain.errors import (
    CoordinatesOutOfRange,
    InvalidUnitData,
    MalformedTerritoryCode,
    ParentMismatch,
    WrongLevel,
)

Position = tuple[float, float]  # (lon, lat), the GeoJSON order
Ring = tuple[Position, ...]
PolygonCoordinates = tuple[Ring, ...]


class Level(enum.StrEnum):
    REGION = "region"
    DISTRICT = "district"
    SECTOR = "sector"
    MAHALLA = "mahalla"


CODE_LENGTHS: dict[Level, int] = {Level.REGION: 4, Level.DISTRICT: 7, Level.SECTOR: 9, Level.MAHALLA: 12}
_LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}
LEVELS_TOP_DOWN: tuple[Level, ...] = (Level.REGION, Level.DISTRICT, Level.SECTOR, Level.MAHALLA)


def level_of(code: str) -> Level:
    """The level a code names, from its length; anything but 4, 7, 9 or 12 ASCII digits is malformed."""
    if not isinstance(code, str) or not (code.isascii() and code.isdigit()):
        raise MalformedTerritoryCode(code=str(code))
    level = _LEVEL_BY_LENGTH.get(len(code))
    if level is None:
        raise MalformedTerritoryCode(code=code)
    return level


def parent_of(code: str) -> str | None:
    """The code of the unit one level up; a region has none."""
    level = level_of(code)
    if level is Level.REGION:
        return None
    parent_level = LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.index(level) - 1]
    return code[: CODE_LENGTHS[parent_level]]


def contains(scope_code: str, code: str) -> bool:
    """Whether `code` is `scope_code` itself or lies inside it (a prefix, once both are well-formed)."""
    level_of(scope_code)
    level_of(code)
    return code.startswith(scope_code)


def code_at(code: str, level: Level) -> str:
    """The ancestor of `code` (or `code` itself) at `level`; asking for a finer level is an error."""
    own = level_of(code)
    if CODE_LENGTHS[level] > CODE_LENGTHS[own]:
        raise WrongLevel(code=code, expected=str(level))
    return code[: CODE_LENGTHS[level]]


def ancestors(code: str) -> tuple[str, ...]:
    """Every code from the region down to `code` itself."""
    own = level_of(code)
    return tuple(code[: CODE_LENGTHS[level]] for level in LEVELS_TOP_DOWN[: LEVELS_TOP_DOWN.index(own) + 1])


class UnitStatus(enum.StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


@dataclasses.dataclass(frozen=True, slots=True)
class Names:
    """A proper name in the three forms citizens read; English readers get the Uzbek Latin form."""

    uz_latn: str
    uz_cyrl: str
    ru: str

    def __post_init__(self) -> None:
        for field, value in (("uz_latn", self.uz_latn), ("uz_cyrl", self.uz_cyrl), ("ru", self.ru)):
            if not value or not value.strip():
                raise InvalidUnitData(field=f"names.{field}", reason="empty")

    def in_language(self, language: str) -> str:
        return {"uz-Cyrl": self.uz_cyrl, "ru": self.ru}.get(language, self.uz_latn)


@dataclasses.dataclass(frozen=True, slots=True)
class GeoPoint:
    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lat) and math.isfinite(self.lon)):
            raise CoordinatesOutOfRange(lat=self.lat, lon=self.lon)
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise CoordinatesOutOfRange(lat=self.lat, lon=self.lon)


@dataclasses.dataclass(frozen=True, kw_only=True)
class TerritorialUnit:
    """What every level shares. A subclass fixes `LEVEL`; the code must agree with the parent code."""

    LEVEL: ClassVar[Level]

    code: str
    parent_code: str | None
    names: Names
    polygon: PolygonCoordinates
    status: UnitStatus = UnitStatus.ACTIVE
    synthetic: bool = False

    def __post_init__(self) -> None:
        if level_of(self.code) is not self.LEVEL:
            raise WrongLevel(code=self.code, expected=str(self.LEVEL))
        if parent_of(self.code) != self.parent_code:
            raise ParentMismatch(code=self.code, parent_code=self.parent_code)

    @property
    def level(self) -> Level:
        return self.LEVEL

    @property
    def is_active(self) -> bool:
        return self.status is UnitStatus.ACTIVE


class DistrictKind(enum.StrEnum):
    DISTRICT = "district"  # tuman
    CITY = "city"  # shahar of regional subordination, a district in its own right


@dataclasses.dataclass(frozen=True, kw_only=True)
class Region(TerritorialUnit):
    LEVEL: ClassVar[Level] = Level.REGION


@dataclasses.dataclass(frozen=True, kw_only=True)
class District(TerritorialUnit):
    LEVEL: ClassVar[Level] = Level.DISTRICT
    kind: DistrictKind = DistrictKind.DISTRICT


@dataclasses.dataclass(frozen=True, kw_only=True)
class Sector(TerritorialUnit):
    LEVEL: ClassVar[Level] = Level.SECTOR
    head_id: str | None = None
    headquarters_id: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Mahalla(TerritorialUnit):
    LEVEL: ClassVar[Level] = Level.MAHALLA
    chairman_id: str | None = None
    inspector_ids: tuple[str, ...] = ()
    post_id: str | None = None
    demographics: Demographics | None = None


class Role(enum.StrEnum):
    CHAIRMAN = "chairman"  # mahalla raisi
    SECTOR_HEAD = "sector_head"  # sektor rahbari
    INSPECTOR = "inspector"  # profilaktika inspektori


_LEVEL_SERVED_BY: dict[Role, Level] = {
    Role.CHAIRMAN: Level.MAHALLA,
    Role.SECTOR_HEAD: Level.SECTOR,
    Role.INSPECTOR: Level.MAHALLA,
}
# E.164 for Uzbekistan: +998, a two-digit operator or area code, seven digits.
_UZ_PHONE = re.compile(r"^\+998\d{9}$")


def _check_phone(phone: str, field: str) -> None:
    if not _UZ_PHONE.match(phone):
        raise InvalidUnitData(field=field, reason="not an E.164 Uzbek number (+998XXXXXXXXX)")


@dataclasses.dataclass(frozen=True, slots=True)
class ReceptionSlot:
    """A weekly window when citizens are received: `weekday` 0 = Monday, local (Asia/Tashkent) time."""

    weekday: int
    opens: time
    closes: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise InvalidUnitData(field="reception_hours.weekday", reason="must be 0 (Monday) to 6")
        if self.opens >= self.closes:
            raise InvalidUnitData(field="reception_hours", reason="opens at or after it closes")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Official:
    """A chairman, sector head or prevention inspector, serving one unit of the matching level."""

    id: str
    role: Role
    territory_code: str
    full_name_latn: str
    full_name_cyrl: str
    phone: str
    photo_ref: str | None = None
    reception_hours: tuple[ReceptionSlot, ...] = ()
    synthetic: bool = False

    def __post_init__(self) -> None:
        expected = _LEVEL_SERVED_BY[self.role]
        if level_of(self.territory_code) is not expected:
            raise WrongLevel(code=self.territory_code, expected=str(expected))
        if not self.full_name_latn.strip() or not self.full_name_cyrl.strip():
            raise InvalidUnitData(field="full_name", reason="empty")
        _check_phone(self.phone, "phone")


@dataclasses.dataclass(frozen=True, kw_only=True)
class LawEnforcementPost:
    """The mahalla's huquq-tartibot maskani: where the inspector receives citizens."""

    id: str
    mahalla_code: str
    location: GeoPoint
    address: Names
    phone: str
    hours: tuple[ReceptionSlot, ...] = ()
    synthetic: bool = False

    def __post_init__(self) -> None:
        if level_of(self.mahalla_code) is not Level.MAHALLA:
            raise WrongLevel(code=self.mahalla_code, expected=str(Level.MAHALLA))
        _check_phone(self.phone, "phone")


@dataclasses.dataclass(frozen=True, kw_only=True)
class SectorHeadquarters:
    id: str
    sector_code: str
    location: GeoPoint
    address: Names
    phone: str
    hours: tuple[ReceptionSlot, ...] = ()
    synthetic: bool = False

    def __post_init__(self) -> None:
        if level_of(self.sector_code) is not Level.SECTOR:
            raise WrongLevel(code=self.sector_code, expected=str(Level.SECTOR))
        _check_phone(self.phone, "phone")


@dataclasses.dataclass(frozen=True, slots=True)
class AgeBand:
    label: str  # "0-17", "18-29", ..., "60+"
    count: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class Demographics:
    """A mahalla's population as its source reported it on `as_of`; the parts add up to the whole."""

    population: int
    households: int
    age_bands: tuple[AgeBand, ...]
    male: int
    female: int
    source: str
    as_of: date
    synthetic: bool = False

    def __post_init__(self) -> None:
        numbers = [self.population, self.households, self.male, self.female]
        if any(n < 0 for n in numbers) or any(band.count < 0 for band in self.age_bands):
            raise InvalidUnitData(field="demographics", reason="negative count")
        if self.male + self.female != self.population:
            raise InvalidUnitData(field="demographics.sex", reason="male + female differs from population")
        if self.age_bands and sum(band.count for band in self.age_bands) != self.population:
            raise InvalidUnitData(field="demographics.age_bands", reason="bands do not add up to population")
        if self.households > self.population:
            raise InvalidUnitData(field="demographics.households", reason="more households than people")
