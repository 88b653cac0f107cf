"""Texts of the access errors raised by `shared.auth`; each service registers them in `create_app()`."""

from __future__ import annotations

from shared.i18n import Text

MESSAGES: dict[str, Text] = {
    "auth.unauthenticated": Text(
        uz_latn="Tizimga qayta kiring: sessiya topilmadi, muddati tugagan yoki bekor qilingan.",
        uz_cyrl="Тизимга қайта киринг: сессия топилмади, муддати тугаган ёки бекор қилинган.",
        ru="Войдите снова: сеанс не найден, истёк или был отозван.",
        en="Please sign in again: the session is missing, has expired or was revoked.",
    ),
    "auth.forbidden": Text(
        uz_latn="Bu amalni bajarish uchun huquqingiz yo‘q.",
        uz_cyrl="Бу амални бажариш учун ҳуқуқингиз йўқ.",
        ru="У вас нет прав на это действие.",
        en="You are not allowed to do this.",
    ),
    "auth.not_verified": Text(
        uz_latn="Bu amal uchun avval shaxsingizni tasdiqlang.",
        uz_cyrl="Бу амал учун аввал шахсингизни тасдиқланг.",
        ru="Для этого действия сначала подтвердите личность.",
        en="Verify your identity first to do this.",
    ),
    "auth.out_of_scope": Text(
        uz_latn="Bu hudud sizning vakolatingizga kirmaydi.",
        uz_cyrl="Бу ҳудуд сизнинг ваколатингизга кирмайди.",
        ru="Эта территория вне вашей зоны ответственности.",
        en="This territory is outside your area of responsibility.",
    ),
    "auth.keys_unavailable": Text(
        uz_latn="Kirishni hozir tekshirib bo‘lmadi. Birozdan so‘ng qayta urinib ko‘ring.",
        uz_cyrl="Киришни ҳозир текшириб бўлмади. Бироздан сўнг қайта уриниб кўринг.",
        ru="Сейчас не удаётся проверить вход. Повторите попытку чуть позже.",
        en="Your sign-in cannot be checked right now. Please try again shortly.",
    ),
}
