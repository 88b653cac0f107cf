"""Every registered text exists in all four languages, each in the right script."""

from __future__ import annotations

import re

import pytest

from shared import messages
from shared.i18n import Text

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z]")


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
    assert CYRILLIC.search(text.uz_cyrl), f"{code}: uz-Cyrl is not in Cyrillic"
    assert CYRILLIC.search(text.ru), f"{code}: ru is not in Cyrillic"
    assert not CYRILLIC.search(text.uz_latn), f"{code}: uz-Latn contains Cyrillic"
    assert not CYRILLIC.search(text.en), f"{code}: en contains Cyrillic"
