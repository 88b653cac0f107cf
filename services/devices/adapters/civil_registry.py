"""The civil registry (FHDYo / ZAGS): who are a child's parents or legal guardians.

Production would call the registry's interagency API; the sandbox holds a few Tashkent families with
well-formed PINFLs (century/sex digit, birth date DDMMYY, area, serial, 7-3-1 check digit).
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date
from typing import Protocol

from services.devices.domain.guardianship import Relation


@dataclasses.dataclass(frozen=True)
class RegistryChild:
    pinfl: str
    first_name: str
    guardians: dict[str, Relation]  # guardian PINFL -> relation


class CivilRegistry(Protocol):
    async def child(self, pinfl: str) -> RegistryChild | None: ...


def sandbox_pinfl(birth: date, *, female: bool, area: str = "262", serial: int = 1) -> str:
    """A well-formed PINFL for sandbox people: sex/century digit, DDMMYY, area, serial, check digit."""
    century = 3 if birth.year < 2000 else 5
    first = century + (1 if female else 0)
    body = f"{first}{birth:%d%m%y}{area}{serial:03d}"
    weights = (7, 3, 1)
    check = sum(int(digit) * weights[index % 3] for index, digit in enumerate(body)) % 10
    return f"{body}{check}"


def _family(child: tuple[str, date, bool], *guardians: tuple[date, bool, Relation], serial: int) -> RegistryChild:
    name, born, female = child
    return RegistryChild(
        pinfl=sandbox_pinfl(born, female=female, serial=serial),
        first_name=name,
        guardians={
            sandbox_pinfl(g_born, female=g_female, serial=serial + 10 + index): relation
            for index, (g_born, g_female, relation) in enumerate(guardians)
        },
    )


SANDBOX_FAMILIES: tuple[RegistryChild, ...] = (
    _family(
        ("Aziza", date(2016, 3, 14), True),
        (date(1985, 6, 2), False, Relation.FATHER),
        (date(1988, 1, 19), True, Relation.MOTHER),
        serial=101,
    ),
    _family(
        ("Jasur", date(2015, 9, 2), False),
        (date(1982, 11, 7), False, Relation.FATHER),
        (date(1986, 4, 25), True, Relation.MOTHER),
        serial=102,
    ),
    _family(
        ("Madina", date(2017, 1, 21), True),
        (date(1990, 8, 30), True, Relation.MOTHER),
        (date(1958, 2, 11), True, Relation.GUARDIAN),
        serial=103,
    ),
    _family(
        ("Timur", date(2014, 11, 30), False),
        (date(1980, 3, 3), False, Relation.FATHER),
        (date(1984, 7, 14), True, Relation.MOTHER),
        serial=104,
    ),
    _family(
        ("Sevara", date(2018, 5, 5), True),
        (date(1987, 9, 9), False, Relation.FATHER),
        (date(1991, 12, 1), True, Relation.MOTHER),
        serial=105,
    ),
    _family(
        ("Otabek", date(2016, 12, 12), False),
        (date(1983, 10, 10), False, Relation.FATHER),
        (date(1985, 5, 15), True, Relation.MOTHER),
        serial=106,
    ),
)


class SandboxCivilRegistry:
    """The sandbox families, answered after a small latency like the real registry."""

    def __init__(self, families: tuple[RegistryChild, ...] = SANDBOX_FAMILIES, latency_s: float = 0.01) -> None:
        self._by_pinfl = {family.pinfl: family for family in families}
        self._latency_s = latency_s

    async def child(self, pinfl: str) -> RegistryChild | None:
        await asyncio.sleep(self._latency_s)
        return self._by_pinfl.get(pinfl)
