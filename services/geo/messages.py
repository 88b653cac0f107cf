"""Texts of the geo service: its errors, bulk-import rejection reasons and incident category labels."""

from shared.i18n import Text

MESSAGES: dict[str, Text] = {
    "geo.error": Text(
        "Hudud xizmatida xatolik.", "Ҳудуд хизматида хатолик.",
        "Ошибка территориальной службы.", "A territory service error occurred.",
    ),
    # --- territory codes and units
    "geo.malformed_code": Text(
        "«{unit_code}» hudud kodi emas: 4, 7, 9 yoki 12 ta raqam bo‘lishi kerak.",
        "«{unit_code}» ҳудуд коди эмас: 4, 7, 9 ёки 12 та рақам бўлиши керак.",
        "«{unit_code}» не является кодом территории: нужно 4, 7, 9 или 12 цифр.",
        "“{unit_code}” is not a territory code: it must have 4, 7, 9 or 12 digits.",
    ),
    "geo.unknown_code": Text(
        "{unit_code} kodli hudud topilmadi.", "{unit_code} кодли ҳудуд топилмади.",
        "Территория с кодом {unit_code} не найдена.", "No territory with code {unit_code}.",
    ),
    "geo.parent_mismatch": Text(
        "{unit_code} kodi {parent_code} yuqori hududga tegishli emas.",
        "{unit_code} коди {parent_code} юқори ҳудудга тегишли эмас.",
        "Код {unit_code} не относится к вышестоящей территории {parent_code}.",
        "Code {unit_code} does not belong to the parent unit {parent_code}.",
    ),
    "geo.wrong_level": Text(
        "{unit_code} kodi kutilgan darajada emas (kerak: {expected}).",
        "{unit_code} коди кутилган даражада эмас (керак: {expected}).",
        "Код {unit_code} другого уровня (ожидался: {expected}).",
        "Code {unit_code} is of another level (expected: {expected}).",
    ),
    "geo.invalid_unit_data": Text(
        "«{field}» maydoni noto‘g‘ri: {reason}.", "«{field}» майдони нотўғри: {reason}.",
        "Поле «{field}» некорректно: {reason}.", "Field “{field}” is invalid: {reason}.",
    ),
    # --- points and polygons
    "geo.coordinates_out_of_range": Text(
        "Koordinatalar noto‘g‘ri: kenglik −90…90, uzunlik −180…180 bo‘lishi kerak ({lat}, {lon}).",
        "Координаталар нотўғри: кенглик −90…90, узунлик −180…180 бўлиши керак ({lat}, {lon}).",
        "Некорректные координаты: широта −90…90, долгота −180…180 ({lat}, {lon}).",
        "Coordinates out of range: latitude −90…90, longitude −180…180 ({lat}, {lon}).",
    ),
    "geo.outside_service_area": Text(
        "Bu nuqta xizmat hududidan tashqarida: u hech bir mahallaga kirmaydi.",
        "Бу нуқта хизмат ҳудудидан ташқарида: у ҳеч бир маҳаллага кирмайди.",
        "Точка вне зоны обслуживания: она не входит ни в одну махаллю.",
        "This point is outside the service area: it lies in no mahalla.",
    ),
    "geo.polygon.invalid": Text(
        "Ko‘pburchak noto‘g‘ri.", "Кўпбурчак нотўғри.", "Некорректный полигон.", "The polygon is invalid.",
    ),
    "geo.polygon.malformed": Text(
        "Ko‘pburchak koordinatalari noto‘g‘ri tuzilgan: {detail}.",
        "Кўпбурчак координаталари нотўғри тузилган: {detail}.",
        "Координаты полигона имеют неверную структуру: {detail}.",
        "The polygon's coordinates are malformed: {detail}.",
    ),
    "geo.polygon.too_few_points": Text(
        "{ring}-halqada {points} ta nuqta bor, kamida 4 ta kerak.",
        "{ring}-ҳалқада {points} та нуқта бор, камида 4 та керак.",
        "В кольце {ring} точек: {points}, нужно не меньше 4.",
        "Ring {ring} has {points} points; at least 4 are needed.",
    ),
    "geo.polygon.not_closed": Text(
        "{ring}-halqa yopilmagan: birinchi va oxirgi nuqta bir xil bo‘lishi kerak.",
        "{ring}-ҳалқа ёпилмаган: биринчи ва охирги нуқта бир хил бўлиши керак.",
        "Кольцо {ring} не замкнуто: первая и последняя точки должны совпадать.",
        "Ring {ring} is not closed: its first and last points must be equal.",
    ),
    "geo.polygon.out_of_range": Text(
        "{ring}-halqaning {position}-nuqtasi diapazondan tashqarida ({lon}, {lat}).",
        "{ring}-ҳалқанинг {position}-нуқтаси диапазондан ташқарида ({lon}, {lat}).",
        "Точка {position} кольца {ring} вне допустимого диапазона ({lon}, {lat}).",
        "Point {position} of ring {ring} is out of range ({lon}, {lat}).",
    ),
    "geo.polygon.swapped_coordinates": Text(
        "Kenglik va uzunlik almashib qolganga o‘xshaydi: GeoJSON tartibi [uzunlik, kenglik] ({lon}, {lat}).",
        "Кенглик ва узунлик алмашиб қолганга ўхшайди: GeoJSON тартиби [узунлик, кенглик] ({lon}, {lat}).",
        "Похоже, широта и долгота перепутаны: в GeoJSON порядок [долгота, широта] ({lon}, {lat}).",
        "Latitude and longitude look swapped: GeoJSON order is [longitude, latitude] ({lon}, {lat}).",
    ),
    "geo.polygon.outside_country": Text(
        "Ko‘pburchak O‘zbekiston hududidan tashqariga chiqadi ({lon}, {lat}).",
        "Кўпбурчак Ўзбекистон ҳудудидан ташқарига чиқади ({lon}, {lat}).",
        "Полигон выходит за пределы Узбекистана ({lon}, {lat}).",
        "The polygon reaches outside Uzbekistan ({lon}, {lat}).",
    ),
    "geo.polygon.self_intersecting": Text(
        "Ko‘pburchak o‘zini o‘zi kesib o‘tadi: {reason}.", "Кўпбурчак ўзини ўзи кесиб ўтади: {reason}.",
        "Полигон самопересекается: {reason}.", "The polygon intersects itself: {reason}.",
    ),
    "geo.polygon.invalid_topology": Text(
        "Ko‘pburchak topologiyasi noto‘g‘ri: {reason}.", "Кўпбурчак топологияси нотўғри: {reason}.",
        "Некорректная топология полигона: {reason}.", "The polygon's topology is invalid: {reason}.",
    ),
    # --- crime map queries
    "geo.period_reversed": Text(
        "Davr boshlanishi ({start}) tugashidan ({end}) oldin bo‘lishi kerak.",
        "Давр бошланиши ({start}) тугашидан ({end}) олдин бўлиши керак.",
        "Начало периода ({start}) должно быть раньше конца ({end}).",
        "The period's start ({start}) must come before its end ({end}).",
    ),
    "geo.period_too_long": Text(
        "Davr {months} oydan oshmasligi kerak ({start} — {end}).",
        "Давр {months} ойдан ошмаслиги керак ({start} — {end}).",
        "Период не может превышать {months} месяцев ({start} — {end}).",
        "The period may not exceed {months} months ({start} — {end}).",
    ),
    "geo.naive_timestamp": Text(
        "«{field}» vaqtida vaqt mintaqasi ko‘rsatilmagan.", "«{field}» вақтида вақт минтақаси кўрсатилмаган.",
        "Во времени «{field}» не указан часовой пояс.", "The time “{field}” has no time zone.",
    ),
    "geo.unknown_category": Text(
        "«{category}» hodisa turi mavjud emas.", "«{category}» ҳодиса тури мавжуд эмас.",
        "Категории происшествий «{category}» нет.", "There is no incident category “{category}”.",
    ),
    "geo.invalid_bbox": Text(
        "Chegaraviy to‘rtburchak noto‘g‘ri ({reason}): [min_uzunlik, min_kenglik, max_uzunlik, max_kenglik] "
        "ko‘rinishida, eng ko‘pi 3° bo‘lishi kerak ({bbox}).",
        "Чегаравий тўртбурчак нотўғри ({reason}): [мин_узунлик, мин_кенглик, макс_узунлик, макс_кенглик] "
        "кўринишида, энг кўпи 3° бўлиши керак ({bbox}).",
        "Некорректная рамка ({reason}): нужно [мин_долгота, мин_широта, макс_долгота, макс_широта], "
        "не больше 3° по каждой оси ({bbox}).",
        "Invalid bounding box ({reason}): expected [min_lon, min_lat, max_lon, max_lat], "
        "at most 3° on each axis ({bbox}).",
    ),
    "geo.radius_out_of_range": Text(
        "Radius {min_m} m dan {max_m} m gacha bo‘lishi kerak ({radius_m}).",
        "Радиус {min_m} м дан {max_m} м гача бўлиши керак ({radius_m}).",
        "Радиус должен быть от {min_m} до {max_m} м ({radius_m}).",
        "The radius must be between {min_m} and {max_m} m ({radius_m}).",
    ),
    "geo.ambiguous_area": Text(
        "Bitta hududni ko‘rsating: hudud kodi, to‘rtburchak yoki radiusli doira (berilgan: {given}).",
        "Битта ҳудудни кўрсатинг: ҳудуд коди, тўртбурчак ёки радиусли доира (берилган: {given}).",
        "Укажите одну область: код территории, рамку или круг с радиусом (указано: {given}).",
        "Name exactly one area: a territory code, a bounding box or a circle (given: {given}).",
    ),
    "geo.resolution_not_allowed": Text(
        "H3 o‘lchami {coarsest} dan {finest} gacha bo‘lishi kerak ({resolution}).",
        "H3 ўлчами {coarsest} дан {finest} гача бўлиши керак ({resolution}).",
        "Разрешение H3 должно быть от {coarsest} до {finest} ({resolution}).",
        "The H3 resolution must be between {coarsest} and {finest} ({resolution}).",
    ),
    "geo.invalid_incident": Text(
        "Hodisa ma’lumoti noto‘g‘ri: «{field}» — {reason}.", "Ҳодиса маълумоти нотўғри: «{field}» — {reason}.",
        "Некорректное происшествие: «{field}» — {reason}.", "Invalid incident: “{field}” — {reason}.",
    ),
    # --- bulk import
    "geo.import.not_a_feature_collection": Text(
        "Import GeoJSON FeatureCollection bo‘lishi kerak: {detail}.",
        "Импорт GeoJSON FeatureCollection бўлиши керак: {detail}.",
        "Импорт должен быть GeoJSON FeatureCollection: {detail}.",
        "An import must be a GeoJSON FeatureCollection: {detail}.",
    ),
    "geo.import.malformed_feature": Text(
        "Obyekt GeoJSON Feature emas: {detail}.", "Объект GeoJSON Feature эмас: {detail}.",
        "Объект не является GeoJSON Feature: {detail}.", "The item is not a GeoJSON Feature: {detail}.",
    ),
    "geo.import.malformed_code": Text(
        "«{code}» hudud kodi noto‘g‘ri.", "«{code}» ҳудуд коди нотўғри.",
        "Некорректный код территории «{code}».", "Invalid territory code “{code}”.",
    ),
    "geo.import.duplicate_code": Text(
        "{code} kodi faylda bir necha marta uchraydi.", "{code} коди файлда бир неча марта учрайди.",
        "Код {code} встречается в файле несколько раз.", "Code {code} appears more than once in the file.",
    ),
    "geo.import.missing_names": Text(
        "Nomlar yetishmaydi: {missing}.", "Номлар етишмайди: {missing}.",
        "Не хватает названий: {missing}.", "Names are missing: {missing}.",
    ),
    "geo.import.invalid_polygon": Text(
        "Ko‘pburchak noto‘g‘ri ({problem}).", "Кўпбурчак нотўғри ({problem}).",
        "Некорректный полигон ({problem}).", "Invalid polygon ({problem}).",
    ),
    "geo.import.parent_mismatch": Text(
        "Ko‘rsatilgan yuqori hudud {parent_code} koddan kelib chiqmaydi.",
        "Кўрсатилган юқори ҳудуд {parent_code} коддан келиб чиқмайди.",
        "Указанная вышестоящая территория {parent_code} не соответствует коду.",
        "The declared parent {parent_code} does not match the code.",
    ),
    "geo.import.unknown_parent": Text(
        "Yuqori hudud {parent_code} na reestrda, na faylda bor.",
        "Юқори ҳудуд {parent_code} на реестрда, на файлда бор.",
        "Вышестоящей территории {parent_code} нет ни в реестре, ни в файле.",
        "The parent unit {parent_code} is neither registered nor in the file.",
    ),
    "geo.import.overlapping_mahalla": Text(
        "Mahalla {other} mahallasi bilan ustma-ust tushadi.", "Маҳалла {other} маҳалласи билан устма-уст тушади.",
        "Махалля перекрывается с махаллей {other}.", "The mahalla overlaps mahalla {other}.",
    ),
    # --- incident categories (labels)
    "geo.category.road_accident": Text("Yo‘l-transport hodisalari", "Йўл-транспорт ҳодисалари",
                                       "Дорожно-транспортные происшествия", "Road traffic accidents"),
    "geo.category.administrative_offence": Text("Ma’muriy huquqbuzarliklar", "Маъмурий ҳуқуқбузарликлар",
                                                "Административные правонарушения", "Administrative offences"),
    "geo.category.crime": Text("Jinoyatlar", "Жиноятлар", "Преступления", "Crimes"),
    "geo.category.road_accident.collision": Text("To‘qnashuv", "Тўқнашув", "Столкновение", "Collision"),
    "geo.category.road_accident.pedestrian": Text("Piyodani urib yuborish", "Пиёдани уриб юбориш",
                                                  "Наезд на пешехода", "Pedestrian hit"),
    "geo.category.road_accident.rollover": Text("Ag‘darilish", "Ағдарилиш", "Опрокидывание", "Rollover"),
    "geo.category.road_accident.other": Text("Boshqa YTH", "Бошқа ЙТҲ", "Прочие ДТП", "Other accidents"),
    "geo.category.administrative_offence.petty_hooliganism": Text("Mayda bezorilik", "Майда безорилик",
                                                                  "Мелкое хулиганство", "Petty hooliganism"),
    "geo.category.administrative_offence.public_drinking": Text(
        "Jamoat joyida spirtli ichimlik iste’mol qilish", "Жамоат жойида спиртли ичимлик истеъмол қилиш",
        "Распитие спиртного в общественном месте", "Drinking in public"),
    "geo.category.administrative_offence.public_order": Text(
        "Jamoat tartibini buzish", "Жамоат тартибини бузиш", "Нарушение общественного порядка",
        "Breach of public order"),
    "geo.category.administrative_offence.domestic_violence": Text(
        "Oilaviy zo‘ravonlik", "Оилавий зўравонлик", "Семейное насилие", "Domestic violence"),
    "geo.category.administrative_offence.trade_rules": Text(
        "Savdo qoidalarini buzish", "Савдо қоидаларини бузиш", "Нарушение правил торговли",
        "Breach of trading rules"),
    "geo.category.administrative_offence.traffic": Text(
        "Yo‘l harakati qoidalarini buzish", "Йўл ҳаракати қоидаларини бузиш", "Нарушение ПДД",
        "Traffic violations"),
    "geo.category.crime.theft": Text("O‘g‘rilik", "Ўғрилик", "Кража", "Theft"),
    "geo.category.crime.burglary": Text("Xonadonga kirib o‘g‘rilik", "Хонадонга кириб ўғрилик",
                                        "Квартирная кража", "Burglary"),
    "geo.category.crime.robbery": Text("Talonchilik va bosqinchilik", "Талончилик ва босқинчилик",
                                       "Грабёж и разбой", "Robbery"),
    "geo.category.crime.fraud": Text("Firibgarlik", "Фирибгарлик", "Мошенничество", "Fraud"),
    "geo.category.crime.bodily_harm": Text("Tan jarohati yetkazish", "Тан жароҳати етказиш",
                                           "Причинение телесных повреждений", "Bodily harm"),
    "geo.category.crime.hooliganism": Text("Bezorilik", "Безорилик", "Хулиганство", "Hooliganism"),
    "geo.category.crime.drugs": Text("Giyohvandlik vositalari bilan bog‘liq jinoyatlar",
                                     "Гиёҳвандлик воситалари билан боғлиқ жиноятлар",
                                     "Преступления, связанные с наркотиками", "Drug offences"),
    "geo.category.crime.vehicle_theft": Text("Transport vositasini olib qochish", "Транспорт воситасини олиб қочиш",
                                             "Угон транспортного средства", "Vehicle theft"),
    "geo.category.crime.cyber": Text("Kiberjinoyatlar", "Кибержиноятлар", "Киберпреступления", "Cybercrime"),
    "geo.category.crime.murder": Text("Qasddan odam o‘ldirish", "Қасддан одам ўлдириш", "Убийство", "Murder"),
    # --- the running service: citizens, addresses, administration
    "geo.coordinates_swapped": Text(
        "Kenglik va uzunlik almashib qolganga o‘xshaydi ({lat}, {lon}): avval kenglik (lat), keyin uzunlik (lon).",
        "Кенглик ва узунлик алмашиб қолганга ўхшайди ({lat}, {lon}): аввал кенглик (lat), кейин узунлик (lon).",
        "Похоже, широта и долгота перепутаны ({lat}, {lon}): сначала широта (lat), затем долгота (lon).",
        "Latitude and longitude look swapped ({lat}, {lon}): latitude (lat) first, then longitude (lon).",
    ),
    "geo.residence_not_bound": Text(
        "Avval yashash manzilingizni mahallaga bog‘lang: profilda manzilingizni kiriting.",
        "Аввал яшаш манзилингизни маҳаллага боғланг: профилда манзилингизни киритинг.",
        "Сначала привяжите место жительства к махалле: укажите адрес в профиле.",
        "Bind your residence to a mahalla first: enter your address in your profile.",
    ),
    "geo.address_not_found": Text(
        "«{query}» manzili kadastrda topilmadi.", "«{query}» манзили кадастрда топилмади.",
        "Адрес «{query}» не найден в кадастре.", "The address “{query}” was not found in the cadastre.",
    ),
    "geo.unit_exists": Text(
        "{unit_code} kodli hudud allaqachon mavjud.", "{unit_code} кодли ҳудуд аллақачон мавжуд.",
        "Территория с кодом {unit_code} уже существует.", "A unit with code {unit_code} already exists.",
    ),
    "geo.unknown_parent": Text(
        "Yuqori hudud {parent_code} reestrda yo‘q yoki faol emas.",
        "Юқори ҳудуд {parent_code} реестрда йўқ ёки фаол эмас.",
        "Вышестоящей территории {parent_code} нет в реестре или она упразднена.",
        "The parent unit {parent_code} is not registered or is retired.",
    ),
    "geo.unit_retired": Text(
        "{unit_code} hududi tugatilgan.", "{unit_code} ҳудуди тугатилган.",
        "Территория {unit_code} упразднена.", "Unit {unit_code} is retired.",
    ),
    "geo.unit_has_active_children": Text(
        "{unit_code} hududini tugatib bo‘lmaydi: unda {children} ta faol quyi hudud bor.",
        "{unit_code} ҳудудини тугатиб бўлмайди: унда {children} та фаол қуйи ҳудуд бор.",
        "Нельзя упразднить территорию {unit_code}: в ней {children} действующих подчинённых единиц.",
        "Unit {unit_code} cannot be retired: it still has {children} active units.",
    ),
    "geo.overlapping_mahalla": Text(
        "{unit_code} mahallasi {other} mahallasi bilan ustma-ust tushadi.",
        "{unit_code} маҳалласи {other} маҳалласи билан устма-уст тушади.",
        "Махалля {unit_code} перекрывается с махаллей {other}.", "Mahalla {unit_code} overlaps mahalla {other}.",
    ),
    "geo.unknown_official": Text(
        "{official_id} identifikatorli xodim topilmadi.", "{official_id} идентификаторли ходим топилмади.",
        "Должностное лицо {official_id} не найдено.", "No official with id {official_id}.",
    ),
    "geo.unknown_post": Text(
        "{post_id} huquq-tartibot maskani topilmadi.", "{post_id} ҳуқуқ-тартибот маскани топилмади.",
        "Опорный пункт {post_id} не найден.", "No law-enforcement post {post_id}.",
    ),
    "geo.post_outside_mahalla": Text(
        "Maskan o‘z mahallasi ({mahalla_code}) hududida bo‘lishi kerak.",
        "Маскан ўз маҳалласи ({mahalla_code}) ҳудудида бўлиши керак.",
        "Опорный пункт должен находиться в своей махалле ({mahalla_code}).",
        "The post must lie inside its own mahalla ({mahalla_code}).",
    ),
    "geo.invalid_date": Text(
        "«{field}» sanasi noto‘g‘ri ({value}): YYYY-MM yoki YYYY-MM-DD ko‘rinishida bo‘lishi kerak.",
        "«{field}» санаси нотўғри ({value}): YYYY-MM ёки YYYY-MM-DD кўринишида бўлиши керак.",
        "Некорректная дата «{field}» ({value}): нужен формат YYYY-MM или YYYY-MM-DD.",
        "Invalid date “{field}” ({value}): expected YYYY-MM or YYYY-MM-DD.",
    ),
    "geo.sandbox_only": Text(
        "Bu manzil faqat sinov muhitida mavjud.", "Бу манзил фақат синов муҳитида мавжуд.",
        "Этот адрес доступен только в тестовой среде.", "This route exists only in the sandbox.",
    ),
    "geo.how_to_reach": Text(
        "Profilaktika inspektori {name} huquq-tartibot maskanida qabul qiladi: {address}. Telefon: {phone}.",
        "Профилактика инспектори {name} ҳуқуқ-тартибот масканида қабул қилади: {address}. Телефон: {phone}.",
        "Инспектор профилактики {name} принимает в опорном пункте: {address}. Телефон: {phone}.",
        "Prevention inspector {name} receives citizens at the law-enforcement post: {address}. Phone: {phone}.",
    ),
    "geo.distance_from_home": Text(
        "Uyingizdan {km} km.", "Уйингиздан {km} км.", "{km} км от вашего дома.", "{km} km from your home.",
    ),
    "geo.weekday.0": Text("Dushanba", "Душанба", "Понедельник", "Monday"),
    "geo.weekday.1": Text("Seshanba", "Сешанба", "Вторник", "Tuesday"),
    "geo.weekday.2": Text("Chorshanba", "Чоршанба", "Среда", "Wednesday"),
    "geo.weekday.3": Text("Payshanba", "Пайшанба", "Четверг", "Thursday"),
    "geo.weekday.4": Text("Juma", "Жума", "Пятница", "Friday"),
    "geo.weekday.5": Text("Shanba", "Шанба", "Суббота", "Saturday"),
    "geo.weekday.6": Text("Yakshanba", "Якшанба", "Воскресенье", "Sunday"),
}  # fmt: skip
