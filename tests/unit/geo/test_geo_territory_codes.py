"""Territory codes: levels by length, parents by truncation, containment by prefix; unit invariants."""

from __future__ import annotations

import itertools
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.geo.domain.errors import InvalidUnitData, MalformedTerritoryCode, ParentMismatch, WrongLevel
from services.geo.domain.territory import (
    AgeBand,
    Demographics,
    Level,
    Mahalla,
    Names,
    Official,
    ReceptionSlot,
    Role,
    ancestors,
    code_at,
    contains,
    level_of,
    parent_of,
)

NAMES = Names("Navbahor MFY", "Навбаҳор МФЙ", "МСГ «Навбахор»")
SQUARE = (((69.2, 41.3), (69.21, 41.3), (69.21, 41.31), (69.2, 41.31), (69.2, 41.3)),)
mahalla_codes = st.from_regex(r"\A17[0-9]{10}\Z", fullmatch=True)


@pytest.mark.parametrize(
    ("code", "level"),
    [("1726", Level.REGION), ("1726266", Level.DISTRICT), ("172626601", Level.SECTOR), ("172626601014", Level.MAHALLA)],
)
def test_the_length_of_a_code_names_its_level(code: str, level: Level) -> None:
    assert level_of(code) is level


@pytest.mark.parametrize("code", ["", "17", "17262", "1726266010", "17262660101x", "١٧٢٦", " 1726", "1726266010145"])
def test_anything_but_4_7_9_or_12_ascii_digits_is_a_malformed_code(code: str) -> None:
    with pytest.raises(MalformedTerritoryCode) as raised:
        level_of(code)
    assert raised.value.status == 422


def test_the_parent_of_a_mahalla_is_its_sector_then_district_then_region() -> None:
    assert parent_of("172626601014") == "172626601"
    assert parent_of("172626601") == "1726266"
    assert parent_of("1726266") == "1726"
    assert parent_of("1726") is None


def test_containment_is_a_prefix_and_a_unit_contains_itself() -> None:
    assert contains("1726", "172626601014")
    assert contains("1726266", "1726266")
    assert not contains("1726266", "172626901014")  # Mirzo Ulugʻbek is not in Yunusobod
    assert not contains("172626601014", "1726266")  # a mahalla does not contain its district
    with pytest.raises(MalformedTerritoryCode):
        contains("17262", "172626601014")


@given(mahalla_codes)
def test_every_ancestor_of_a_mahalla_contains_it_and_each_is_the_parent_of_the_next(code: str) -> None:
    chain = ancestors(code)
    assert [level_of(c) for c in chain] == [Level.REGION, Level.DISTRICT, Level.SECTOR, Level.MAHALLA]
    assert all(contains(scope, code) for scope in chain)
    assert all(parent_of(child) == parent for parent, child in itertools.pairwise(chain))
    assert code_at(code, Level.DISTRICT) == code[:7]


def test_asking_for_a_finer_level_than_the_code_has_is_an_error() -> None:
    with pytest.raises(WrongLevel):
        code_at("1726266", Level.MAHALLA)


def test_a_unit_whose_parent_is_not_its_code_prefix_is_refused() -> None:
    with pytest.raises(ParentMismatch):
        Mahalla(code="172626601014", parent_code="172626602", names=NAMES, polygon=SQUARE)
    with pytest.raises(WrongLevel):
        Mahalla(code="172626601", parent_code="1726266", names=NAMES, polygon=SQUARE)


def test_a_chairman_serves_a_mahalla_and_a_sector_head_a_sector() -> None:
    common = {"full_name_latn": "Karimov Aziz", "full_name_cyrl": "Каримов Азиз", "phone": "+998901234567"}
    Official(id="a", role=Role.CHAIRMAN, territory_code="172626601014", **common)
    Official(id="b", role=Role.SECTOR_HEAD, territory_code="172626601", **common)
    with pytest.raises(WrongLevel):
        Official(id="c", role=Role.SECTOR_HEAD, territory_code="172626601014", **common)
    with pytest.raises(InvalidUnitData):
        Official(id="d", role=Role.INSPECTOR, territory_code="172626601014", **{**common, "phone": "901234567"})


def test_reception_hours_must_open_before_they_close() -> None:
    with pytest.raises(InvalidUnitData):
        ReceptionSlot(0, time(18), time(9))
    with pytest.raises(InvalidUnitData):
        ReceptionSlot(7, time(9), time(18))


def test_demographics_must_add_up() -> None:
    bands = (AgeBand("0-17", 40), AgeBand("18+", 60))
    Demographics(population=100, households=25, age_bands=bands, male=49, female=51, source="s", as_of=date(2025, 1, 1))
    with pytest.raises(InvalidUnitData):
        Demographics(
            population=100, households=25, age_bands=bands, male=50, female=51, source="s", as_of=date(2025, 1, 1)
        )
    with pytest.raises(InvalidUnitData):
        Demographics(
            population=101, households=25, age_bands=bands, male=50, female=51, source="s", as_of=date(2025, 1, 1)
        )
