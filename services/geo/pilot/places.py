"""Where the generated territory sits: the 14 regions, and the real districts of the two pilot regions.

Region codes are the SOATO region codes. The district codes of Tashkent city and Samarkand region are
the SOATO codes as recalled from the State Statistics Committee's classifier (stat.uz); they have not
been checked against the current edition here — Yangihayot (formed in 2020) is the least certain — so
verify them before loading production data. Centres are approximate (a few km); region boxes are coarse
and cut along Voronoi lines between region centres, so every shape generated from them is synthetic.
Outside the pilot, districts are synthetic too: numbered, with plausible SOATO-style codes.
"""

from __future__ import annotations

import dataclasses

from services.geo.domain.territory import DistrictKind, Names


@dataclasses.dataclass(frozen=True)
class DistrictSpec:
    code: str
    names: Names
    lat: float
    lon: float
    mahallas: int
    kind: DistrictKind = DistrictKind.DISTRICT


@dataclasses.dataclass(frozen=True)
class RegionSpec:
    code: str
    names: Names
    lat: float  # the centre used to split the country between regions
    lon: float
    box: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat
    phone_area: str  # the landline area code after +998
    mahallas: int  # national scale; for the pilot regions, the sum of their districts
    district_count: int
    districts: tuple[DistrictSpec, ...] = ()  # real districts (pilot); otherwise generated


def _d(
    code: str, latn: str, cyrl: str, ru: str, lat: float, lon: float, mahallas: int, *, city: bool = False
) -> DistrictSpec:
    kind = DistrictKind.CITY if city else DistrictKind.DISTRICT
    return DistrictSpec(code, Names(latn, cyrl, ru), lat, lon, mahallas, kind)


TASHKENT_DISTRICTS = (
    _d("1726262", "Uchtepa tumani", "Учтепа тумани", "Учтепинский район", 41.290, 69.165, 66),
    _d("1726264", "Bektemir tumani", "Бектемир тумани", "Бектемирский район", 41.215, 69.335, 50),
    _d("1726266", "Yunusobod tumani", "Юнусобод тумани", "Юнусабадский район", 41.365, 69.290, 76),
    _d("1726269", "Mirzo Ulugʻbek tumani", "Мирзо Улуғбек тумани", "Мирзо-Улугбекский район", 41.330, 69.345, 74),
    _d("1726273", "Mirobod tumani", "Миробод тумани", "Мирабадский район", 41.290, 69.285, 52),
    _d("1726277", "Shayxontohur tumani", "Шайхонтоҳур тумани", "Шайхантахурский район", 41.320, 69.235, 72),
    _d("1726280", "Olmazor tumani", "Олмазор тумани", "Алмазарский район", 41.355, 69.215, 70),
    _d("1726283", "Sergeli tumani", "Сергели тумани", "Сергелийский район", 41.230, 69.225, 62),
    _d("1726287", "Yakkasaroy tumani", "Яккасарой тумани", "Яккасарайский район", 41.280, 69.250, 50),
    _d("1726290", "Yashnobod tumani", "Яшнобод тумани", "Яшнабадский район", 41.285, 69.340, 68),
    _d("1726292", "Yangihayot tumani", "Янгиҳаёт тумани", "Янгихаётский район", 41.205, 69.170, 56),
    _d("1726294", "Chilonzor tumani", "Чилонзор тумани", "Чиланзарский район", 41.270, 69.205, 80),
)

SAMARKAND_DISTRICTS = (
    _d("1718401", "Samarqand shahri", "Самарқанд шаҳри", "город Самарканд", 39.655, 66.960, 120, city=True),
    _d("1718406", "Kattaqoʻrgʻon shahri", "Каттақўрғон шаҳри", "город Каттакурган", 39.899, 66.256, 35, city=True),
    _d("1718203", "Oqdaryo tumani", "Оқдарё тумани", "Акдарьинский район", 39.860, 66.720, 50),
    _d("1718206", "Bulungʻur tumani", "Булунғур тумани", "Булунгурский район", 39.760, 67.270, 70),
    _d("1718209", "Jomboy tumani", "Жомбой тумани", "Джамбайский район", 39.700, 67.090, 60),
    _d("1718212", "Ishtixon tumani", "Иштихон тумани", "Иштыханский район", 39.970, 66.490, 75),
    _d("1718215", "Kattaqoʻrgʻon tumani", "Каттақўрғон тумани", "Каттакурганский район", 39.780, 66.200, 90),
    _d("1718216", "Qoʻshrabot tumani", "Қўшработ тумани", "Кошрабадский район", 40.260, 66.680, 45),
    _d("1718218", "Narpay tumani", "Нарпай тумани", "Нарпайский район", 39.930, 65.900, 60),
    _d("1718224", "Payariq tumani", "Пайариқ тумани", "Пайарыкский район", 40.000, 66.900, 85),
    _d("1718227", "Pastdargʻom tumani", "Пастдарғом тумани", "Пастдаргомский район", 39.717, 66.658, 100),
    _d("1718230", "Paxtachi tumani", "Пахтачи тумани", "Пахтачийский район", 40.130, 65.700, 45),
    _d("1718233", "Samarqand tumani", "Самарқанд тумани", "Самаркандский район", 39.590, 66.860, 65),
    _d("1718235", "Nurobod tumani", "Нуробод тумани", "Нурабадский район", 39.610, 66.280, 50),
    _d("1718236", "Urgut tumani", "Ургут тумани", "Ургутский район", 39.400, 67.250, 110),
    _d("1718238", "Toyloq tumani", "Тойлоқ тумани", "Тайлакский район", 39.570, 67.080, 55),
)


def _r(
    code: str, latn: str, cyrl: str, ru: str, centre: tuple[float, float], box: tuple[float, float, float, float],
    phone_area: str, mahallas: int, district_count: int, districts: tuple[DistrictSpec, ...] = (),
) -> RegionSpec:  # fmt: skip
    lat, lon = centre
    return RegionSpec(code, Names(latn, cyrl, ru), lat, lon, box, phone_area, mahallas, district_count, districts)


REGIONS: tuple[RegionSpec, ...] = (
    _r("1703", "Andijon viloyati", "Андижон вилояти", "Андижанская область",
       (40.78, 72.35), (71.9, 40.45, 73.1, 41.05), "74", 800, 16),
    _r("1706", "Buxoro viloyati", "Бухоро вилояти", "Бухарская область",
       (39.85, 64.20), (62.8, 39.2, 65.2, 40.6), "65", 560, 13),
    _r("1708", "Jizzax viloyati", "Жиззах вилояти", "Джизакская область",
       (40.35, 68.00), (67.2, 39.6, 68.6, 40.9), "72", 400, 13),
    _r("1710", "Qashqadaryo viloyati", "Қашқадарё вилояти", "Кашкадарьинская область",
       (38.85, 65.90), (64.9, 38.2, 67.2, 39.4), "75", 950, 16),
    _r("1712", "Navoiy viloyati", "Навоий вилояти", "Навоийская область",
       (41.00, 64.50), (63.8, 39.9, 66.0, 41.8), "79", 340, 11),
    _r("1714", "Namangan viloyati", "Наманган вилояти", "Наманганская область",
       (41.00, 71.55), (70.7, 40.75, 72.2, 41.45), "69", 850, 12),
    _r("1718", "Samarqand viloyati", "Самарқанд вилояти", "Самаркандская область",
       (39.85, 66.60), (65.5, 39.25, 67.6, 40.45), "66", sum(d.mahallas for d in SAMARKAND_DISTRICTS),
       len(SAMARKAND_DISTRICTS), SAMARKAND_DISTRICTS),
    _r("1722", "Surxondaryo viloyati", "Сурхондарё вилояти", "Сурхандарьинская область",
       (37.90, 67.50), (66.8, 37.2, 68.2, 38.7), "76", 800, 15),
    _r("1724", "Sirdaryo viloyati", "Сирдарё вилояти", "Сырдарьинская область",
       (40.40, 68.70), (68.2, 40.0, 69.1, 40.9), "67", 280, 11),
    _r("1726", "Toshkent shahri", "Тошкент шаҳри", "город Ташкент",
       (41.30, 69.26), (69.11, 41.17, 69.42, 41.41), "71", sum(d.mahallas for d in TASHKENT_DISTRICTS),
       len(TASHKENT_DISTRICTS), TASHKENT_DISTRICTS),
    _r("1727", "Toshkent viloyati", "Тошкент вилояти", "Ташкентская область",
       (41.15, 69.95), (69.5, 40.7, 70.8, 41.8), "70", 780, 22),
    _r("1730", "Fargʻona viloyati", "Фарғона вилояти", "Ферганская область",
       (40.40, 71.40), (70.4, 40.1, 72.3, 40.75), "73", 900, 19),
    _r("1733", "Xorazm viloyati", "Хоразм вилояти", "Хорезмская область",
       (41.45, 60.75), (60.1, 41.1, 61.5, 41.9), "62", 460, 13),
    _r("1735", "Qoraqalpogʻiston Respublikasi", "Қорақалпоғистон Республикаси", "Республика Каракалпакстан",
       (42.60, 59.80), (58.2, 41.8, 61.2, 43.6), "61", 430, 17),
)  # fmt: skip

PILOT_REGION_CODES: tuple[str, ...] = ("1726", "1718")
