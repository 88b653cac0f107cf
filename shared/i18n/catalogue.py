"""The message catalogue and Accept-Language negotiation."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal, get_args

Language = Literal["uz-Latn", "uz-Cyrl", "ru", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "uz-Latn"


@dataclasses.dataclass(frozen=True)
class Text:
    """One message in all four languages; `{name}` placeholders are filled from parameters."""

    uz_latn: str
    uz_cyrl: str
    ru: str
    en: str

    def in_language(self, language: Language) -> str:
        return {"uz-Latn": self.uz_latn, "uz-Cyrl": self.uz_cyrl, "ru": self.ru, "en": self.en}[language]

    def render(self, language: Language, /, **params: Any) -> str:
        template = self.in_language(language)
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            return template


_CATALOGUE: dict[str, Text] = {}


def register(catalogue: Mapping[str, Text]) -> None:
    """Add a service's texts; registering the same code with another text is a programming error."""
    for code, text in catalogue.items():
        known = _CATALOGUE.get(code)
        if known is not None and known != text:
            raise ValueError(f"message code {code!r} is registered twice with different texts")
        _CATALOGUE[code] = text


def registered_codes() -> dict[str, Text]:
    return dict(_CATALOGUE)


def text_for(code: str) -> Text | None:
    return _CATALOGUE.get(code)


def translate(code: str, language: Language, /, **params: Any) -> str:
    text = _CATALOGUE.get(code)
    if text is None:
        return code
    return text.render(language, **params)


def _language_of_tag(tag: str) -> Language | None:
    parts = [part.lower() for part in tag.replace("_", "-").split("-") if part]
    if not parts:
        return None
    primary = parts[0]
    if primary == "uz":
        return "uz-Cyrl" if "cyrl" in parts[1:] else "uz-Latn"
    if primary == "ru":
        return "ru"
    if primary == "en":
        return "en"
    return None


def negotiate(accept_language: str | None) -> Language:
    """Pick the best of our four languages from an Accept-Language header (RFC 9110 q-values)."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, Language]] = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = _language_of_tag(tag.strip())
        if language is not None and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
