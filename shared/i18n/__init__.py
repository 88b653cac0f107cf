"""Every message a person reads, in Uzbek (Latin and Cyrillic), Russian and English.

Services keep their texts in a `messages.py` catalogue of `Text` values keyed by a stable code and
register it once; `translate` renders a code in the language negotiated from Accept-Language.
"""

from shared.i18n.catalogue import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Language,
    Text,
    negotiate,
    register,
    registered_codes,
    text_for,
    translate,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Language",
    "Text",
    "negotiate",
    "register",
    "registered_codes",
    "text_for",
    "translate",
]
