"""Every text of the gateway's domain errors, in Uzbek (Latin, Cyrillic), Russian and English."""

from __future__ import annotations

from shared.i18n import Text

MESSAGES: dict[str, Text] = {
    "gateway.error": Text(
        uz_latn="So‘rovni bajarib bo‘lmadi.",
        uz_cyrl="Сўровни бажариб бўлмади.",
        ru="Не удалось выполнить запрос.",
        en="The request could not be completed.",
    ),
    # phone numbers and one-time codes
    "gateway.invalid_phone_number": Text(
        uz_latn="Telefon raqami noto‘g‘ri. O‘zbekiston raqamini +998 90 123 45 67 ko‘rinishida kiriting.",
        uz_cyrl="Телефон рақами нотўғри. Ўзбекистон рақамини +998 90 123 45 67 кўринишида киритинг.",
        ru="Неверный номер телефона. Введите узбекский номер в виде +998 90 123 45 67.",
        en="Invalid phone number. Enter an Uzbek number such as +998 90 123 45 67.",
    ),
    "gateway.otp_incorrect": Text(
        uz_latn="Kod noto‘g‘ri. Yana {attempts_left} ta urinish qoldi.",
        uz_cyrl="Код нотўғри. Яна {attempts_left} та уриниш қолди.",
        ru="Неверный код. Осталось попыток: {attempts_left}.",
        en="Wrong code. {attempts_left} attempts left.",
    ),
    "gateway.otp_expired": Text(
        uz_latn="Kodning muddati tugagan. Yangi kod so‘rang.",
        uz_cyrl="Коднинг муддати тугаган. Янги код сўранг.",
        ru="Срок действия кода истёк. Запросите новый код.",
        en="The code has expired. Request a new one.",
    ),
    "gateway.otp_already_used": Text(
        uz_latn="Bu kod allaqachon ishlatilgan. Yangi kod so‘rang.",
        uz_cyrl="Бу код аллақачон ишлатилган. Янги код сўранг.",
        ru="Этот код уже использован. Запросите новый.",
        en="This code has already been used. Request a new one.",
    ),
    "gateway.otp_locked": Text(
        uz_latn="Urinishlar juda ko‘p bo‘ldi. {retry_after_minutes} daqiqadan so‘ng qayta urinib ko‘ring.",
        uz_cyrl="Уринишлар жуда кўп бўлди. {retry_after_minutes} дақиқадан сўнг қайта уриниб кўринг.",
        ru="Слишком много попыток. Повторите через {retry_after_minutes} мин.",
        en="Too many attempts. Try again in {retry_after_minutes} min.",
    ),
    "gateway.otp_resend_too_soon": Text(
        uz_latn="Yangi kodni {retry_after} soniyadan so‘ng so‘rash mumkin.",
        uz_cyrl="Янги кодни {retry_after} сониядан сўнг сўраш мумкин.",
        ru="Новый код можно запросить через {retry_after} с.",
        en="You can request a new code in {retry_after} s.",
    ),
    # sessions
    "gateway.session_not_found": Text(
        uz_latn="Sessiya topilmadi.",
        uz_cyrl="Сессия топилмади.",
        ru="Сеанс не найден.",
        en="Session not found.",
    ),
    "gateway.refresh_token_invalid": Text(
        uz_latn="Sessiyani yangilab bo‘lmadi. Qayta kiring.",
        uz_cyrl="Сессияни янгилаб бўлмади. Қайта киринг.",
        ru="Не удалось продлить сеанс. Войдите снова.",
        en="The session could not be renewed. Please sign in again.",
    ),
    "gateway.refresh_token_reused": Text(
        uz_latn="Xavfsizlik uchun sessiya yopildi: eski kirish kalitidan qayta foydalanildi. Qayta kiring.",
        uz_cyrl="Хавфсизлик учун сессия ёпилди: эски кириш калитидан қайта фойдаланилди. Қайта киринг.",
        ru="В целях безопасности сеанс завершён: устаревший ключ входа использован повторно. Войдите снова.",
        en="For your security the session was ended: an old sign-in key was used again. Please sign in again.",
    ),
    "gateway.session_revoked": Text(
        uz_latn="Bu sessiya yopilgan. Qayta kiring.",
        uz_cyrl="Бу сессия ёпилган. Қайта киринг.",
        ru="Этот сеанс завершён. Войдите снова.",
        en="This session has been ended. Please sign in again.",
    ),
    "gateway.session_expired": Text(
        uz_latn="Sessiya muddati tugadi. Qayta kiring.",
        uz_cyrl="Сессия муддати тугади. Қайта киринг.",
        ru="Срок сеанса истёк. Войдите снова.",
        en="The session has expired. Please sign in again.",
    ),
    # staff
    "gateway.invalid_credentials": Text(
        uz_latn="Login, parol yoki tasdiqlash kodi noto‘g‘ri.",
        uz_cyrl="Логин, парол ёки тасдиқлаш коди нотўғри.",
        ru="Неверный логин, пароль или код подтверждения.",
        en="Wrong login, password or verification code.",
    ),
    "gateway.account_locked": Text(
        uz_latn="Kirish urinishlari juda ko‘p bo‘ldi. Hisob {retry_after_minutes} daqiqaga bloklandi.",
        uz_cyrl="Кириш уринишлари жуда кўп бўлди. Ҳисоб {retry_after_minutes} дақиқага блокланди.",
        ru="Слишком много неудачных попыток входа. Учётная запись заблокирована на {retry_after_minutes} мин.",
        en="Too many failed sign-ins. The account is locked for {retry_after_minutes} min.",
    ),
    "gateway.account_disabled": Text(
        uz_latn="Hisob o‘chirib qo‘yilgan. Administratorga murojaat qiling.",
        uz_cyrl="Ҳисоб ўчириб қўйилган. Администраторга мурожаат қилинг.",
        ru="Учётная запись отключена. Обратитесь к администратору.",
        en="The account is disabled. Contact your administrator.",
    ),
    "gateway.totp_enrolment_required": Text(
        uz_latn="Kirish uchun autentifikator ilovasini ulang: ikki bosqichli tasdiqlash majburiy.",
        uz_cyrl="Кириш учун аутентификатор иловасини уланг: икки босқичли тасдиқлаш мажбурий.",
        ru="Для входа подключите приложение-аутентификатор: двухфакторная проверка обязательна.",
        en="Set up an authenticator app to sign in: two-step verification is mandatory.",
    ),
    "gateway.totp_already_enrolled": Text(
        uz_latn="Autentifikator ilovasi allaqachon ulangan.",
        uz_cyrl="Аутентификатор иловаси аллақачон уланган.",
        ru="Приложение-аутентификатор уже подключено.",
        en="An authenticator app is already set up.",
    ),
    "gateway.totp_code_incorrect": Text(
        uz_latn="Autentifikator kodi noto‘g‘ri.",
        uz_cyrl="Аутентификатор коди нотўғри.",
        ru="Неверный код аутентификатора.",
        en="Wrong authenticator code.",
    ),
    "gateway.weak_password": Text(
        uz_latn="Parol kamida {min_length} belgidan iborat, xilma-xil va logindan farqli bo‘lishi kerak.",
        uz_cyrl="Парол камида {min_length} белгидан иборат, хилма-хил ва логиндан фарқли бўлиши керак.",
        ru="Пароль должен быть не короче {min_length} символов, разнообразным и не содержать логин.",
        en="The password needs at least {min_length} characters, some variety, and must not contain the login.",
    ),
    "gateway.invalid_login": Text(
        uz_latn="Login 3–64 ta lotin harfi, raqam, nuqta, chiziqcha yoki pastki chiziqdan iborat bo‘lishi kerak.",
        uz_cyrl="Логин 3–64 та лотин ҳарфи, рақам, нуқта, чизиқча ёки пастки чизиқдан иборат бўлиши керак.",
        ru="Логин: от 3 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний.",
        en="A login is 3–64 Latin letters, digits, dots, hyphens or underscores.",
    ),
    "gateway.invalid_staff_roles": Text(
        uz_latn="Xodim uchun kamida bitta xizmat rolini tanlang (fuqaro rollari berilmaydi).",
        uz_cyrl="Ходим учун камида битта хизмат ролини танланг (фуқаро роллари берилмайди).",
        ru="Выберите хотя бы одну служебную роль (роли гражданина сотруднику не назначаются).",
        en="Choose at least one staff role (citizen roles cannot be given to staff).",
    ),
    "gateway.invalid_staff_scope": Text(
        uz_latn="Xodimning hududini to‘g‘ri hudud kodlari bilan ko‘rsating.",
        uz_cyrl="Ходимнинг ҳудудини тўғри ҳудуд кодлари билан кўрсатинг.",
        ru="Укажите зону ответственности сотрудника корректными кодами территорий.",
        en="Give the staff member's area as valid territory codes.",
    ),
    # citizens
    "gateway.consent_required": Text(
        uz_latn="Davom etish uchun shaxsga doir ma’lumotlarni qayta ishlashga rozilik bering.",
        uz_cyrl="Давом этиш учун шахсга доир маълумотларни қайта ишлашга розилик беринг.",
        ru="Чтобы продолжить, дайте согласие на обработку персональных данных.",
        en="To continue, consent to the processing of your personal data.",
    ),
    "gateway.consent_version_outdated": Text(
        uz_latn="Rozilik matni yangilangan. Yangi matn bilan tanishib, rozilik bering.",
        uz_cyrl="Розилик матни янгиланган. Янги матн билан танишиб, розилик беринг.",
        ru="Текст согласия обновлён. Ознакомьтесь с новой редакцией и подтвердите согласие.",
        en="The consent text has changed. Please read the new version and consent again.",
    ),
    "gateway.invalid_pinfl": Text(
        uz_latn="JShShIR noto‘g‘ri: hujjatingizdagi 14 ta raqamni kiriting.",
        uz_cyrl="ЖШШИР нотўғри: ҳужжатингиздаги 14 та рақамни киритинг.",
        ru="Неверный ПИНФЛ: введите 14 цифр, указанных в документе.",
        en="Invalid PINFL: enter the 14 digits shown on your document.",
    ),
    "gateway.invalid_document_number": Text(
        uz_latn="Hujjat raqami noto‘g‘ri: ikki harf va yetti raqamni kiriting.",
        uz_cyrl="Ҳужжат рақами нотўғри: икки ҳарф ва етти рақамни киритинг.",
        ru="Неверный номер документа: введите две буквы и семь цифр.",
        en="Invalid document number: enter two letters and seven digits.",
    ),
    "gateway.birth_date_mismatch": Text(
        uz_latn="Tug‘ilgan sana JShShIR bilan mos kelmaydi.",
        uz_cyrl="Туғилган сана ЖШШИР билан мос келмайди.",
        ru="Дата рождения не совпадает с ПИНФЛ.",
        en="The birth date does not match the PINFL.",
    ),
    "gateway.identity_not_confirmed": Text(
        uz_latn="Ma’lumotlar reestrda tasdiqlanmadi. JShShIR, hujjat raqami va tug‘ilgan sanani tekshiring.",
        uz_cyrl="Маълумотлар реестрда тасдиқланмади. ЖШШИР, ҳужжат рақами ва туғилган санани текширинг.",
        ru="Реестр не подтвердил данные. Проверьте ПИНФЛ, номер документа и дату рождения.",
        en="The registry did not confirm these details. Check the PINFL, document number and birth date.",
    ),
    "gateway.identity_already_verified": Text(
        uz_latn="Bu shaxs uchun hisob allaqachon tasdiqlangan.",
        uz_cyrl="Бу шахс учун ҳисоб аллақачон тасдиқланган.",
        ru="Учётная запись для этого человека уже подтверждена.",
        en="An account has already been verified for this person.",
    ),
    "gateway.identity_verification_required": Text(
        uz_latn="Bu amal uchun avval shaxsingizni tasdiqlang.",
        uz_cyrl="Бу амал учун аввал шахсингизни тасдиқланг.",
        ru="Для этого действия сначала подтвердите личность.",
        en="Verify your identity first to do this.",
    ),
    "gateway.residence_required": Text(
        uz_latn="Bu amal uchun yashash manzilingizni kiriting: u sizni mahallangizga bog‘laydi.",
        uz_cyrl="Бу амал учун яшаш манзилингизни киритинг: у сизни маҳаллангизга боғлайди.",
        ru="Для этого действия укажите адрес проживания: он привяжет вас к вашей махалле.",
        en="Enter your home address first: it links you to your mahalla.",
    ),
    "gateway.registry_unavailable": Text(
        uz_latn="Reestr hozir javob bermayapti. Birozdan so‘ng qayta urinib ko‘ring.",
        uz_cyrl="Реестр ҳозир жавоб бермаяпти. Бироздан сўнг қайта уриниб кўринг.",
        ru="Реестр сейчас не отвечает. Повторите попытку чуть позже.",
        en="The registry is not answering right now. Please try again shortly.",
    ),
    "gateway.account_deleted": Text(
        uz_latn="Bu hisob o‘chirilgan.",
        uz_cyrl="Бу ҳисоб ўчирилган.",
        ru="Эта учётная запись удалена.",
        en="This account has been deleted.",
    ),
}
