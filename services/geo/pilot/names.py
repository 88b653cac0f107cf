"""Plausible Uzbek names for generated mahallas, streets and officials (Latin; Cyrillic is derived)."""

from __future__ import annotations

import random

from services.geo.domain.territory import Names
from services.geo.pilot.transliteration import to_cyrillic, to_russian

MAHALLA_NAMES = (
    "Navbahor", "Obod", "Doʻstlik", "Istiqlol", "Mustaqillik", "Tinchlik", "Guliston", "Bogʻishamol",
    "Yangiobod", "Nurafshon", "Bunyodkor", "Farovon", "Bahor", "Navroʻz", "Ittifoq", "Birlik", "Yoshlik",
    "Gulshan", "Sharq", "Oqtepa", "Qoratosh", "Chorsu", "Beshyogʻoch", "Koʻkcha", "Sebzor", "Ziyokor",
    "Mehnat", "Alpomish", "Amir Temur", "Alisher Navoiy", "Bobur", "Mashrab", "Chinor", "Tolzor",
    "Bogʻbon", "Qorasuv", "Oqsaroy", "Shodlik", "Mehrjon", "Oltinsoy", "Toshloq", "Yangi turmush",
    "Nurli yoʻl", "Sahovat", "Xalqobod", "Inoqlik", "Zarafshon", "Kamalak", "Qoʻrgʻoncha", "Darxon",
    "Fayzobod", "Gulobod", "Istiqbol", "Ulugʻbek", "Oydin", "Bogʻibaland", "Charxin", "Ipakyoʻli",
    "Tong yulduzi", "Sogʻdiyona", "Bogʻimaydon", "Ravshan", "Madaniyat", "Yulduz", "Uchqun", "Oltin vodiy",
    "Nurobod", "Qatortol", "Lutfiy", "Furqat", "Muqimiy", "Ogahiy", "Choshtepa", "Mingoʻrik", "Tepaqoʻrgʻon",
)  # fmt: skip

STREETS = (
    "Amir Temur", "Navoiy", "Mustaqillik", "Bunyodkor", "Shota Rustaveli", "Bobur", "Furqat", "Oybek",
    "Gʻafur Gʻulom", "Abdulla Qodiriy", "Choʻlpon", "Ipak yoʻli", "Beruniy", "Ibn Sino", "Mirzo Ulugʻbek",
    "Yangi hayot", "Bogʻishamol", "Sayram", "Xalqlar doʻstligi", "Zarqaynar", "Qatortol", "Lutfiy",
)  # fmt: skip

MALE_NAMES = (
    "Aziz", "Bahodir", "Dilshod", "Farhod", "Jamshid", "Otabek", "Sherzod", "Ulugʻbek", "Rustam", "Akmal",
    "Botir", "Doniyor", "Eldor", "Ibrohim", "Jasur", "Komil", "Laziz", "Mansur", "Nodir", "Odil", "Rashid",
    "Sardor", "Temur", "Umid", "Xurshid", "Shuhrat", "Zafar", "Ilhom", "Anvar", "Baxtiyor", "Erkin",
    "Gʻayrat", "Hamid", "Islom", "Javlon", "Qodir", "Sanjar", "Toʻlqin", "Yusuf", "Bekzod", "Abror",
)  # fmt: skip

FEMALE_NAMES = (
    "Dilnoza", "Gulnora", "Malika", "Nodira", "Shahnoza", "Zarina", "Mohira", "Feruza", "Nilufar", "Sevara",
    "Dildora", "Gulchehra", "Kamola", "Lola", "Madina", "Maftuna", "Nargiza", "Ozoda", "Saodat", "Umida",
    "Zulfiya", "Barno", "Hulkar", "Muazzam",
)  # fmt: skip

SURNAMES = (
    "Karimov", "Rahimov", "Yusupov", "Tursunov", "Saidov", "Aliyev", "Ismoilov", "Qodirov", "Rashidov",
    "Nazarov", "Mirzayev", "Abdullayev", "Xolmatov", "Ergashev", "Sobirov", "Joʻrayev", "Umarov", "Hasanov",
    "Usmonov", "Sultonov", "Mahmudov", "Toshpoʻlatov", "Qosimov", "Haydarov", "Normatov", "Boboyev",
    "Eshmatov", "Yoʻldoshev", "Zokirov", "Xudoyberdiyev", "Nurmatov", "Rajabov",
)  # fmt: skip


def mahalla_names(count: int, rng: random.Random) -> list[Names]:
    """`count` distinct names for one district; a name used twice gets a number, as real ones do."""
    pool = list(MAHALLA_NAMES)
    rng.shuffle(pool)
    names: list[Names] = []
    for index in range(count):
        stem = pool[index % len(pool)]
        round_ = index // len(pool)
        latin = stem if round_ == 0 else f"{stem}-{round_ + 1}"
        names.append(Names(f"{latin} MFY", f"{to_cyrillic(latin)} МФЙ", f"МСГ «{to_russian(latin)}»"))
    return names


def sector_names(number: int) -> Names:
    return Names(f"{number}-sektor", f"{number}-сектор", f"Сектор № {number}")


def person_name(rng: random.Random, *, female: bool) -> tuple[str, str]:
    """A full name in the official order (surname, given name, patronymic), Latin and Cyrillic."""
    surname = rng.choice(SURNAMES) + ("a" if female else "")
    given = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    father = rng.choice(MALE_NAMES)
    latin = f"{surname} {given} {father} {'qizi' if female else 'oʻgʻli'}"
    return latin, to_cyrillic(latin)


def street_address(rng: random.Random) -> Names:
    street = rng.choice(STREETS)
    house = rng.randint(1, 120)
    return Names(
        f"{street} koʻchasi, {house}-uy",
        f"{to_cyrillic(street)} кўчаси, {house}-уй",
        f"ул. {to_russian(street)}, д. {house}",
    )
