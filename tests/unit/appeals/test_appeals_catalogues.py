"""The category catalogue and every text of the appeals service read well in all four languages."""

from __future__ import annotations

import json
import re
import string

import pytest

from services.appeals.domain import errors
from services.appeals.domain.categories import (
    DEFAULT_CATALOGUE,
    DEFAULT_CATEGORIES,
    GROUP_NAMES,
    KIND_NAMES,
    CategoryConfigError,
    categories_from_json,
    category_entries,
    load_categories,
)
from services.appeals.domain.errors import AppealsError, UnknownCategory
from services.appeals.domain.states import AppealState, NotConsideredReason, ReturnReason, TerminationReason
from services.appeals.domain.transliteration import to_cyrillic
from services.appeals.messages import MESSAGES
from shared.i18n import LANGUAGES, Text

# Names that stay in Latin inside Cyrillic texts: file formats and the sample number.
_LATIN_NAMES = re.compile(r"\{\w+\}|TAS-\d{4}-\d+|[A-Z]{2,}|WebP")


def all_subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found |= {sub} | all_subclasses(sub)
    return found


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_about_twenty_categories_are_offered_with_stable_codes() -> None:
    codes = [category.code for category in DEFAULT_CATEGORIES]

    assert len(codes) >= 20
    assert len(set(codes)) == len(codes)
    for required in ("domestic_conflict", "noise", "theft", "drugs", "public_order", "road_safety",
                     "stray_animals", "suspicious_persons", "fraud", "other"):  # fmt: skip
        assert required in DEFAULT_CATALOGUE


def test_uzbek_cyrillic_names_spell_the_latin_ones() -> None:
    for name in [*(c.name for c in DEFAULT_CATEGORIES), *KIND_NAMES.values(), *GROUP_NAMES.values()]:
        assert name.uz_cyrl == to_cyrillic(name.uz_latn)


def test_the_catalogue_is_configurable_and_round_trips_through_its_configuration() -> None:
    loaded = categories_from_json(json.dumps(category_entries(DEFAULT_CATALOGUE)))

    assert list(loaded) == list(DEFAULT_CATALOGUE)


def test_an_inactive_category_is_kept_for_old_appeals_but_not_offered() -> None:
    entries = category_entries(DEFAULT_CATALOGUE)
    entries[0]["active"] = False
    catalogue = load_categories(entries)

    assert catalogue.get(entries[0]["code"]).code == entries[0]["code"]
    assert entries[0]["code"] not in {category.code for category in catalogue.active()}
    with pytest.raises(UnknownCategory):
        catalogue.for_new_appeal(entries[0]["code"])


def test_an_unknown_category_is_refused_with_its_code() -> None:
    with pytest.raises(UnknownCategory) as refused:
        DEFAULT_CATALOGUE.get("jaywalking")

    assert refused.value.params == {"category": "jaywalking"}


@pytest.mark.parametrize(
    "broken",
    [
        [],
        [{"code": "noise", "names": {"uz-Latn": "Shovqin"}}],
        [{"code": "Noise!", "names": dict.fromkeys(LANGUAGES, "x")}],
        [{"code": "noise", "names": dict.fromkeys(LANGUAGES, "x")}] * 2,
        [{"code": "noise", "group": "weather", "names": dict.fromkeys(LANGUAGES, "x")}],
        [{"code": "noise", "names": {**dict.fromkeys(LANGUAGES, "x"), "ru": " "}}],
    ],
)
def test_a_malformed_configuration_is_refused_at_start_up(broken: list[dict[str, object]]) -> None:
    with pytest.raises(CategoryConfigError):
        load_categories(broken)


def test_every_appeals_error_code_has_a_text() -> None:
    codes = {error.code for error in all_subclasses(AppealsError) if error.__module__ == errors.__name__}

    assert codes - MESSAGES.keys() == set()


def test_every_state_and_legal_reason_has_a_name() -> None:
    keys = {f"appeals.state.{state.value}" for state in AppealState}
    for reasons in (ReturnReason, NotConsideredReason, TerminationReason):
        keys |= {f"appeals.reason.{reason.value}" for reason in reasons}

    assert keys - MESSAGES.keys() == set()


@pytest.mark.parametrize(("code", "text"), sorted(MESSAGES.items()))
def test_a_text_is_written_in_four_languages_each_in_its_script_with_the_same_placeholders(
    code: str, text: Text
) -> None:
    templates = [text.in_language(language) for language in LANGUAGES]
    assert all(template.strip() for template in templates)
    assert len({frozenset(placeholders(template)) for template in templates}) == 1
    assert not re.search("[A-Za-z]", _LATIN_NAMES.sub("", text.uz_cyrl))
    assert not re.search("[а-яА-ЯўқғҳЎҚҒҲ]", text.uz_latn)


def test_a_refusal_renders_with_its_parameters() -> None:
    error = errors.TextTooLong(max_length=4000)

    assert MESSAGES[error.code].render("uz-Latn", **error.params) == "Matn juda uzun: ko‘pi bilan 4000 belgi."
    assert MESSAGES[error.code].render("ru", **error.params) == "Текст слишком длинный: не более 4000 символов."
