"""Uzbek Latin and Cyrillic: each converts to the other, and search finds a text typed in either."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.appeals.domain.transliteration import (
    canonical_latin,
    matches,
    search_key,
    to_cyrillic,
    to_latin,
)

PAIRS = [
    ("O‘zbekiston", "Ўзбекистон"),
    ("G‘alla", "Ғалла"),
    ("Toshkent shahri", "Тошкент шаҳри"),
    ("choyxona", "чойхона"),
    ("ming", "минг"),
    ("yoshlar", "ёшлар"),
    ("yurak", "юрак"),
    ("yashil", "яшил"),
    ("yer", "ер"),
    ("poyezd", "поезд"),
    ("ekin", "экин"),
    ("poema", "поэма"),
    ("obyekt", "объект"),
    ("ma’no", "маъно"),
    ("san’at", "санъат"),
    ("Is’hoq", "Исҳоқ"),
    ("yo‘l", "йўл"),
    ("SHAHAR", "ШАҲАР"),
    ("O‘ZBEKISTON", "ЎЗБЕКИСТОН"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), PAIRS)
def test_latin_and_cyrillic_convert_into_each_other(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize("apostrophe", ["'", "‘", "’", "ʻ", "ʼ", "`"])
def test_every_apostrophe_people_type_makes_the_same_letters(apostrophe: str) -> None:
    assert to_cyrillic(f"O{apostrophe}zbekiston g{apostrophe}isht ma{apostrophe}no") == "Ўзбекистон ғишт маъно"
    assert canonical_latin(f"o{apostrophe}g{apostrophe}it ma{apostrophe}no") == "o‘g‘it ma’no"


def test_russian_letters_follow_the_official_positional_rules() -> None:
    assert to_latin("цирк") == "sirk"  # ц at the start of a word is s
    assert to_latin("милиция") == "militsiya"  # after a vowel ts
    assert to_latin("Ёш") == "Yosh"


def test_search_matches_a_latin_query_to_a_cyrillic_text_and_back() -> None:
    assert matches("o'zbekiston", "Ўзбекистон Республикаси")
    assert matches("Ўзбек", "O‘zbekiston Respublikasi")
    assert matches("qoshni musiqa", "Қўшним кечаси баланд мусиқа қўяди!")
    assert not matches("o‘g‘irlik", "Қўшним кечаси баланд мусиқа қўяди")


def test_the_search_key_drops_case_apostrophes_and_punctuation() -> None:
    assert search_key("  O‘zbekiston,   Ma’NO!! ") == "ozbekiston mano"
    assert search_key("Ўзбекистон") == search_key("O'zbekiston") == "ozbekiston"


# Canonical Latin, built from letters; a tutuq only after a vowel other than o and before a consonant —
# the only places Uzbek writes it, and the only ones Latin can tell apart from o‘/g‘.
_VOWELS = ["a", "e", "i", "u", "o", "o‘"]
_CONSONANTS = ["b", "d", "f", "g", "g‘", "h", "j", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x", "z",
               "sh", "ch", "ng", "y"]  # fmt: skip
_SYLLABLE = st.one_of(
    st.tuples(st.sampled_from(_CONSONANTS), st.sampled_from(_VOWELS)).map("".join),
    st.tuples(st.sampled_from(["a", "i", "u"]), st.just("’"), st.sampled_from(["b", "l", "n", "r", "t"])).map("".join),
    st.sampled_from(_VOWELS),
    st.sampled_from(["ya", "yo", "yu", "ye"]),
)
_WORD = st.lists(_SYLLABLE, min_size=1, max_size=6).map("".join)
_TEXT = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)


@given(_TEXT)
def test_canonical_latin_survives_a_round_trip_through_cyrillic(text: str) -> None:
    assert to_latin(to_cyrillic(text)) == text


@given(_TEXT)
def test_a_title_cased_text_keeps_its_capitals_through_cyrillic(text: str) -> None:
    titled = " ".join(word[:1].upper() + word[1:] for word in text.split())

    assert to_latin(to_cyrillic(titled)) == titled


@given(_TEXT)
def test_a_text_and_its_cyrillic_spelling_have_the_same_search_key(text: str) -> None:
    assert search_key(to_cyrillic(text)) == search_key(text)


@given(st.text(max_size=60))
def test_search_key_accepts_any_text_and_is_idempotent(text: str) -> None:
    key = search_key(text)

    assert search_key(key) == key
    assert key == key.lower().strip()


def test_a_text_without_a_cyrillic_letter_passes_through_to_latin_whole_and_one_letter_is_enough_to_convert() -> None:
    latin = "Qo‘shni xonadonda O'ZBEKCHA musiqa, 2026-yil! ş ç"
    assert to_latin(latin) is latin
    assert to_latin(latin + " ва") == latin + " va"
