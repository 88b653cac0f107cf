"""Texts of the gateway's edge and adapters (SMS, proxy, addresses, sandbox), beside the domain's `messages.py`."""

from shared.i18n import Text

MESSAGES: dict[str, Text] = {
    "gateway.sms.code": Text(
        "Smart Mahalla: tasdiqlash kodi {otp}. Uni hech kimga aytmang. Kod 5 daqiqa amal qiladi.",
        "Smart Mahalla: тасдиқлаш коди {otp}. Уни ҳеч кимга айтманг. Код 5 дақиқа амал қилади.",
        "Smart Mahalla: код подтверждения {otp}. Никому его не сообщайте. Код действует 5 минут.",
        "Smart Mahalla: your confirmation code is {otp}. Do not share it. It is valid for 5 minutes.",
    ),
    "gateway.upstream_timeout": Text(
        "Xizmat o‘z vaqtida javob bermadi. Birozdan so‘ng qayta urinib ko‘ring.",
        "Хизмат ўз вақтида жавоб бермади. Бироздан сўнг қайта уриниб кўринг.",
        "Сервис не ответил вовремя. Повторите попытку позже.",
        "The service did not answer in time. Please try again later.",
    ),
    "gateway.address_not_resolved": Text(
        "Manzil kadastrda topilmadi yoki xizmat hududidan tashqarida ({reason}).",
        "Манзил кадастрда топилмади ёки хизмат ҳудудидан ташқарида ({reason}).",
        "Адрес не найден в кадастре или находится вне зоны обслуживания ({reason}).",
        "The address was not found in the cadastre or is outside the service area ({reason}).",
    ),
    "gateway.login_taken": Text(
        "«{login}» login allaqachon band.", "«{login}» логин аллақачон банд.",
        "Логин «{login}» уже занят.", "The login “{login}” is already taken.",
    ),
    "gateway.sandbox_only": Text(
        "Bu manzil faqat sinov (sandbox) muhitida ishlaydi.", "Бу манзил фақат синов (sandbox) муҳитида ишлайди.",
        "Этот адрес доступен только в тестовой (sandbox) среде.", "This address exists only in the sandbox.",
    ),
    "gateway.notification_not_found": Text(
        "Bildirishnoma topilmadi.", "Билдиришнома топилмади.", "Уведомление не найдено.", "Notification not found.",
    ),
}  # fmt: skip
