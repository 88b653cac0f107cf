"""Addresses as the cadastre knows them, and the tolerant matching of what a citizen types.

A citizen writes an address in Latin or Cyrillic, with any of the apostrophes Uzbek uses (ʻ ’ ' ‘) or
none, in any case, the street before or after the city. `tokens` folds all of that to plain Latin words;
a record matches when its street's words and its house number are all in the query, the longest street
name winning. The sandbox address book places real-sounding streets of each pilot district on houses
inside that district's mahallas (synthetic, like the pilot), so every sandbox address resolves.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterable, Sequence

import shapely

from services.geo.domain.geometry import to_shape
from services.geo.domain.registry import Territory
from services.geo.domain.territory import GeoPoint

_APOSTROPHES = "'‘’ʻʼ`´"
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ё": "yo", "ж": "j", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "x", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya", "ў": "o", "қ": "q", "ғ": "g", "ҳ": "h",
}  # fmt: skip
_VOWELS = set("аеёиоуэюяў")
_WORDS = re.compile(r"[0-9a-z]+")


def _latin(text: str) -> str:
    out: list[str] = []
    previous = " "
    for char in text.lower():
        if char == "е":
            out.append("ye" if not previous.isalpha() or previous in _VOWELS else "e")
        else:
            out.append(_CYRILLIC.get(char, char))
        previous = char
    return "".join(out)


def tokens(text: str) -> list[str]:
    """Plain lower-case Latin words and numbers: `Бунёдкор кўчаси, 12-уй` → bunyodkor, kochasi, 12, uy."""
    folded = _latin(text)
    for mark in _APOSTROPHES:
        folded = folded.replace(mark, "")
    return _WORDS.findall(folded)


@dataclasses.dataclass(frozen=True, slots=True)
class Street:
    district_code: str
    name: str  # Uzbek Latin as written on the sign: "Bunyodkor koʻchasi"
    stem: str  # the words that name it: "Bunyodkor"


@dataclasses.dataclass(frozen=True, slots=True)
class AddressRecord:
    address: str
    cadastre_number: str
    location: GeoPoint
    street: Street
    house: int

    def as_dict(self) -> dict[str, object]:
        return {"address": self.address, "cadastre_number": self.cadastre_number,
                "latitude": self.location.lat, "longitude": self.location.lon}  # fmt: skip


def find(records: Sequence[AddressRecord], query: str) -> AddressRecord | None:
    """The record a free-text query names, or None (street words and house number must all appear)."""
    words = tokens(query)
    present, numbers = set(words), {word for word in words if word.isdigit()}
    best: tuple[int, AddressRecord] | None = None
    for record in records:
        stem = tokens(record.street.stem)
        if str(record.house) in numbers and present.issuperset(stem) and (best is None or len(stem) > best[0]):
            best = (len(stem), record)
    return best[1] if best else None


# --- the sandbox address book --------------------------------------------------------------------

SANDBOX_STREETS: dict[str, tuple[str, ...]] = {
    "1726262": ("Lutfiy koʻchasi", "Uchtepa koʻchasi"),
    "1726266": ("Bogʻishamol koʻchasi", "Amir Temur shoh koʻchasi"),
    "1726269": ("Buyuk Ipak yoʻli koʻchasi", "Parkent koʻchasi"),
    "1726273": ("Afrosiyob koʻchasi", "Shahrisabz koʻchasi"),
    "1726277": ("Zarqaynar koʻchasi", "Sebzor koʻchasi"),
    "1726280": ("Qorasaroy koʻchasi", "Farobiy koʻchasi"),
    "1726283": ("Yangi Sergeli koʻchasi",),
    "1726287": ("Shota Rustaveli koʻchasi", "Bobur koʻchasi"),
    "1726290": ("Mahtumquli koʻchasi", "Aviasozlar koʻchasi"),
    "1726294": ("Bunyodkor koʻchasi", "Qatortol koʻchasi", "Muqimiy koʻchasi"),
    "1718401": ("Registon koʻchasi", "Dagbit koʻchasi", "Universitet xiyoboni"),
    "1718233": ("Gulobod koʻchasi",),
    "1718236": ("Chorsu koʻchasi",),
}
_SUFFIXES = (" shoh koʻchasi", " koʻchasi", " xiyoboni")
_CADASTRE_REGION = {"1726": "10", "1718": "14"}
HOUSES_PER_STREET = 12


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def _inside(shape: shapely.Polygon, rng: random.Random) -> GeoPoint:
    """A point well inside the polygon (not within ~20 m of its edge), drawn from its bounding box."""
    core = shape.buffer(-0.0002)
    target = core if not core.is_empty else shape
    west, south, east, north = target.bounds
    for _ in range(200):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if shapely.contains_xy(target, lon, lat):
            return GeoPoint(lat=round(lat, 6), lon=round(lon, 6))
    point = target.representative_point()
    return GeoPoint(lat=point.y, lon=point.x)


def sandbox_address_book(
    territory: Territory, streets: dict[str, tuple[str, ...]] | None = None
) -> list[AddressRecord]:
    """Houses 1..12 on every sandbox street of the districts present, each inside a mahalla of it."""
    records: list[AddressRecord] = []
    for district_index, (district_code, names) in enumerate(sorted((streets or SANDBOX_STREETS).items())):
        if not territory.has(district_code):
            continue
        mahallas = [m for m in territory.mahallas_within(district_code) if m.is_active]
        if not mahallas:
            continue
        district, region = territory.unit(district_code), territory.unit(district_code[:4])
        for street_index, name in enumerate(names):
            rng = random.Random(f"cadastre:{district_code}:{name}")
            street = Street(district_code, name, _stem(name))
            homes = rng.sample(mahallas, min(2, len(mahallas)))
            for house in range(1, HOUSES_PER_STREET + 1):
                location = _inside(to_shape(homes[house % len(homes)].polygon), rng)
                cadastre = (f"{_CADASTRE_REGION.get(region.code, '99')}:{district_index + 1:02d}:"
                            f"{street_index + 1:02d}:{house // 10 + 1:02d}:{rng.randint(1, 9999):04d}")  # fmt: skip
                address = f"{region.names.uz_latn}, {district.names.uz_latn}, {name}, {house}-uy"
                records.append(AddressRecord(address, cadastre, location, street, house))
    return records


def sample(records: Iterable[AddressRecord], limit: int) -> list[AddressRecord]:
    """A spread of records: the first house of each street first, then the others."""
    ordered = sorted(records, key=lambda record: (record.house != 1, record.cadastre_number))
    return ordered[:limit]
