"""Appeal numbers people can read out: region prefix, year, sequence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.appeals.domain.errors import InvalidAppealNumber
from services.appeals.domain.numbering import (
    REGION_PREFIXES,
    AppealNumber,
    appeal_number,
    parse_appeal_number,
    sequence_scope,
)


def test_tashkent_city_and_samarkand_get_their_prefixes() -> None:
    assert appeal_number("172626601014", 2026, 4213) == "TAS-2026-004213"
    assert appeal_number("171820401003", 2026, 7) == "SAM-2026-000007"


def test_every_one_of_the_fourteen_regions_has_its_own_prefix() -> None:
    assert len(REGION_PREFIXES) == 14
    assert len(set(REGION_PREFIXES.values())) == 14


def test_an_unknown_region_still_gets_a_number_because_registration_is_never_refused() -> None:
    assert appeal_number("9999", 2026, 1) == "UZB-2026-000001"


def test_a_sequence_past_a_million_keeps_every_digit() -> None:
    assert appeal_number("1726", 2026, 1_234_567) == "TAS-2026-1234567"


def test_the_sequence_counter_is_kept_per_region_and_year() -> None:
    assert sequence_scope("172626601014", 2026) == "TAS-2026"
    assert sequence_scope("1718", 2027) == "SAM-2027"


def test_a_number_is_read_back_as_people_type_it() -> None:
    expected = AppealNumber("TAS", 2026, 4213)

    assert parse_appeal_number(" tas-2026-004213 ") == expected
    assert parse_appeal_number("ТАС-2026-004213") == expected  # typed on a Cyrillic keyboard


@pytest.mark.parametrize("text", ["", "TAS-26-004213", "TAS-2026-42", "TASH-2026-004213", "004213"])
def test_a_malformed_number_is_refused(text: str) -> None:
    with pytest.raises(InvalidAppealNumber):
        parse_appeal_number(text)


def test_a_sequence_below_one_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        appeal_number("1726", 2026, 0)


@given(st.sampled_from(sorted(REGION_PREFIXES)), st.integers(2000, 2999), st.integers(1, 10**8))
def test_every_number_parses_back_to_its_parts(region: str, year: int, sequence: int) -> None:
    number = appeal_number(region + "26601014", year, sequence)

    assert parse_appeal_number(number) == AppealNumber(REGION_PREFIXES[region], year, sequence)
