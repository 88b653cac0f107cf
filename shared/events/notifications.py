"""What a person must be told. Every service produces these; the gateway delivers them (stream, inbox, push).

Texts travel rendered in all four languages, so the gateway needs no other service's catalogue and
picks the recipient's language at delivery. The topic is keyed by the recipient, so one person's
notifications stay in order.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events.envelope import Event
from shared.events.registry import NOTIFICATIONS
from shared.i18n import Language, Text


class LocalisedText(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    uz_latn: str = Field(alias="uz-Latn")
    uz_cyrl: str = Field(alias="uz-Cyrl")
    ru: str
    en: str

    @classmethod
    def of(cls, text: Text, **params: Any) -> LocalisedText:
        return cls.model_validate(
            {language: text.render(language, **params) for language in ("uz-Latn", "uz-Cyrl", "ru", "en")}
        )

    def in_language(self, language: Language) -> str:
        return {"uz-Latn": self.uz_latn, "uz-Cyrl": self.uz_cyrl, "ru": self.ru, "en": self.en}[language]


class NotificationRequestedV1(Event):
    """Deliver `title`/`body` to user `subject` (the recipient's user id)."""

    event_type = "uz.smartmahalla.notifications.requested.v1"
    topic = NOTIFICATIONS.name

    kind: str = Field(description="What happened, e.g. `appeal.assigned`, `sos.unit_position`, `child.arrived`.")
    title: LocalisedText
    body: LocalisedText
    priority: Literal["normal", "high", "emergency"] = "normal"
    data: dict[str, str] = Field(default_factory=dict, description="Ids the app needs to open the right screen.")
    collapse_key: str | None = Field(None, description="Later notifications with the same key replace earlier.")
