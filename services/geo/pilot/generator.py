"""The territory generator: the pilot (Tashkent city, Samarkand region) and the national scale (~9,400
mahallas in 14 regions), deterministic for a seed. Every record it makes is marked `synthetic`.

Regions are Voronoi cells of the region centres clipped to each region's box; districts are Voronoi cells
of the real district centres (pilot) or of random points (elsewhere); sectors and then mahallas tile
their parent the same way. Each district draws from its own random stream, keyed by the seed and its
code, so the pilot's districts come out identical in the national territory.
"""

from __future__ import annotations

import dataclasses
import math
import random
import uuid
from datetime import date, time

from shapely.geometry import MultiPoint, Point, Polygon, box

from services.geo.domain.geometry import to_coordinates
from services.geo.domain.registry import Territory
from services.geo.domain.territory import (
    AgeBand,
    Demographics,
    District,
    GeoPoint,
    LawEnforcementPost,
    Mahalla,
    Names,
    Official,
    ReceptionSlot,
    Region,
    Role,
    Sector,
    SectorHeadquarters,
)
from services.geo.pilot.names import mahalla_names, person_name, sector_names, street_address
from services.geo.pilot.places import PILOT_REGION_CODES, REGIONS, DistrictSpec, RegionSpec
from services.geo.pilot.tiling import group_sizes, relaxed_partition, voronoi_cells

DEFAULT_SEED = 6196  # the number of the 2021 decree that ordered Smart mahalla
DEMOGRAPHICS_SOURCE = "Ministry of Mahalla and Family Support feed (sandbox, synthetic)"
DEMOGRAPHICS_DATE = date(2025, 1, 1)
MOBILE_PREFIXES = ("90", "91", "93", "94", "95", "97", "98", "99", "33", "88", "77")
# Shares of the population by age band, roughly Uzbekistan's pyramid (a young country).
AGE_SHARES = (("0-17", 0.33), ("18-29", 0.19), ("30-44", 0.22), ("45-59", 0.15), ("60+", 0.11))
WORKDAYS = (0, 1, 2, 3, 4)


def region_layout() -> dict[str, Polygon]:
    """Every region's polygon: its Voronoi cell among the region centres, within its own box."""
    boxes = [box(*spec.box) for spec in REGIONS]
    country = MultiPoint([corner for b in boxes for corner in b.exterior.coords]).envelope
    cells = voronoi_cells(country, [(spec.lon, spec.lat) for spec in REGIONS])
    pieces = zip(REGIONS, cells, boxes, strict=True)
    return {spec.code: cell.intersection(region_box) for spec, cell, region_box in pieces}


def generate_pilot(seed: int = DEFAULT_SEED) -> Territory:
    """Tashkent city and Samarkand region with their real districts (about 1,900 mahallas)."""
    return _generate([spec for spec in REGIONS if spec.code in PILOT_REGION_CODES], seed)


def generate_national(seed: int = DEFAULT_SEED) -> Territory:
    """All 14 regions, about 9,400 mahallas: the benchmark territory."""
    return _generate(list(REGIONS), seed)


def _generate(specs: list[RegionSpec], seed: int) -> Territory:
    layout = region_layout()
    builder = _Builder(seed)
    for spec in specs:
        builder.add_region(spec, layout[spec.code])
    return builder.territory()


def _synthetic_districts(spec: RegionSpec, shape: Polygon, rng: random.Random) -> list[tuple[DistrictSpec, Polygon]]:
    cells = relaxed_partition(shape, spec.district_count, rng)
    weights = [rng.uniform(0.6, 1.4) for _ in cells]
    counts = [max(8, round(spec.mahallas * w / sum(weights))) for w in weights]
    districts = []
    for index, (cell, count) in enumerate(zip(cells, counts, strict=True)):
        number = index + 1
        names = Names(f"{number}-tuman", f"{number}-туман", f"Район № {number}")
        centre = cell.centroid
        districts.append((DistrictSpec(f"{spec.code}2{3 * number:02d}", names, centre.y, centre.x, count), cell))
    return districts


def _real_districts(spec: RegionSpec, shape: Polygon) -> list[tuple[DistrictSpec, Polygon]]:
    for district in spec.districts:
        if not shape.contains(Point(district.lon, district.lat)):
            raise ValueError(f"the centre of {district.code} lies outside region {spec.code}'s polygon")
    cells = voronoi_cells(shape, [(d.lon, d.lat) for d in spec.districts])
    return list(zip(spec.districts, cells, strict=True))


def _point_inside(shape: Polygon, rng: random.Random) -> GeoPoint:
    """A point well inside a (convex) polygon: between the centroid and a vertex, never on the boundary."""
    centre = shape.centroid
    vertex = rng.choice(list(shape.exterior.coords)[:-1])
    t = rng.uniform(0.05, 0.7)
    x, y = centre.x + (vertex[0] - centre.x) * t, centre.y + (vertex[1] - centre.y) * t
    if not shape.contains(Point(x, y)):
        inner = shape.representative_point()
        x, y = inner.x, inner.y
    return GeoPoint(lat=y, lon=x)


@dataclasses.dataclass
class _Builder:
    seed: int
    regions: list[Region] = dataclasses.field(default_factory=list)
    districts: list[District] = dataclasses.field(default_factory=list)
    sectors: list[Sector] = dataclasses.field(default_factory=list)
    mahallas: list[Mahalla] = dataclasses.field(default_factory=list)
    officials: list[Official] = dataclasses.field(default_factory=list)
    posts: list[LawEnforcementPost] = dataclasses.field(default_factory=list)
    headquarters: list[SectorHeadquarters] = dataclasses.field(default_factory=list)

    def territory(self) -> Territory:
        return Territory(
            tuple(self.regions), tuple(self.districts), tuple(self.sectors), tuple(self.mahallas),
            tuple(self.officials), tuple(self.posts), tuple(self.headquarters),
        )  # fmt: skip

    def add_region(self, spec: RegionSpec, shape: Polygon) -> None:
        self.regions.append(
            Region(code=spec.code, parent_code=None, names=spec.names, polygon=to_coordinates(shape), synthetic=True)
        )
        if spec.districts:
            districts = _real_districts(spec, shape)
        else:
            districts = _synthetic_districts(spec, shape, random.Random(f"{self.seed}:{spec.code}"))
        for district, cell in districts:
            self.add_district(spec, district, cell)

    def add_district(self, region: RegionSpec, spec: DistrictSpec, shape: Polygon) -> None:
        rng = random.Random(f"{self.seed}:{spec.code}")
        self.districts.append(
            District(
                code=spec.code, parent_code=region.code, names=spec.names, polygon=to_coordinates(shape),
                kind=spec.kind, synthetic=True,
            )
        )  # fmt: skip
        sizes = group_sizes(spec.mahallas)
        names = iter(mahalla_names(spec.mahallas, rng))
        number = 0
        sector_shapes = relaxed_partition(shape, len(sizes), rng)
        for index, (sector_shape, size) in enumerate(zip(sector_shapes, sizes, strict=True)):
            sector_code = f"{spec.code}{index + 1:02d}"
            mahalla_shapes = relaxed_partition(sector_shape, size, rng)
            for mahalla_shape in mahalla_shapes:
                number += 1
                self.add_mahalla(region, f"{sector_code}{number:03d}", next(names), mahalla_shape, rng)
            head = self.official(rng, Role.SECTOR_HEAD, sector_code, female_share=0.15)
            hq = SectorHeadquarters(
                id=self.new_id(rng), sector_code=sector_code, location=_point_inside(rng.choice(mahalla_shapes), rng),
                address=street_address(rng), phone=self.landline(rng, region), hours=_office_hours(), synthetic=True,
            )  # fmt: skip
            self.headquarters.append(hq)
            self.sectors.append(
                Sector(
                    code=sector_code, parent_code=spec.code, names=sector_names(index + 1),
                    polygon=to_coordinates(sector_shape), head_id=head.id, headquarters_id=hq.id, synthetic=True,
                )
            )  # fmt: skip

    def add_mahalla(self, region: RegionSpec, code: str, names: Names, shape: Polygon, rng: random.Random) -> None:
        demographics = _demographics(rng)
        chairman = self.official(rng, Role.CHAIRMAN, code, female_share=0.25)
        inspectors = [self.official(rng, Role.INSPECTOR, code, female_share=0.05)]
        if demographics.population > 6_500:  # large mahallas get a second prevention inspector
            inspectors.append(self.official(rng, Role.INSPECTOR, code, female_share=0.05))
        post = LawEnforcementPost(
            id=self.new_id(rng), mahalla_code=code, location=_point_inside(shape, rng), address=street_address(rng),
            phone=self.landline(rng, region), hours=_office_hours(saturday=True), synthetic=True,
        )  # fmt: skip
        self.posts.append(post)
        self.mahallas.append(
            Mahalla(
                code=code, parent_code=code[:9], names=names, polygon=to_coordinates(shape),
                chairman_id=chairman.id, inspector_ids=tuple(i.id for i in inspectors), post_id=post.id,
                demographics=demographics, synthetic=True,
            )
        )  # fmt: skip

    def official(self, rng: random.Random, role: Role, territory_code: str, *, female_share: float) -> Official:
        latin, cyrillic = person_name(rng, female=rng.random() < female_share)
        official_id = self.new_id(rng)
        hours = _inspector_hours(rng) if role is Role.INSPECTOR else _office_hours()
        official = Official(
            id=official_id, role=role, territory_code=territory_code, full_name_latn=latin, full_name_cyrl=cyrillic,
            phone=f"+998{rng.choice(MOBILE_PREFIXES)}{rng.randint(1_000_000, 9_999_999)}",
            photo_ref=f"synthetic/officials/{official_id}.jpg", reception_hours=hours, synthetic=True,
        )  # fmt: skip
        self.officials.append(official)
        return official

    @staticmethod
    def new_id(rng: random.Random) -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    @staticmethod
    def landline(rng: random.Random, region: RegionSpec) -> str:
        return f"+998{region.phone_area}{rng.randint(2_000_000, 2_999_999)}"


def _office_hours(*, saturday: bool = False) -> tuple[ReceptionSlot, ...]:
    days = (*WORKDAYS, 5) if saturday else WORKDAYS
    return tuple(ReceptionSlot(day, time(9), time(18)) for day in days)


def _inspector_hours(rng: random.Random) -> tuple[ReceptionSlot, ...]:
    evenings = sorted(rng.sample(WORKDAYS, 2))
    return (*(ReceptionSlot(day, time(17), time(19)) for day in evenings), ReceptionSlot(5, time(9), time(12)))


def _demographics(rng: random.Random) -> Demographics:
    population = min(15_000, max(600, round(rng.lognormvariate(math.log(3_800) - 0.08, 0.4))))
    shares = [share * rng.uniform(0.85, 1.15) for _, share in AGE_SHARES]
    counts = [math.floor(population * s / sum(shares)) for s in shares]
    counts[-1] += population - sum(counts)
    male = round(population * rng.uniform(0.49, 0.51))
    return Demographics(
        population=population, households=round(population / rng.uniform(3.8, 5.2)),
        age_bands=tuple(AgeBand(label, n) for (label, _), n in zip(AGE_SHARES, counts, strict=True)),
        male=male, female=population - male, source=DEMOGRAPHICS_SOURCE, as_of=DEMOGRAPHICS_DATE, synthetic=True,
    )  # fmt: skip
