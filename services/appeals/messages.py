"""Every text of the appeals service a person reads, in Uzbek (Latin, Cyrillic), Russian and English.

Keys: the domain errors' codes (`appeals.*`), the names of states (`appeals.state.*`) and of the legal
reasons an appeal ends without an answer (`appeals.reason.*`), and notification texts
(`appeals.notice.*`). Kinds and categories carry their own names (`domain/categories.py`).
`create_app()` registers this catalogue; nothing registers at import time.
"""

from shared.i18n import Text

MESSAGES: dict[str, Text] = {
    # --- errors ----------------------------------------------------------------------------------------------
    "appeals.error": Text(
        "Murojaat bo‘yicha amalni bajarib bo‘lmaydi.",
        "Мурожаат бўйича амални бажариб бўлмайди.",
        "Действие по обращению невозможно.",
        "The action on the appeal cannot be performed.",
    ),
    "appeals.text_empty": Text(
        "Matn bo‘sh bo‘lmasligi kerak.",
        "Матн бўш бўлмаслиги керак.",
        "Текст не может быть пустым.",
        "The text must not be empty.",
    ),
    "appeals.text_too_long": Text(
        "Matn juda uzun: ko‘pi bilan {max_length} belgi.",
        "Матн жуда узун: кўпи билан {max_length} белги.",
        "Текст слишком длинный: не более {max_length} символов.",
        "The text is too long: at most {max_length} characters.",
    ),
    "appeals.unknown_category": Text(
        "Bunday murojaat turkumi yo‘q.",
        "Бундай мурожаат туркуми йўқ.",
        "Такой категории обращений нет.",
        "There is no such appeal category.",
    ),
    "appeals.too_many_points": Text(
        "Murojaatda ko‘pi bilan {max_points} ta band bo‘lishi mumkin.",
        "Мурожаатда кўпи билан {max_points} та банд бўлиши мумкин.",
        "В обращении может быть не более {max_points} пунктов.",
        "An appeal may have at most {max_points} points.",
    ),
    "appeals.too_many_photos": Text(
        "Ko‘pi bilan {max_photos} ta surat biriktirish mumkin.",
        "Кўпи билан {max_photos} та сурат бириктириш мумкин.",
        "Можно приложить не более {max_photos} фотографий.",
        "At most {max_photos} photos may be attached.",
    ),
    "appeals.photo_not_image": Text(
        "Fayl surat emas: JPEG, PNG, WebP yoki HEIC yuboring.",
        "Файл сурат эмас: JPEG, PNG, WebP ёки HEIC юборинг.",
        "Файл не является изображением: отправьте JPEG, PNG, WebP или HEIC.",
        "The file is not an image: send JPEG, PNG, WebP or HEIC.",
    ),
    "appeals.photo_too_large": Text(
        "Surat juda katta: ko‘pi bilan {max_megabytes} MB.",
        "Сурат жуда катта: кўпи билан {max_megabytes} МБ.",
        "Фотография слишком большая: не более {max_megabytes} МБ.",
        "The photo is too large: at most {max_megabytes} MB.",
    ),
    "appeals.invalid_location": Text(
        "Joylashuv koordinatalari noto‘g‘ri.",
        "Жойлашув координаталари нотўғри.",
        "Неверные координаты места.",
        "The location coordinates are invalid.",
    ),
    "appeals.field_required": Text(
        "Majburiy maydon to‘ldirilmagan: {field}.",
        "Мажбурий майдон тўлдирилмаган: {field}.",
        "Не заполнено обязательное поле: {field}.",
        "A required field is missing: {field}.",
    ),
    "appeals.field_invalid": Text(
        "Maydon qiymati noto‘g‘ri: {field}.",
        "Майдон қиймати нотўғри: {field}.",
        "Недопустимое значение поля: {field}.",
        "The value of a field is invalid: {field}.",
    ),
    "appeals.reason_required": Text(
        "Sababini ko‘rsating.",
        "Сабабини кўрсатинг.",
        "Укажите причину.",
        "Give the reason.",
    ),
    "appeals.unknown_reason": Text(
        "Bunday asos yo‘q.",
        "Бундай асос йўқ.",
        "Такого основания нет.",
        "There is no such ground.",
    ),
    "appeals.answer_missing_points": Text(
        "Javob murojaatning barcha bandlariga berilishi kerak; javobsiz bandlar: {points}.",
        "Жавоб мурожаатнинг барча бандларига берилиши керак; жавобсиз бандлар: {points}.",
        "Ответ должен касаться всех пунктов обращения; без ответа пункты: {points}.",
        "The answer must address every point of the appeal; unanswered points: {points}.",
    ),
    "appeals.answer_unknown_points": Text(
        "Javobda murojaatda yo‘q yoki ikki marta keltirilgan bandlar bor: {points}.",
        "Жавобда мурожаатда йўқ ёки икки марта келтирилган бандлар бор: {points}.",
        "В ответе есть пункты, которых нет в обращении или которые повторяются: {points}.",
        "The answer refers to points the appeal does not have, or twice: {points}.",
    ),
    "appeals.answer_legal_basis_missing": Text(
        "Javobda qonuniy asoslar ko‘rsatilishi kerak.",
        "Жавобда қонуний асослар кўрсатилиши керак.",
        "В ответе должны быть указаны правовые основания.",
        "The answer must state its legal grounds.",
    ),
    "appeals.answer_how_to_appeal_missing": Text(
        "Javobda qarordan qanday shikoyat qilish mumkinligi tushuntirilishi kerak.",
        "Жавобда қарордан қандай шикоят қилиш мумкинлиги тушунтирилиши керак.",
        "В ответе должен быть разъяснён порядок его обжалования.",
        "The answer must explain how it may be appealed.",
    ),
    "appeals.invalid_number": Text(
        "Murojaat raqami noto‘g‘ri; namuna: TAS-2026-004213.",
        "Мурожаат рақами нотўғри; намуна: TAS-2026-004213.",
        "Неверный номер обращения; образец: TAS-2026-004213.",
        "The appeal number is invalid; for example: TAS-2026-004213.",
    ),
    "appeals.extension_too_long": Text(
        "Muddat faqat bir oygacha uzaytiriladi: eng kechi {latest}.",
        "Муддат фақат бир ойгача узайтирилади: энг кечи {latest}.",
        "Срок продлевается не более чем на один месяц: не позднее {latest}.",
        "The deadline may be extended by one month at most: {latest} at the latest.",
    ),
    "appeals.extension_not_later": Text(
        "Yangi muddat amaldagi muddatdan ({due_on}) keyin bo‘lishi kerak.",
        "Янги муддат амалдаги муддатдан ({due_on}) кейин бўлиши керак.",
        "Новый срок должен быть позже действующего ({due_on}).",
        "The new deadline must be later than the current one ({due_on}).",
    ),
    "appeals.not_your_appeal": Text(
        "Bu murojaat bo‘yicha amal bajarishga haqqingiz yo‘q.",
        "Бу мурожаат бўйича амал бажаришга ҳаққингиз йўқ.",
        "У вас нет прав на действия по этому обращению.",
        "You may not act on this appeal.",
    ),
    "appeals.role_not_allowed": Text(
        "Bu amal sizning lavozimingiz uchun ruxsat etilmagan.",
        "Бу амал сизнинг лавозимингиз учун рухсат этилмаган.",
        "Это действие не разрешено для вашей роли.",
        "Your role does not allow this action.",
    ),
    "appeals.official_excluded": Text(
        "Murojaat sizning ustingizdan yoki sizga bo‘ysunuvchi xodim ustidan: uni ko‘rib chiqa olmaysiz.",
        "Мурожаат сизнинг устингиздан ёки сизга бўйсунувчи ходим устидан: уни кўриб чиқа олмайсиз.",
        "Обращение подано на вас или на вашего подчинённого: вы не можете его рассматривать.",
        "The appeal complains about you or someone you head: you may not handle it.",
    ),
    "appeals.illegal_transition": Text(
        "Murojaatning hozirgi holatida bu amalni bajarib bo‘lmaydi.",
        "Мурожаатнинг ҳозирги ҳолатида бу амални бажариб бўлмайди.",
        "В текущем состоянии обращения это действие невозможно.",
        "This action is not possible in the appeal's current state.",
    ),
    "appeals.extension_already_used": Text(
        "Muddat faqat bir marta uzaytirilishi mumkin va u allaqachon uzaytirilgan.",
        "Муддат фақат бир марта узайтирилиши мумкин ва у аллақачон узайтирилган.",
        "Срок можно продлить только один раз, и он уже продлён.",
        "The deadline may be extended only once, and it already was.",
    ),
    "appeals.extra_study_not_applicable": Text(
        "Qo‘shimcha o‘rganish muddati bu murojaatga qo‘llanilmaydi.",
        "Қўшимча ўрганиш муддати бу мурожаатга қўлланилмайди.",
        "Срок для дополнительного изучения к этому обращению не применяется.",
        "The extra-study deadline does not apply to this appeal.",
    ),
    "appeals.deadline_passed": Text(
        "Ko‘rib chiqish muddati ({due_on}) o‘tib ketgan.",
        "Кўриб чиқиш муддати ({due_on}) ўтиб кетган.",
        "Срок рассмотрения ({due_on}) уже истёк.",
        "The review deadline ({due_on}) has already passed.",
    ),
    "appeals.forward_window_closed": Text(
        "Murojaatni boshqa organga yuborish muddati {last_day} kuni tugagan.",
        "Мурожаатни бошқа органга юбориш муддати {last_day} куни тугаган.",
        "Срок направления обращения в другой орган истёк {last_day}.",
        "The time to forward the appeal to another body ended on {last_day}.",
    ),
    "appeals.escalation_unavailable": Text(
        "Murojaatni yuqori mansabdor shaxsga yuborib bo‘lmaydi.",
        "Мурожаатни юқори мансабдор шахсга юбориб бўлмайди.",
        "Обращение нельзя передать вышестоящему должностному лицу.",
        "The appeal cannot be taken to a higher official.",
    ),
    "appeals.already_rated": Text(
        "Javob allaqachon baholangan.",
        "Жавоб аллақачон баҳоланган.",
        "Ответ уже оценён.",
        "The answer has already been rated.",
    ),
    "appeals.routing_impossible": Text(
        "Murojaatni ko‘rib chiqadigan xodim topilmadi; u tuman navbatida qoldi.",
        "Мурожаатни кўриб чиқадиган ходим топилмади; у туман навбатида қолди.",
        "Не найден сотрудник для рассмотрения обращения; оно оставлено в очереди района.",
        "No official could take the appeal; it stays in the district's queue.",
    ),
    # --- states of an appeal ---------------------------------------------------------------------------------
    "appeals.state.registered": Text(
        "Ro‘yxatga olindi",
        "Рўйхатга олинди",
        "Зарегистрировано",
        "Registered",
    ),
    "appeals.state.assigned": Text(
        "Ijrochiga yuborildi",
        "Ижрочига юборилди",
        "Передано исполнителю",
        "Assigned",
    ),
    "appeals.state.in_review": Text(
        "Ko‘rib chiqilmoqda",
        "Кўриб чиқилмоқда",
        "На рассмотрении",
        "In review",
    ),
    "appeals.state.info_requested": Text(
        "Qo‘shimcha ma’lumot so‘raldi",
        "Қўшимча маълумот сўралди",
        "Запрошены дополнительные сведения",
        "More information requested",
    ),
    "appeals.state.answered": Text(
        "Javob berildi",
        "Жавоб берилди",
        "Дан ответ",
        "Answered",
    ),
    "appeals.state.closed": Text(
        "Yopildi",
        "Ёпилди",
        "Закрыто",
        "Closed",
    ),
    "appeals.state.forwarded": Text(
        "Boshqa organga yuborildi",
        "Бошқа органга юборилди",
        "Направлено в другой орган",
        "Forwarded to another body",
    ),
    "appeals.state.returned": Text(
        "Qaytarildi",
        "Қайтарилди",
        "Возвращено",
        "Returned",
    ),
    "appeals.state.not_considered": Text(
        "Ko‘rib chiqilmadi",
        "Кўриб чиқилмади",
        "Оставлено без рассмотрения",
        "Not considered",
    ),
    "appeals.state.terminated": Text(
        "Ko‘rib chiqish to‘xtatildi",
        "Кўриб чиқиш тўхтатилди",
        "Рассмотрение прекращено",
        "Consideration terminated",
    ),
    "appeals.state.withdrawn": Text(
        "Qaytarib olindi",
        "Қайтариб олинди",
        "Отозвано",
        "Withdrawn",
    ),
    # --- legal reasons an appeal ends without an answer ------------------------------------------------------
    "appeals.reason.unreadable": Text(
        "Matnni o‘qib bo‘lmaydi",
        "Матнни ўқиб бўлмайди",
        "Текст невозможно прочитать",
        "The text cannot be read",
    ),
    "appeals.reason.no_request_stated": Text(
        "Murojaatda talab yoki taklif bayon etilmagan",
        "Мурожаатда талаб ёки таклиф баён этилмаган",
        "В обращении не изложены требование или предложение",
        "The appeal states no request or proposal",
    ),
    "appeals.reason.required_details_missing": Text(
        "Majburiy ma’lumotlar ko‘rsatilmagan",
        "Мажбурий маълумотлар кўрсатилмаган",
        "Не указаны обязательные сведения",
        "Required details are missing",
    ),
    "appeals.reason.repeated_without_new_arguments": Text(
        "Yangi dalillarsiz takroriy murojaat",
        "Янги далилларсиз такрорий мурожаат",
        "Повторное обращение без новых доводов",
        "A repeated appeal without new arguments",
    ),
    "appeals.reason.decided_by_court": Text(
        "Masala bo‘yicha sud qarori mavjud",
        "Масала бўйича суд қарори мавжуд",
        "По вопросу имеется решение суда",
        "A court has already decided the matter",
    ),
    "appeals.reason.filed_after_time_limit": Text(
        "Shikoyat muddati o‘tgandan keyin berilgan",
        "Шикоят муддати ўтгандан кейин берилган",
        "Жалоба подана после истечения срока",
        "The complaint was filed after the time limit",
    ),
    "appeals.reason.no_authority_to_represent": Text(
        "Vakilning vakolati tasdiqlanmagan",
        "Вакилнинг ваколати тасдиқланмаган",
        "Полномочия представителя не подтверждены",
        "The representative's authority is not confirmed",
    ),
    "appeals.reason.court_proceedings_started": Text(
        "Masala bo‘yicha sudda ish qo‘zg‘atilgan",
        "Масала бўйича судда иш қўзғатилган",
        "По вопросу начато судебное производство",
        "Court proceedings on the matter have begun",
    ),
    "appeals.reason.criminal_case_opened": Text(
        "Jinoyat ishi qo‘zg‘atilgan",
        "Жиноят иши қўзғатилган",
        "Возбуждено уголовное дело",
        "A criminal case has been opened",
    ),
    "appeals.reason.applicant_died": Text(
        "Murojaatchi vafot etgan",
        "Мурожаатчи вафот этган",
        "Заявитель умер",
        "The applicant has died",
    ),
    "appeals.reason.matter_no_longer_exists": Text(
        "Murojaat predmeti yo‘qolgan",
        "Мурожаат предмети йўқолган",
        "Предмет обращения отпал",
        "The subject of the appeal no longer exists",
    ),
    # --- the service around the domain -----------------------------------------------------------------------
    "appeals.not_found": Text(
        "Murojaat topilmadi.",
        "Мурожаат топилмади.",
        "Обращение не найдено.",
        "Appeal not found.",
    ),
    "appeals.concurrent_change": Text(
        "Murojaat shu vaqtda o‘zgartirildi. Qayta urinib ko‘ring.",
        "Мурожаат шу вақтда ўзгартирилди. Қайта уриниб кўринг.",
        "Обращение было изменено одновременно с вашим запросом. Повторите попытку.",
        "The appeal was changed at the same time. Please try again.",
    ),
    "appeals.unknown_state_body": Text(
        "«{body}» davlat organlari ro‘yxatida yo‘q.",
        "«{body}» давлат органлари рўйхатида йўқ.",
        "«{body}» нет в справочнике государственных органов.",
        "“{body}” is not in the directory of state bodies.",
    ),
    "appeals.residence_required": Text(
        "Murojaat yuborish uchun avval mahallangizni tasdiqlang.",
        "Мурожаат юбориш учун аввал маҳаллангизни тасдиқланг.",
        "Чтобы подать обращение, сначала подтвердите свою махаллю.",
        "Confirm your mahalla before sending an appeal.",
    ),
    "appeals.not_an_official": Text(
        "Murojaatlarni faqat inspektor va rahbarlar ko‘rib chiqadi.",
        "Мурожаатларни фақат инспектор ва раҳбарлар кўриб чиқади.",
        "Обращения рассматривают только инспекторы и руководители.",
        "Only inspectors and their heads handle appeals.",
    ),
    "appeals.notice.new_tip": Text(
        "Mahallangizdan yangi anonim xabar keldi.",
        "Маҳаллангиздан янги аноним хабар келди.",
        "Из вашей махалли поступило новое анонимное сообщение.",
        "A new anonymous tip arrived from your mahalla.",
    ),
    "appeals.notice.title": Text(
        "Murojaat {number}",
        "Мурожаат {number}",
        "Обращение {number}",
        "Appeal {number}",
    ),
    "appeals.notice.tip_title": Text(
        "Anonim xabar",
        "Аноним хабар",
        "Анонимное сообщение",
        "Anonymous tip",
    ),
    # --- notifications and labels ----------------------------------------------------------------------------
    "appeals.notice.registered": Text(
        "Murojaatingiz {number} raqami bilan {registered_on} kuni ro‘yxatga olindi. Ko‘rib chiqish muddati: {due_on}.",
        "Мурожаатингиз {number} рақами билан {registered_on} куни рўйхатга олинди. Кўриб чиқиш муддати: {due_on}.",
        "Ваше обращение зарегистрировано {registered_on} под номером {number}. Срок рассмотрения: {due_on}.",
        "Your appeal was registered on {registered_on} as {number}. Review deadline: {due_on}.",
    ),
    "appeals.notice.assigned": Text(
        "Sizga yangi murojaat keldi: {number}. Muddati: {due_on}.",
        "Сизга янги мурожаат келди: {number}. Муддати: {due_on}.",
        "Вам поступило новое обращение: {number}. Срок: {due_on}.",
        "A new appeal was assigned to you: {number}. Deadline: {due_on}.",
    ),
    "appeals.notice.info_requested": Text(
        "{number} murojaatingiz bo‘yicha qo‘shimcha ma’lumot so‘raldi.",
        "{number} мурожаатингиз бўйича қўшимча маълумот сўралди.",
        "По вашему обращению {number} запрошены дополнительные сведения.",
        "More information was requested on your appeal {number}.",
    ),
    "appeals.notice.deadline_extended": Text(
        "{number} murojaatingizni ko‘rib chiqish muddati {due_on} gacha uzaytirildi.",
        "{number} мурожаатингизни кўриб чиқиш муддати {due_on} гача узайтирилди.",
        "Срок рассмотрения вашего обращения {number} продлён до {due_on}.",
        "The review of your appeal {number} was extended until {due_on}.",
    ),
    "appeals.notice.answered": Text(
        "{number} murojaatingizga javob berildi. Javobni baholang.",
        "{number} мурожаатингизга жавоб берилди. Жавобни баҳоланг.",
        "На ваше обращение {number} дан ответ. Оцените его.",
        "Your appeal {number} has been answered. Please rate the answer.",
    ),
    "appeals.notice.escalation_offered": Text(
        "Javobdan qoniqmadingizmi? Murojaatni yuqori mansabdor shaxsga yuborishingiz mumkin.",
        "Жавобдан қониқмадингизми? Мурожаатни юқори мансабдор шахсга юборишингиз мумкин.",
        "Не удовлетворены ответом? Вы можете направить обращение вышестоящему должностному лицу.",
        "Not satisfied with the answer? You may take the appeal to a higher official.",
    ),
    "appeals.notice.escalated": Text(
        "{number} murojaat sizga yuqori turuvchi mansabdor shaxs sifatida yuborildi. Muddati: {due_on}.",
        "{number} мурожаат сизга юқори турувчи мансабдор шахс сифатида юборилди. Муддати: {due_on}.",
        "Обращение {number} передано вам как вышестоящему должностному лицу. Срок: {due_on}.",
        "Appeal {number} was taken to you as the higher official. Deadline: {due_on}.",
    ),
    "appeals.notice.forwarded": Text(
        "{number} murojaatingiz vakolatli organga yuborildi: {body}.",
        "{number} мурожаатингиз ваколатли органга юборилди: {body}.",
        "Ваше обращение {number} направлено в компетентный орган: {body}.",
        "Your appeal {number} was forwarded to the competent body: {body}.",
    ),
    "appeals.notice.closed_without_answer": Text(
        "{number} murojaatingiz holati: {state}. Sababi: {reason}.",
        "{number} мурожаатингиз ҳолати: {state}. Сабаби: {reason}.",
        "Статус вашего обращения {number}: {state}. Причина: {reason}.",
        "Your appeal {number} is now: {state}. Reason: {reason}.",
    ),
    "appeals.notice.duplicate_merged": Text(
        "Yangi murojaatingiz ochiq {number} murojaatingizga qo‘shildi.",
        "Янги мурожаатингиз очиқ {number} мурожаатингизга қўшилди.",
        "Ваше новое обращение присоединено к открытому обращению {number}.",
        "Your new appeal was added to your open appeal {number}.",
    ),
    "appeals.notice.message": Text(
        "{number} murojaat bo‘yicha yangi xabar.",
        "{number} мурожаат бўйича янги хабар.",
        "Новое сообщение по обращению {number}.",
        "New message on appeal {number}.",
    ),
    "appeals.notice.reminder": Text(
        "{number} murojaatni ko‘rib chiqish muddatiga {days_left} kun qoldi ({due_on}).",
        "{number} мурожаатни кўриб чиқиш муддатига {days_left} кун қолди ({due_on}).",
        "До окончания срока рассмотрения обращения {number} осталось дней: {days_left} ({due_on}).",
        "{days_left} day(s) left to answer appeal {number} (deadline {due_on}).",
    ),
    "appeals.notice.breached": Text(
        "{number} murojaatni ko‘rib chiqish muddati ({due_on}) buzildi; nazorat yuqori rahbarga o‘tdi.",
        "{number} мурожаатни кўриб чиқиш муддати ({due_on}) бузилди; назорат юқори раҳбарга ўтди.",
        "Срок рассмотрения обращения {number} ({due_on}) нарушен; контроль передан вышестоящему руководителю.",
        "The deadline of appeal {number} ({due_on}) was breached; oversight passed to the supervisor.",
    ),
    "appeals.notice.tip_received": Text(
        "Xabaringiz qabul qilindi. Anonim xabarlar murojaat sifatida ko‘rib chiqilmaydi, "
        "lekin inspektor uni o‘rganadi.",
        "Хабарингиз қабул қилинди. Аноним хабарлар мурожаат сифатида кўриб чиқилмайди, лекин инспектор уни ўрганади.",
        "Ваше сообщение принято. Анонимные сообщения не рассматриваются как обращения, но инспектор с ним ознакомится.",
        "Your message was received. Anonymous messages are not considered as appeals, "
        "but the inspector will look into it.",
    ),
    "appeals.open311.agency": Text(
        "Mahalla profilaktika inspektori",
        "Маҳалла профилактика инспектори",
        "Участковый инспектор профилактики махалли",
        "Mahalla prevention inspector",
    ),
    "appeals.open311.attribute.kind": Text(
        "Murojaat turi",
        "Мурожаат тури",
        "Вид обращения",
        "Kind of appeal",
    ),
    "appeals.open311.attribute.do_not_disclose": Text(
        "Shaxsiy ma’lumotlarim oshkor qilinmasin",
        "Шахсий маълумотларим ошкор қилинмасин",
        "Не раскрывать мои персональные данные",
        "Do not disclose my personal data",
    ),
    "appeals.open311.yes": Text("Ha", "Ҳа", "Да", "Yes"),
    "appeals.open311.no": Text("Yo‘q", "Йўқ", "Нет", "No"),
}
