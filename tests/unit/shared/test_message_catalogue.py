"""Every registered text exists in all four languages, each in the right script."""

from __future__ import annotations

import re

import pytest

from shared import messages
from shared.i18n import Text

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
PLACEHOLDER = re.compile(r"\{[^}]*\}")
# Written the same in every script: international abbreviations and names of standards.
INTERNATIONAL = re.compile(
    r"\b(SOS|GPS|SMS|ID|QR|NFC|MRZ|TOTP|PINFL|JSON|XML|URL|Open311|Smart Mahalla|Idempotency-Key)\b"
)


def needs_cyrillic(text: str) -> bool:
    """Whether anything but placeholders and international abbreviations is left to write."""
    rest = INTERNATIONAL.sub("", PLACEHOLDER.sub("", text))
    return any(character.isalpha() for character in rest)


def catalogues() -> list[tuple[str, Text]]:
    import importlib
    import pkgutil

    import services

    found = list(messages.MESSAGES.items())
    for module_info in pkgutil.walk_packages(services.__path__, "services."):
        if module_info.name.endswith(".messages"):
            module = importlib.import_module(module_info.name)
            found.extend(getattr(module, "MESSAGES", {}).items())
    try:
        from shared import auth_messages
    except ImportError:
        return found
    return found + list(auth_messages.MESSAGES.items())


@pytest.mark.parametrize(("code", "text"), catalogues(), ids=lambda value: value if isinstance(value, str) else "")
def test_every_message_is_written_in_all_four_languages_in_the_right_script(code: str, text: Text) -> None:
    assert all(text.in_language(language).strip() for language in ("uz-Latn", "uz-Cyrl", "ru", "en")), code
    for name, value in (("uz-Cyrl", text.uz_cyrl), ("ru", text.ru)):
        assert CYRILLIC.search(value) or not needs_cyrillic(value), f"{code}: {name} is not in Cyrillic"
    assert not CYRILLIC.search(text.uz_latn), f"{code}: uz-Latn contains Cyrillic"
    assert not CYRILLIC.search(text.en), f"{code}: en contains Cyrillic"
