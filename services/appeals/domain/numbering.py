"""Human-readable appeal numbers: ``TAS-2026-004213`` = region prefix, year of registration, sequence.

The prefix comes from the first four digits of the mahalla's SOATO code (the region). The sequence is
per prefix and year (`sequence_scope`) and is supplied by the caller from an atomic counter. A mahalla
code whose region is unknown still gets a number (prefix ``UZB``): registration is never refused (Art. 23).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from services.appeals.domain.errors import InvalidAppealNumber
from services.appeals.domain.transliteration import to_latin

# The 14 first-level units: 12 regions, the Republic of Karakalpakstan and Tashkent city.
REGION_PREFIXES: Mapping[str, str] = {
    "1703": "AND",  # Andijan
    "1706": "BUK",  # Bukhara
    "1708": "JIZ",  # Jizzakh
    "1710": "KAS",  # Kashkadarya
    "1712": "NAV",  # Navoiy
    "1714": "NAM",  # Namangan
    "1718": "SAM",  # Samarkand
    "1722": "SUR",  # Surkhandarya
    "1724": "SYR",  # Syrdarya
    "1726": "TAS",  # Tashkent city
    "1727": "TAR",  # Tashkent region
    "1730": "FER",  # Fergana
    "1733": "KHO",  # Khorezm
    "1735": "KAR",  # Republic of Karakalpakstan
}
UNKNOWN_REGION_PREFIX = "UZB"
SEQUENCE_DIGITS = 6

_NUMBER = re.compile(r"^([A-Z]{3})-(\d{4})-(\d{6,})$")


@dataclass(frozen=True, order=True)
class AppealNumber:
    prefix: str
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year:04d}-{self.sequence:0{SEQUENCE_DIGITS}d}"


def region_prefix(mahalla_code: str, prefixes: Mapping[str, str] = REGION_PREFIXES) -> str:
    return prefixes.get(mahalla_code[:4], UNKNOWN_REGION_PREFIX)


def sequence_scope(mahalla_code: str, year: int, prefixes: Mapping[str, str] = REGION_PREFIXES) -> str:
    """The key of the counter the sequence comes from, e.g. ``TAS-2026``."""
    return f"{region_prefix(mahalla_code, prefixes)}-{year:04d}"


def appeal_number(mahalla_code: str, year: int, sequence: int, prefixes: Mapping[str, str] = REGION_PREFIXES) -> str:
    """``TAS-2026-004213``; `year` is the year of the registration date, `sequence` starts at 1."""
    if sequence < 1:
        raise ValueError("appeal sequences start at 1")
    if not 1000 <= year <= 9999:
        raise ValueError("the year must have four digits")
    return str(AppealNumber(region_prefix(mahalla_code, prefixes), year, sequence))


def parse_appeal_number(text: str) -> AppealNumber:
    """Read a number as people type it: any case, spaces around, Cyrillic look-alikes (ТАС-2026-004213)."""
    cleaned = to_latin(text.strip()).upper().replace(" ", "").replace("–", "-").replace("—", "-")
    found = _NUMBER.match(cleaned)
    if found is None:
        raise InvalidAppealNumber(number=text)
    prefix, year, sequence = found.groups()
    return AppealNumber(prefix, int(year), int(sequence))
