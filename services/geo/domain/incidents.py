"""Incidents on the area map: the category taxonomy, the incident record and its anonymised location.

An incident keeps its exact location because the Interior Ministry feed supplies one, but nothing that
leaves the service carries it: answers use the centre of the incident's H3 cell at `ANONYMISED_RESOLUTION`
(~0.7 km², hundreds of households in a city), stored on the incident with its territory codes so that
queries need no geo index in the database.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from datetime import datetime

from h3.api import basic_int as h3_int

from services.geo.domain.errors import InvalidIncident, UnknownCategory
from services.geo.domain.territory import GeoPoint, Level, ancestors, level_of

ANONYMISED_RESOLUTION = 8


class CategoryGroup(enum.StrEnum):
    ROAD_ACCIDENT = "road_accident"
    ADMINISTRATIVE = "administrative_offence"
    CRIME = "crime"


@dataclasses.dataclass(frozen=True, slots=True)
class Category:
    id: str  # stable, dotted under its group; its label is the message `geo.category.<id>`
    group: CategoryGroup

    @property
    def label_code(self) -> str:
        return f"geo.category.{self.id}"


def _leaves(group: CategoryGroup, *names: str) -> tuple[Category, ...]:
    return tuple(Category(f"{group}.{name}", group) for name in names)


CATEGORIES: dict[str, Category] = {
    category.id: category
    for category in (
        *_leaves(CategoryGroup.ROAD_ACCIDENT, "collision", "pedestrian", "rollover", "other"),
        *_leaves(
            CategoryGroup.ADMINISTRATIVE,
            "petty_hooliganism", "public_drinking", "public_order", "domestic_violence", "trade_rules", "traffic",
        ),
        *_leaves(
            CategoryGroup.CRIME,
            "theft", "burglary", "robbery", "fraud", "bodily_harm", "hooliganism", "drugs", "vehicle_theft",
            "cyber", "murder",
        ),
    )
}  # fmt: skip


def expand_categories(requested: object) -> frozenset[str]:
    """Leaf category ids for a request naming leaves and/or groups; nothing requested means everything."""
    if requested is None:
        return frozenset(CATEGORIES)
    if isinstance(requested, str):
        requested = [part for part in requested.split(",") if part.strip()]
    if not isinstance(requested, list | tuple | set | frozenset):
        raise UnknownCategory(category=str(requested))
    if not requested:
        return frozenset(CATEGORIES)
    leaves: set[str] = set()
    groups = {str(group) for group in CategoryGroup}
    for item in requested:
        name = str(item).strip()
        if name in CATEGORIES:
            leaves.add(name)
        elif name in groups:
            leaves.update(c.id for c in CATEGORIES.values() if c.group == name)
        else:
            raise UnknownCategory(category=name)
    return frozenset(leaves)


@functools.lru_cache(maxsize=200_000)
def cell_centre(cell: int) -> GeoPoint:
    """The anonymised point: the centre of an H3 cell, to 5 decimals (~1 m, more than the cell deserves)."""
    lat, lon = h3_int.cell_to_latlng(cell)
    return GeoPoint(lat=round(lat, 5), lon=round(lon, 5))


def anonymise(point: GeoPoint, *, resolution: int = ANONYMISED_RESOLUTION) -> GeoPoint:
    """Snap a point to the centre of its cell: the only location of an incident ever shown."""
    return cell_centre(h3_int.latlng_to_cell(point.lat, point.lon, resolution))


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """A road accident, administrative offence or crime as the map knows it."""

    id: str
    category: str
    occurred_at: datetime  # aware, UTC
    location: GeoPoint  # exact: internal only, never in an answer
    mahalla_code: str
    cell: int  # H3 at ANONYMISED_RESOLUTION, precomputed from `location`
    injuries: int = 0
    deaths: int = 0

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise UnknownCategory(category=self.category)
        if self.occurred_at.tzinfo is None:
            raise InvalidIncident(field="occurred_at", reason="naive timestamp")
        if level_of(self.mahalla_code) is not Level.MAHALLA:
            raise InvalidIncident(field="mahalla_code", reason="not a mahalla code")
        if self.injuries < 0 or self.deaths < 0:
            raise InvalidIncident(field="injuries", reason="negative count")
        if (self.injuries or self.deaths) and self.group is not CategoryGroup.ROAD_ACCIDENT:
            raise InvalidIncident(field="injuries", reason="casualties are counted for road accidents only")

    @classmethod
    def record(
        cls, *, id: str, category: str, occurred_at: datetime, location: GeoPoint, mahalla_code: str,
        injuries: int = 0, deaths: int = 0,
    ) -> Incident:  # fmt: skip
        cell = h3_int.latlng_to_cell(location.lat, location.lon, ANONYMISED_RESOLUTION)
        return cls(
            id=id, category=category, occurred_at=occurred_at, location=location, mahalla_code=mahalla_code,
            cell=cell, injuries=injuries, deaths=deaths,
        )  # fmt: skip

    @property
    def group(self) -> CategoryGroup:
        return CATEGORIES[self.category].group

    @property
    def territory_codes(self) -> tuple[str, ...]:
        """Region, district, sector and mahalla codes, stored so that any level is an equality match."""
        return ancestors(self.mahalla_code)

    @property
    def anonymised_location(self) -> GeoPoint:
        return cell_centre(self.cell)
