"""Every text of the devices service a person reads, in the four languages, keyed by error code."""

from __future__ import annotations

from shared.i18n import Text

MESSAGES: dict[str, Text] = {
    "devices.error": Text(
        uz_latn="Qurilmalar xizmatida xatolik yuz berdi.",
        uz_cyrl="Қурилмалар хизматида хатолик юз берди.",
        ru="Ошибка в сервисе устройств.",
        en="The devices service could not complete the request.",
    ),
    "devices.malformed_message": Text(
        uz_latn="Qurilma xabarini o‘qib bo‘lmadi ({protocol}: {reason}).",
        uz_cyrl="Қурилма хабарини ўқиб бўлмади ({protocol}: {reason}).",
        ru="Не удалось разобрать сообщение устройства ({protocol}: {reason}).",
        en="The device message could not be read ({protocol}: {reason}).",
    ),
}
