"""Addresses typed by citizens find their cadastre record whatever the script, case or apostrophe."""

from __future__ import annotations

import pytest

from services.geo.domain.addresses import AddressRecord, find, sample, sandbox_address_book, tokens
from services.geo.domain.lookup import MahallaIndex
from services.geo.domain.registry import Territory


@pytest.fixture(scope="module")
def book(pilot: Territory) -> list[AddressRecord]:
    return sandbox_address_book(pilot)


def test_cyrillic_and_every_apostrophe_fold_to_the_same_words() -> None:
    expected = ["bunyodkor", "kochasi", "12", "uy"]
    for text in ("Bunyodkor ko‘chasi, 12-uy", "BUNYODKOR KOʻCHASI 12-UY", "bunyodkor ko'chasi 12 uy",
                 "Бунёдкор кўчаси, 12-уй", "bunyodkor ko’chasi 12-uy"):  # fmt: skip
        assert tokens(text) == expected, text


@pytest.mark.parametrize(
    "query",
    ["Toshkent, Chilonzor tumani, Bunyodkor ko‘chasi, 7-uy", "bunyodkor kochasi 7", "Бунёдкор кўчаси 7-уй",
     "ул. Бунёдкор, д. 7", "BUNYODKOR KO'CHASI, 7"],
)  # fmt: skip
def test_a_citizen_finds_his_house_however_he_writes_it(book: list[AddressRecord], query: str) -> None:
    record = find(book, query)
    assert record is not None
    assert (record.street.stem, record.house) == ("Bunyodkor", 7)


def test_the_longest_street_name_wins_over_a_shorter_one_it_contains(book: list[AddressRecord]) -> None:
    record = find(book, "Amir Temur shoh ko‘chasi, 3-uy")
    assert record is not None
    assert record.street.stem == "Amir Temur"


def test_an_unknown_street_or_house_is_not_found(book: list[AddressRecord]) -> None:
    assert find(book, "Registon ko‘chasi, 999-uy") is None
    assert find(book, "Navro‘z ko‘chasi, 5-uy") is None


def test_every_sandbox_address_lies_inside_a_pilot_mahalla_of_its_district(
    book: list[AddressRecord], pilot_index: MahallaIndex
) -> None:
    assert len(book) >= 200
    for record in book:
        code = pilot_index.locate(lat=record.location.lat, lon=record.location.lon)
        assert code.startswith(record.street.district_code), record.address


def test_the_sample_shows_many_streets_before_many_houses(book: list[AddressRecord]) -> None:
    shown = sample(book, 10)
    assert len({record.street.name for record in shown}) == 10
    assert len({record.cadastre_number for record in book}) == len(book)
