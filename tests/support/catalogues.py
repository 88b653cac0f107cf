"""Checks every service's message catalogue must pass: four languages, same placeholders, right scripts."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

from shared.i18n import LANGUAGES, Text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def assert_written_in_all_languages_with_the_same_placeholders(messages: Mapping[str, Text]) -> None:
    for code, text in messages.items():
        templates = [text.in_language(language) for language in LANGUAGES]
        assert all(template.strip() for template in templates), code
        assert len({frozenset(placeholders(template)) for template in templates}) == 1, code


def assert_uzbek_scripts(messages: Mapping[str, Text]) -> None:
    for code, text in messages.items():
        cyrillic = re.sub(r"\{\w+\}", "", text.uz_cyrl)
        assert not re.search("[A-Za-z]", cyrillic), code
        assert re.search("[ўқғҳЎҚҒҲа-яА-Я]", cyrillic), code
        assert not re.search("[а-яА-Я]", text.uz_latn), code
