"""The directory of state bodies (the "Appeal to state bodies" menu): where an appeal outside the police's
competence is forwarded (Art. 25), and where a citizen may appeal on his own, in the proper order.

`code` is stable (stored in forwarded appeals and events); `site` is the body's official site, where its
virtual reception is reached. The seed writes this list to the database; operators may add bodies there.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.i18n import Language, Text


@dataclass(frozen=True)
class StateBody:
    code: str
    name: Text
    site: str
    topics: Text  # what to bring to this body

    def public(self, language: Language) -> dict[str, str]:
        return {
            "code": self.code,
            "name": self.name.in_language(language),
            "site": self.site,
            "topics": self.topics.in_language(language),
        }


def _body(code: str, site: str, names: tuple[str, str, str, str], topics: tuple[str, str, str, str]) -> StateBody:
    return StateBody(code=code, name=Text(*names), site=site, topics=Text(*topics))


STATE_BODIES: tuple[StateBody, ...] = (
    _body("president_reception", "https://pm.gov.uz",
          ("O‘zbekiston Respublikasi Prezidentining Virtual qabulxonasi",
           "Ўзбекистон Республикаси Президентининг Виртуал қабулхонаси",
           "Виртуальная приёмная Президента Республики Узбекистан",
           "Virtual Reception of the President of the Republic of Uzbekistan"),
          ("Hal etilmagan murojaatlar", "Ҳал этилмаган мурожаатлар", "Нерешённые обращения", "Unresolved appeals")),
    _body("interior", "https://iiv.uz",
          ("Ichki ishlar vazirligi", "Ички ишлар вазирлиги", "Министерство внутренних дел",
           "Ministry of Internal Affairs"),
          ("Huquqbuzarliklar, jamoat tartibi", "Ҳуқуқбузарликлар, жамоат тартиби",
           "Правонарушения, общественный порядок", "Offences, public order")),
    _body("prosecutor_general", "https://prokuratura.uz",
          ("O‘zbekiston Respublikasi Bosh prokuraturasi", "Ўзбекистон Республикаси Бош прокуратураси",
           "Генеральная прокуратура Республики Узбекистан", "Prosecutor General's Office of Uzbekistan"),
          ("Qonun buzilishi, mansabdor shaxslar ustidan shikoyatlar",
           "Қонун бузилиши, мансабдор шахслар устидан шикоятлар",
           "Нарушения закона, жалобы на должностных лиц", "Breaches of law, complaints about officials")),
    _body("justice", "https://adliya.uz",
          ("Adliya vazirligi", "Адлия вазирлиги", "Министерство юстиции", "Ministry of Justice"),
          ("Huquqiy yordam, notarius, FHDYo", "Ҳуқуқий ёрдам, нотариус, ФҲДЁ",
           "Правовая помощь, нотариат, ЗАГС", "Legal aid, notaries, civil registry")),
    _body("mahalla_family", "https://mahalla.uz",
          ("Mahalla va oilani qo‘llab-quvvatlash vazirligi", "Маҳалла ва оилани қўллаб-қувватлаш вазирлиги",
           "Министерство поддержки махалли и семьи", "Ministry of Mahalla and Family Support"),
          ("Oila, ijtimoiy yordam, mahalla faoliyati", "Оила, ижтимоий ёрдам, маҳалла фаолияти",
           "Семья, социальная помощь, работа махалли", "Family, social support, mahalla matters")),
    _body("health", "https://ssv.uz",
          ("Sog‘liqni saqlash vazirligi", "Соғлиқни сақлаш вазирлиги", "Министерство здравоохранения",
           "Ministry of Health"),
          ("Tibbiy yordam", "Тиббий ёрдам", "Медицинская помощь", "Medical care")),
    _body("school_education", "https://uzedu.uz",
          ("Maktabgacha va maktab ta’limi vazirligi", "Мактабгача ва мактаб таълими вазирлиги",
           "Министерство дошкольного и школьного образования", "Ministry of Preschool and School Education"),
          ("Maktab va bog‘chalar", "Мактаб ва боғчалар", "Школы и детские сады", "Schools and kindergartens")),
    _body("emergencies", "https://fvv.uz",
          ("Favqulodda vaziyatlar vazirligi", "Фавқулодда вазиятлар вазирлиги",
           "Министерство по чрезвычайным ситуациям", "Ministry of Emergency Situations"),
          ("Yong‘in xavfsizligi, favqulodda vaziyatlar", "Ёнғин хавфсизлиги, фавқулодда вазиятлар",
           "Пожарная безопасность, чрезвычайные ситуации", "Fire safety, emergencies")),
    _body("employment", "https://mehnat.uz",
          ("Kambag‘allikni qisqartirish va bandlik vazirligi", "Камбағалликни қисқартириш ва бандлик вазирлиги",
           "Министерство занятости и сокращения бедности", "Ministry of Employment and Poverty Reduction"),
          ("Ish, ish haqi, mehnat nizolari", "Иш, иш ҳақи, меҳнат низолари", "Работа, зарплата, трудовые споры",
           "Jobs, wages, labour disputes")),
    _body("energy", "https://minenergy.uz",
          ("Energetika vazirligi", "Энергетика вазирлиги", "Министерство энергетики", "Ministry of Energy"),
          ("Elektr va gaz ta’minoti", "Электр ва газ таъминоти", "Электро- и газоснабжение",
           "Electricity and gas supply")),
    _body("tax", "https://soliq.uz",
          ("Soliq qo‘mitasi", "Солиқ қўмитаси", "Налоговый комитет", "Tax Committee"),
          ("Soliqlar", "Солиқлар", "Налоги", "Taxes")),
    _body("cadastre", "https://kadastr.uz",
          ("Kadastr agentligi", "Кадастр агентлиги", "Агентство по кадастру", "Cadastre Agency"),
          ("Ko‘chmas mulk, yer uchastkalari", "Кўчмас мулк, ер участкалари", "Недвижимость, земельные участки",
           "Real estate, land plots")),
    _body("anticorruption", "https://anticorruption.uz",
          ("Korrupsiyaga qarshi kurashish agentligi", "Коррупцияга қарши курашиш агентлиги",
           "Агентство по противодействию коррупции", "Anti-Corruption Agency"),
          ("Korrupsiya holatlari", "Коррупция ҳолатлари", "Случаи коррупции", "Cases of corruption")),
    _body("ombudsman", "https://ombudsman.uz",
          ("Oliy Majlisning Inson huquqlari bo‘yicha vakili (Ombudsman)",
           "Олий Мажлиснинг Инсон ҳуқуқлари бўйича вакили (Омбудсман)",
           "Уполномоченный Олий Мажлиса по правам человека (Омбудсман)",
           "Commissioner of the Oliy Majlis for Human Rights (Ombudsman)"),
          ("Inson huquqlari buzilishi", "Инсон ҳуқуқлари бузилиши", "Нарушения прав человека",
           "Human rights violations")),
    _body("tashkent_hokimiyat", "https://tashkent.uz",
          ("Toshkent shahar hokimligi", "Тошкент шаҳар ҳокимлиги", "Хокимият города Ташкента",
           "Tashkent City Administration"),
          ("Obodonlashtirish, kommunal xizmatlar", "Ободонлаштириш, коммунал хизматлар",
           "Благоустройство, коммунальные услуги", "Public works, utilities")),
)  # fmt: skip

STATE_BODIES_BY_CODE = {body.code: body for body in STATE_BODIES}
