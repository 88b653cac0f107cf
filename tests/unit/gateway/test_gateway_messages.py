"""Every refusal of the gateway's rules reads well in all four languages."""

from __future__ import annotations

import string

from services.gateway.domain.errors import GatewayError, OtpIncorrect
from services.gateway.messages import MESSAGES
from tests.support.catalogues import assert_uzbek_scripts, assert_written_in_all_languages_with_the_same_placeholders


def all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | all_subclasses(sub)
    return found


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_gateway_error_code_has_a_text() -> None:
    codes = {
        error.code for error in all_subclasses(GatewayError) if error.__module__ == "services.gateway.domain.errors"
    }

    assert codes - MESSAGES.keys() == set()


def test_every_text_is_written_in_all_four_languages_with_the_same_placeholders() -> None:
    assert_written_in_all_languages_with_the_same_placeholders(MESSAGES)


def test_uzbek_cyrillic_texts_are_in_cyrillic_and_uzbek_latin_ones_in_latin() -> None:
    assert_uzbek_scripts(MESSAGES)


def test_a_refusal_renders_with_its_parameters() -> None:
    error = OtpIncorrect(attempts_left=3)

    assert MESSAGES[error.code].render("uz-Latn", **error.params) == "Kod noto‘g‘ri. Yana 3 ta urinish qoldi."
    assert MESSAGES[error.code].render("ru", **error.params) == "Неверный код. Осталось попыток: 3."
