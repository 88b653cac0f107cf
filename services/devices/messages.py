"""Every text of the devices service a person reads, in the four languages: errors and guardian notifications."""

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
    "devices.unknown_device": Text(
        uz_latn="Qurilma ro‘yxatdan o‘tmagan.",
        uz_cyrl="Қурилма рўйхатдан ўтмаган.",
        ru="Устройство не зарегистрировано.",
        en="The device is not registered.",
    ),
    "devices.device_not_found": Text(
        uz_latn="Qurilma topilmadi.", uz_cyrl="Қурилма топилмади.", ru="Устройство не найдено.",
        en="The device was not found.",
    ),
    "devices.already_registered": Text(
        uz_latn="{identifier} identifikatorli qurilma allaqachon ro‘yxatdan o‘tgan.",
        uz_cyrl="{identifier} идентификаторли қурилма аллақачон рўйхатдан ўтган.",
        ru="Устройство с идентификатором {identifier} уже зарегистрировано.",
        en="A device with identifier {identifier} is already registered.",
    ),
    "devices.unsupported_protocol": Text(
        uz_latn="{protocol} protokoli bu turdagi qurilmaga mos emas ({device_type}).",
        uz_cyrl="{protocol} протоколи бу турдаги қурилмага мос эмас ({device_type}).",
        ru="Протокол {protocol} не подходит для этого устройства ({device_type}).",
        en="The {protocol} protocol does not fit this device ({device_type}).",
    ),
    "devices.school_not_found": Text(
        uz_latn="Maktab topilmadi.", uz_cyrl="Мактаб топилмади.", ru="Школа не найдена.",
        en="The school was not found.",
    ),
    "devices.child_not_found": Text(
        uz_latn="Bola topilmadi.", uz_cyrl="Бола топилмади.", ru="Ребёнок не найден.", en="The child was not found.",
    ),
    "devices.guardianship_not_confirmed": Text(
        uz_latn="FHDYo reyestri sizni bolaning ota-onasi yoki vasiysi sifatida tasdiqlamadi.",
        uz_cyrl="ФҲДЁ реестри сизни боланинг ота-онаси ёки васийси сифатида тасдиқламади.",
        ru="Реестр ЗАГС не подтвердил, что вы родитель или опекун ребёнка.",
        en="The civil registry did not confirm you as the child's parent or guardian.",
    ),
    "devices.guardian_identity_unknown": Text(
        uz_latn="Tizimga kirishingizda tasdiqlangan shaxsingiz ko‘rsatilmagan: qaytadan kiring va yana urinib ko‘ring.",
        uz_cyrl="Тизимга киришингизда тасдиқланган шахсингиз кўрсатилмаган: қайтадан киринг ва яна уриниб кўринг.",
        ru="Ваш вход не подтверждает вашу личность: войдите заново и повторите попытку.",
        en="Your sign-in does not carry your verified identity: sign in again and retry.",
    ),
    "devices.guardian_identity_mismatch": Text(
        uz_latn="Ko‘rsatilgan JShShIR sizniki emas.",
        uz_cyrl="Кўрсатилган ЖШШИР сизники эмас.",
        ru="Указанный ПИНФЛ принадлежит не вам.",
        en="The PINFL given is not yours.",
    ),
    "devices.invalid_geofence": Text(
        uz_latn="Hudud chegarasi noto‘g‘ri ({reason}).",
        uz_cyrl="Ҳудуд чегараси нотўғри ({reason}).",
        ru="Неверная геозона ({reason}).",
        en="The geofence is invalid ({reason}).",
    ),
    # --- notifications to guardians -------------------------------------------------------------
    "notify.arrived.title": Text("{name} maktabga keldi", "{name} мактабга келди", "{name} пришёл(а) в школу",
                                 "{name} arrived at school"),
    "notify.arrived.body": Text("{name} soat {time} da maktabga kirdi.", "{name} соат {time} да мактабга кирди.",
                                "{name} вошёл(а) в школу в {time}.", "{name} entered the school at {time}."),
    "notify.left.title": Text("{name} maktabdan chiqdi", "{name} мактабдан чиқди", "{name} вышел(а) из школы",
                              "{name} left school"),
    "notify.left.body": Text("{name} soat {time} da maktabdan chiqdi.", "{name} соат {time} да мактабдан чиқди.",
                             "{name} вышел(а) из школы в {time}.", "{name} left the school at {time}."),
    "notify.left_during_classes.title": Text(
        "{name} dars vaqtida maktabdan chiqdi", "{name} дарс вақтида мактабдан чиқди",
        "{name} ушёл(а) из школы во время уроков", "{name} left school during classes"),
    "notify.left_during_classes.body": Text(
        "{name} soat {time} da, darslar tugamasdan maktabdan chiqdi.",
        "{name} соат {time} да, дарслар тугамасдан мактабдан чиқди.",
        "{name} вышел(а) из школы в {time}, до окончания уроков.",
        "{name} left the school at {time}, before classes ended."),
    "notify.not_arrived.title": Text(
        "{name} maktabga kelmadi", "{name} мактабга келмади", "{name} не пришёл(а) в школу",
        "{name} has not arrived at school"),
    "notify.not_arrived.body": Text(
        "Darslar soat {time} da boshlandi, {name} hali maktabga kirmadi.",
        "Дарслар соат {time} да бошланди, {name} ҳали мактабга кирмади.",
        "Уроки начались в {time}, а {name} ещё не вошёл(а) в школу.",
        "Classes started at {time} and {name} has not entered the school yet."),
    "notify.sos.title": Text("{name}: SOS!", "{name}: СОС!", "{name}: SOS!", "{name}: SOS!"),
    "notify.sos.body": Text(
        "{name} soat {time} da SOS tugmasini bosdi.", "{name} соат {time} да СОС тугмасини босди.",
        "{name} нажал(а) кнопку SOS в {time}.", "{name} pressed the SOS button at {time}."),
    "notify.watch_removed.title": Text("{name}: soat yechildi", "{name}: соат ечилди", "{name}: часы сняты",
                                       "{name}: watch removed"),
    "notify.watch_removed.body": Text(
        "{name}ning soati soat {time} da qo‘ldan yechildi.", "{name}нинг соати соат {time} да қўлдан ечилди.",
        "Часы {name} сняты с руки в {time}.", "{name}'s watch was taken off at {time}."),
    "notify.fall.title": Text("{name}: yiqilish", "{name}: йиқилиш", "{name}: падение", "{name}: fall detected"),
    "notify.fall.body": Text(
        "{name}ning soati soat {time} da yiqilishni qayd etdi.", "{name}нинг соати соат {time} да йиқилишни қайд этди.",
        "Часы {name} зафиксировали падение в {time}.", "{name}'s watch detected a fall at {time}."),
    "notify.low_battery.title": Text("{name}: batareya kam", "{name}: батарея кам", "{name}: низкий заряд",
                                     "{name}: low battery"),
    "notify.low_battery.body": Text(
        "{name}ning qurilmasi quvvati kam ({time}).", "{name}нинг қурилмаси қуввати кам ({time}).",
        "У устройства {name} низкий заряд ({time}).", "{name}'s device is running low on battery ({time})."),
    "notify.offline.title": Text("{name}: aloqa yo‘q", "{name}: алоқа йўқ", "{name}: нет связи",
                                 "{name}: device offline"),
    "notify.offline.body": Text(
        "{name}ning qurilmasi soat {time} dan beri aloqaga chiqmadi.",
        "{name}нинг қурилмаси соат {time} дан бери алоқага чиқмади.",
        "Устройство {name} не выходит на связь с {time}.", "{name}'s device has been silent since {time}."),
    "notify.geofence_exit_during_school.title": Text(
        "{name} hududdan chiqdi", "{name} ҳудуддан чиқди", "{name} покинул(а) зону", "{name} left a safe zone"),
    "notify.geofence_exit_during_school.body": Text(
        "{name} soat {time} da, dars vaqtida «{zone}» hududidan chiqdi.",
        "{name} соат {time} да, дарс вақтида «{zone}» ҳудудидан чиқди.",
        "{name} покинул(а) зону «{zone}» в {time}, во время уроков.",
        "{name} left “{zone}” at {time}, during school hours."),
    "notify.danger_zone_entered.title": Text(
        "{name} xavfli hududda", "{name} хавфли ҳудудда", "{name} в опасной зоне", "{name} entered a dangerous zone"),
    "notify.danger_zone_entered.body": Text(
        "{name} soat {time} da «{zone}» xavfli hududiga kirdi.",
        "{name} соат {time} да «{zone}» хавфли ҳудудига кирди.",
        "{name} вошёл(а) в опасную зону «{zone}» в {time}.", "{name} entered the dangerous zone “{zone}” at {time}."),
    "notify.late": Text(
        "(Xabar kechikib keldi: qurilma aloqasiz bo‘lgan.)", "(Хабар кечикиб келди: қурилма алоқасиз бўлган.)",
        "(Сообщение пришло с опозданием: устройство было без связи.)",
        "(Reported late: the device was out of coverage.)"),
    "notify.guardianship_verified.title": Text(
        "Vasiylik tasdiqlandi", "Васийлик тасдиқланди", "Опекунство подтверждено", "Guardianship confirmed"),
    "notify.guardianship_verified.body": Text(
        "Endi {name}ning joylashuvi va maktabga kelib-ketishini kuzatishingiz mumkin.",
        "Энди {name}нинг жойлашуви ва мактабга келиб-кетишини кузатишингиз мумкин.",
        "Теперь вы можете следить за местоположением {name} и посещением школы.",
        "You can now follow {name}'s location and school attendance."),
}  # fmt: skip
