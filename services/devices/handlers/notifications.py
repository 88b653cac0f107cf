"""Guardian notifications in the four languages, rendered from the service's catalogue."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.devices.messages import MESSAGES
from shared.events.notifications import LocalisedText, NotificationRequestedV1
from shared.i18n import LANGUAGES, Text

TASHKENT = ZoneInfo("Asia/Tashkent")
EMERGENCY_KINDS = frozenset({"sos", "fall"})


def _with_late_note(text: Text) -> Text:
    late = MESSAGES["notify.late"]
    uz_latn, uz_cyrl, ru, en = (f"{text.in_language(lang)} {late.in_language(lang)}" for lang in LANGUAGES)
    return Text(uz_latn, uz_cyrl, ru, en)


def notification(
    kind: str,
    *,
    guardian_id: str,
    child_id: str,
    name: str,
    at: datetime,
    late: bool = False,
    zone: str = "",
    extra: dict[str, str] | None = None,
) -> NotificationRequestedV1:
    """`kind` names the texts (`notify.<kind>.title/body`); times are shown in Tashkent time."""
    params = {"name": name, "time": at.astimezone(TASHKENT).strftime("%H:%M"), "zone": zone}
    body = MESSAGES[f"notify.{kind}.body"]
    return NotificationRequestedV1(
        subject=guardian_id,
        kind=f"child.{kind}",
        title=LocalisedText.of(MESSAGES[f"notify.{kind}.title"], **params),
        body=LocalisedText.of(_with_late_note(body) if late else body, **params),
        priority="emergency"
        if kind in EMERGENCY_KINDS
        else "high"
        if kind != "arrived" and kind != "left"
        else "normal",
        data={"child_id": child_id, "late": str(late).lower(), **(extra or {})},
        collapse_key=None if kind in EMERGENCY_KINDS else f"{child_id}:{kind}",
    )
