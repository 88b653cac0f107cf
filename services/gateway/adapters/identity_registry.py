"""The Interior Ministry's population registry: PINFL → the person's record, if there is one.

The sandbox answers like the registry: it knows every well-formed PINFL (the person's name is derived
deterministically from it, in Latin and Cyrillic, with the birth date the PINFL encodes) except the
documented refusals in docs/sandbox.md, and it takes a little time to answer.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date
from typing import Protocol

from services.gateway.domain.citizens import RegistryAnswer, birth_date_of_pinfl, pinfl_check_digit
from services.gateway.domain.errors import GatewayError, RegistryUnavailable


class IdentityRegistry(Protocol):
    async def lookup(self, pinfl: str, document_number: str) -> RegistryAnswer | None: ...


def make_pinfl(birth_date: date, sex: str, area: int = 261, serial: int = 1) -> str:
    """A well-formed PINFL (the sandbox population and tests use it)."""
    marker = {1800: 1, 1900: 3, 2000: 5}[birth_date.year // 100 * 100] + (0 if sex == "male" else 1)
    body = f"{marker}{birth_date:%d%m}{birth_date.year % 100:02d}{area:03d}{serial:03d}"
    return body + str(pinfl_check_digit(body))


MALE_NAMES = [
    ("Akmal", "Акмал"),
    ("Bobur", "Бобур"),
    ("Dilshod", "Дилшод"),
    ("Jasur", "Жасур"),
    ("Otabek", "Отабек"),
    ("Sardor", "Сардор"),
    ("Shohruh", "Шоҳруҳ"),
    ("Ulug‘bek", "Улуғбек"),
]
FEMALE_NAMES = [
    ("Dilnoza", "Дилноза"),
    ("Gulnora", "Гулнора"),
    ("Madina", "Мадина"),
    ("Nilufar", "Нилуфар"),
    ("Sevara", "Севара"),
    ("Shahnoza", "Шаҳноза"),
    ("Zarina", "Зарина"),
    ("Feruza", "Феруза"),
]
SURNAMES = [
    ("Karimov", "Каримов"),
    ("Rahimov", "Раҳимов"),
    ("Yusupov", "Юсупов"),
    ("Aliyev", "Алиев"),
    ("Toshmatov", "Тошматов"),
    ("Ergashev", "Эргашев"),
    ("Nazarov", "Назаров"),
    ("Qodirov", "Қодиров"),
]
FATHERS = [("Anvar", "Анвар"), ("Botir", "Ботир"), ("Farhod", "Фарҳод"), ("Hamid", "Ҳамид"),
           ("Ravshan", "Равшан"), ("Tohir", "Тоҳир"), ("Xurshid", "Хуршид"), ("Zafar", "Зафар")]  # fmt: skip


def sandbox_names(pinfl: str) -> tuple[str, str]:
    """(Latin, Cyrillic) full name: surname, given name, patronymic."""
    seed = hashlib.sha256(pinfl.encode()).digest()
    male = int(pinfl[0]) % 2 == 1
    given = (MALE_NAMES if male else FEMALE_NAMES)[seed[0] % 8]
    surname = SURNAMES[seed[1] % 8]
    father = FATHERS[seed[2] % 8]
    ending = ("", "") if male else ("a", "а")
    suffix = ("o‘g‘li", "ўғли") if male else ("qizi", "қизи")
    latin = f"{surname[0]}{ending[0]} {given[0]} {father[0]} {suffix[0]}"
    cyrillic = f"{surname[1]}{ending[1]} {given[1]} {father[1]} {suffix[1]}"
    return latin, cyrillic


class SandboxIdentityRegistry:
    """Unknown to the registry: document numbers ending in 0000000. Registry outage: PINFL area code 999.
    A document number ending in 9999999 is known but no longer valid (lost or expired)."""

    def __init__(self, latency_s: float = 0.05) -> None:
        self._latency = latency_s

    async def lookup(self, pinfl: str, document_number: str) -> RegistryAnswer | None:
        await asyncio.sleep(self._latency)
        if pinfl[7:10] == "999":
            raise RegistryUnavailable()
        try:
            born = birth_date_of_pinfl(pinfl)
        except GatewayError:
            return None
        if document_number.endswith("0000000"):
            return None
        latin, cyrillic = sandbox_names(pinfl)
        return RegistryAnswer(
            pinfl=pinfl, document_number=document_number, birth_date=born, full_name_latin=latin,
            full_name_cyrillic=cyrillic, document_valid=not document_number.endswith("9999999"),
        )  # fmt: skip
