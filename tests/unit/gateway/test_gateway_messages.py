"""Every refusal of the gateway's rules reads well in all four languages."""

from __future__ import annotations

import re
import string

from services.gateway.domain.errors import GatewayError, OtpIncorrect
from services.gateway.messages import MESSAGES
from shared.i18n import LANGUAGES


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
    for code, text in MESSAGES.items():
        templates = [text.in_language(language) for language in LANGUAGES]
        assert all(template.strip() for template in templates), code
        assert len({frozenset(placeholders(template)) for template in templates}) == 1, code


def test_uzbek_cyrillic_texts_are_in_cyrillic_and_uzbek_latin_ones_in_latin() -> None:
    for code, text in MESSAGES.items():
        cyrillic = re.sub(r"\{\w+\}", "", text.uz_cyrl)
        assert not re.search("[A-Za-z]", cyrillic), code
        assert re.search("[ўқғҳЎҚҒҲа-яА-Я]", cyrillic), code
        assert not re.search("[а-яА-Я]", text.uz_latn), code


def test_a_refusal_renders_with_its_parameters() -> None:
    error = OtpIncorrect(attempts_left=3)

    assert MESSAGES[error.code].render("uz-Latn", **error.params) == "Kod noto‘g‘ri. Yana 3 ta urinish qoldi."
    assert MESSAGES[error.code].render("ru", **error.params) == "Неверный код. Осталось попыток: 3."
