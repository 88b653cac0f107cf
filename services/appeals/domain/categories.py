"""Kinds of appeal (Art. 3 of the law) and the configurable catalogue of appeal categories.

A category's `code` is stable: it is stored in appeals, sent in events and used as the Open311
`service_code`, so it is never renamed — a category that is no longer offered is marked inactive.
The default catalogue is `DEFAULT_CATEGORIES`; an operator replaces it with `load_categories` from
configuration (a list of mappings, e.g. parsed JSON) without a code change.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from services.appeals.domain.errors import UnknownCategory
from shared.i18n import LANGUAGES, Text


class AppealKind(enum.StrEnum):
    APPLICATION = "application"  # ariza
    COMPLAINT = "complaint"  # shikoyat
    PROPOSAL = "proposal"  # taklif


KIND_NAMES: Mapping[AppealKind, Text] = {
    AppealKind.APPLICATION: Text("Ariza", "Ариза", "Заявление", "Application"),
    AppealKind.COMPLAINT: Text("Shikoyat", "Шикоят", "Жалоба", "Complaint"),
    AppealKind.PROPOSAL: Text("Taklif", "Таклиф", "Предложение", "Proposal"),
}

GROUP_NAMES: Mapping[str, Text] = {
    "family": Text("Oila", "Оила", "Семья", "Family"),
    "public_order": Text("Jamoat tartibi", "Жамоат тартиби", "Общественный порядок", "Public order"),
    "property": Text("Mulk", "Мулк", "Имущество", "Property"),
    "minors": Text("Voyaga yetmaganlar", "Вояга етмаганлар", "Несовершеннолетние", "Minors"),
    "traffic": Text("Yo‘l harakati", "Йўл ҳаракати", "Дорожное движение", "Traffic"),
    "persons": Text("Shaxslar xavfsizligi", "Шахслар хавфсизлиги", "Безопасность людей", "Personal safety"),
    "utilities": Text("Kommunal xizmatlar", "Коммунал хизматлар", "Коммунальные услуги", "Utilities"),
    "other": Text("Boshqa", "Бошқа", "Другое", "Other"),
}

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class CategoryConfigError(ValueError):
    """The configured catalogue is malformed; raised at start-up, never to a citizen."""


@dataclass(frozen=True)
class Category:
    code: str
    name: Text
    group: str = "other"
    # Whether appeals of this category may appear (redacted) in public Open311 listings at all:
    # family matters, minors, threats and the like never do.
    listed_publicly: bool = True
    active: bool = True


def _category(code: str, group: str, names: tuple[str, str, str, str], *, listed: bool = True) -> Category:
    return Category(code=code, name=Text(*names), group=group, listed_publicly=listed)


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    _category("domestic_conflict", "family",
              ("Oilaviy nizo", "Оилавий низо", "Семейный конфликт", "Domestic conflict"), listed=False),
    _category("domestic_violence", "family",
              ("Oilaviy zo‘ravonlik", "Оилавий зўравонлик", "Домашнее насилие", "Domestic violence"),
              listed=False),
    _category("neighbour_dispute", "public_order",
              ("Qo‘shnilar o‘rtasidagi nizo", "Қўшнилар ўртасидаги низо", "Конфликт с соседями",
               "Dispute between neighbours")),
    _category("noise", "public_order",
              ("Shovqin va tinchlikni buzish", "Шовқин ва тинчликни бузиш", "Шум и нарушение тишины",
               "Noise and disturbing the peace")),
    _category("public_order", "public_order",
              ("Jamoat tartibini buzish", "Жамоат тартибини бузиш", "Нарушение общественного порядка",
               "Breach of public order")),
    _category("theft", "property", ("O‘g‘irlik", "Ўғирлик", "Кража", "Theft")),
    _category("fraud", "property", ("Firibgarlik", "Фирибгарлик", "Мошенничество", "Fraud")),
    _category("vandalism", "property",
              ("Mulkni buzish (vandalizm)", "Мулкни бузиш (вандализм)", "Вандализм (порча имущества)",
               "Vandalism")),
    _category("drugs", "public_order",
              ("Giyohvandlik vositalari", "Гиёҳвандлик воситалари", "Наркотики", "Drugs"), listed=False),
    _category("illegal_trade", "public_order",
              ("Noqonuniy savdo", "Ноқонуний савдо", "Незаконная торговля", "Illegal trade")),
    _category("alcohol_sale_to_minors", "minors",
              ("Voyaga yetmaganlarga spirtli ichimlik sotish", "Вояга етмаганларга спиртли ичимлик сотиш",
               "Продажа алкоголя несовершеннолетним", "Sale of alcohol to minors")),
    _category("juvenile_offences", "minors",
              ("Voyaga yetmaganlar huquqbuzarligi", "Вояга етмаганлар ҳуқуқбузарлиги",
               "Правонарушения несовершеннолетних", "Offences by minors"), listed=False),
    _category("road_safety", "traffic",
              ("Yo‘l harakati xavfsizligi", "Йўл ҳаракати хавфсизлиги", "Безопасность дорожного движения",
               "Road safety")),
    _category("parking", "traffic",
              ("Avtomobillarni noto‘g‘ri qo‘yish", "Автомобилларни нотўғри қўйиш", "Неправильная парковка",
               "Improper parking")),
    _category("stray_animals", "public_order",
              ("Qarovsiz hayvonlar", "Қаровсиз ҳайвонлар", "Безнадзорные животные", "Stray animals")),
    _category("suspicious_persons", "persons",
              ("Shubhali shaxslar", "Шубҳали шахслар", "Подозрительные лица", "Suspicious persons"),
              listed=False),
    _category("missing_person", "persons",
              ("Bedarak yo‘qolgan shaxs", "Бедарак йўқолган шахс", "Пропавший без вести", "Missing person"),
              listed=False),
    _category("threats", "persons", ("Tahdid", "Таҳдид", "Угрозы", "Threats"), listed=False),
    _category("lost_documents", "persons",
              ("Hujjatlarni yo‘qotish", "Ҳужжатларни йўқотиш", "Утеря документов", "Lost documents")),
    _category("utilities_disorder", "utilities",
              ("Kommunal xizmatlar bilan bog‘liq tartibsizlik", "Коммунал хизматлар билан боғлиқ тартибсизлик",
               "Нарушения, связанные с коммунальными услугами", "Utilities-related disorder")),
    _category("other", "other", ("Boshqa", "Бошқа", "Другое", "Other")),
)  # fmt: skip


class CategoryCatalogue:
    """The categories in force, in display order."""

    def __init__(self, categories: Iterable[Category]) -> None:
        self._by_code: dict[str, Category] = {}
        for category in categories:
            if not _CODE.match(category.code):
                raise CategoryConfigError(f"category code {category.code!r} is not a-z, 0-9, _ (2-40)")
            if category.code in self._by_code:
                raise CategoryConfigError(f"category code {category.code!r} appears twice")
            if category.group not in GROUP_NAMES:
                raise CategoryConfigError(f"category {category.code!r} has unknown group {category.group!r}")
            if not all(category.name.in_language(language).strip() for language in LANGUAGES):
                raise CategoryConfigError(f"category {category.code!r} lacks a name in some language")
            self._by_code[category.code] = category
        if not self._by_code:
            raise CategoryConfigError("the category catalogue is empty")

    def __iter__(self) -> Iterator[Category]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def active(self) -> list[Category]:
        return [category for category in self._by_code.values() if category.active]

    def get(self, code: str) -> Category:
        """The category with this code, or `UnknownCategory`; a stored appeal may name an inactive one."""
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownCategory(category=code) from None

    def for_new_appeal(self, code: str) -> Category:
        """The category a citizen may choose now: it must exist and be active."""
        category = self.get(code)
        if not category.active:
            raise UnknownCategory(category=code)
        return category


def load_categories(entries: Iterable[Mapping[str, Any]]) -> CategoryCatalogue:
    """Build a catalogue from configuration entries, e.g. ``json.load(file)``::

    {"code": "noise", "group": "public_order", "listed_publicly": true, "active": true,
     "names": {"uz-Latn": "...", "uz-Cyrl": "...", "ru": "...", "en": "..."}}
    """
    categories = []
    for position, entry in enumerate(entries):
        try:
            names = entry["names"]
            name = Text(uz_latn=names["uz-Latn"], uz_cyrl=names["uz-Cyrl"], ru=names["ru"], en=names["en"])
            categories.append(
                Category(
                    code=str(entry["code"]),
                    name=name,
                    group=str(entry.get("group", "other")),
                    listed_publicly=bool(entry.get("listed_publicly", True)),
                    active=bool(entry.get("active", True)),
                )
            )
        except (KeyError, TypeError) as missing:
            raise CategoryConfigError(f"category entry {position} lacks {missing}") from None
    return CategoryCatalogue(categories)


def categories_from_json(document: str) -> CategoryCatalogue:
    return load_categories(json.loads(document))


def category_entries(catalogue: Iterable[Category]) -> list[dict[str, Any]]:
    """The inverse of `load_categories`: a catalogue as configuration entries."""
    return [
        {
            "code": category.code,
            "group": category.group,
            "listed_publicly": category.listed_publicly,
            "active": category.active,
            "names": {language: category.name.in_language(language) for language in LANGUAGES},
        }
        for category in catalogue
    ]


DEFAULT_CATALOGUE = CategoryCatalogue(DEFAULT_CATEGORIES)
