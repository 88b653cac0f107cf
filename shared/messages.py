"""Texts of the errors the common package itself raises (validation, routing, limits, failures)."""

from shared.i18n import Text

MESSAGES: dict[str, Text] = {
    "internal": Text(
        "Ichki xatolik yuz berdi. Birozdan so‘ng qayta urinib ko‘ring.",
        "Ички хатолик юз берди. Бироздан сўнг қайта уриниб кўринг.",
        "Произошла внутренняя ошибка. Повторите попытку позже.",
        "An internal error occurred. Please try again later.",
    ),
    "not_found": Text("Topilmadi.", "Топилмади.", "Не найдено.", "Not found."),
    "forbidden": Text("Ruxsat berilmagan.", "Рухсат берилмаган.", "Доступ запрещён.", "Access denied."),
    "conflict": Text(
        "So‘rov joriy holatga zid.", "Сўров жорий ҳолатга зид.",
        "Запрос противоречит текущему состоянию.", "The request conflicts with the current state.",
    ),
    "unprocessable": Text(
        "So‘rovni bajarib bo‘lmaydi.", "Сўровни бажариб бўлмайди.",
        "Запрос не может быть выполнен.", "The request cannot be processed.",
    ),
    "validation_failed": Text(
        "So‘rovdagi ma’lumotlar noto‘g‘ri.", "Сўровдаги маълумотлар нотўғри.",
        "Данные запроса некорректны.", "The request data is invalid.",
    ),
    "validation_failed.detail": Text(
        "{count} ta maydon noto‘g‘ri: {fields}.", "{count} та майдон нотўғри: {fields}.",
        "Некорректных полей: {count} ({fields}).", "{count} field(s) are invalid: {fields}.",
    ),
    "malformed_json": Text(
        "So‘rov tanasi yaroqli JSON emas.", "Сўров танаси яроқли JSON эмас.",
        "Тело запроса не является корректным JSON.", "The request body is not valid JSON.",
    ),
    "payload_too_large": Text(
        "So‘rov hajmi ruxsat etilganidan katta (ko‘pi bilan {limit} bayt).",
        "Сўров ҳажми рухсат этилганидан катта (кўпи билан {limit} байт).",
        "Размер запроса превышает допустимый (не более {limit} байт).",
        "The request is larger than allowed (at most {limit} bytes).",
    ),
    "method_not_allowed": Text(
        "Bu manzil uchun bunday usul ruxsat etilmagan.", "Бу манзил учун бундай усул рухсат этилмаган.",
        "Этот метод не разрешён для данного адреса.", "This method is not allowed for this address.",
    ),
    "unsupported_media_type": Text(
        "Ma’lumot turi qo‘llab-quvvatlanmaydi.", "Маълумот тури қўллаб-қувватланмайди.",
        "Тип данных не поддерживается.", "The media type is not supported.",
    ),
    "rate_limited": Text(
        "So‘rovlar juda ko‘p. {retry_after} soniyadan so‘ng qayta urinib ko‘ring.",
        "Сўровлар жуда кўп. {retry_after} сониядан сўнг қайта уриниб кўринг.",
        "Слишком много запросов. Повторите через {retry_after} с.",
        "Too many requests. Try again in {retry_after} s.",
    ),
    "idempotency.key_reused": Text(
        "Bu Idempotency-Key boshqa so‘rov uchun ishlatilgan.",
        "Бу Idempotency-Key бошқа сўров учун ишлатилган.",
        "Этот Idempotency-Key уже использован для другого запроса.",
        "This Idempotency-Key was already used for a different request.",
    ),
    "service_unavailable": Text(
        "Xizmat vaqtincha ishlamayapti.", "Хизмат вақтинча ишламаяпти.",
        "Сервис временно недоступен.", "The service is temporarily unavailable.",
    ),
    # Field-level reasons for validation errors, keyed by pydantic's error type.
    "field.missing": Text("majburiy maydon", "мажбурий майдон", "обязательное поле", "field required"),
    "field.too_short": Text(
        "juda qisqa (kamida {min})", "жуда қисқа (камида {min})", "слишком коротко (минимум {min})",
        "too short (at least {min})",
    ),
    "field.too_long": Text(
        "juda uzun (ko‘pi bilan {max})", "жуда узун (кўпи билан {max})", "слишком длинно (максимум {max})",
        "too long (at most {max})",
    ),
    "field.wrong_type": Text(
        "noto‘g‘ri tur: {expected} kutilgan", "нотўғри тур: {expected} кутилган",
        "неверный тип: ожидается {expected}", "wrong type: {expected} expected",
    ),
    "field.out_of_range": Text(
        "ruxsat etilgan oraliqdan tashqarida", "рухсат этилган оралиқдан ташқарида",
        "вне допустимого диапазона", "out of the allowed range",
    ),
    "field.not_allowed": Text(
        "ruxsat etilgan qiymatlardan biri emas", "рухсат этилган қийматлардан бири эмас",
        "не входит в список допустимых значений", "not one of the allowed values",
    ),
    "field.bad_format": Text(
        "noto‘g‘ri format", "нотўғри формат", "неверный формат", "invalid format",
    ),
    "field.extra": Text(
        "noma’lum maydon", "номаълум майдон", "неизвестное поле", "unknown field",
    ),
    "field.invalid": Text(
        "noto‘g‘ri qiymat", "нотўғри қиймат", "некорректное значение", "invalid value",
    ),
}  # fmt: skip
