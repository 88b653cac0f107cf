"""A snapshot of the territory registry: every unit, official and place, with lookups by code and id."""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Iterator

from services.geo.domain.errors import UnknownTerritoryCode
from services.geo.domain.territory import (
    District,
    LawEnforcementPost,
    Level,
    Mahalla,
    Official,
    Region,
    Sector,
    SectorHeadquarters,
    TerritorialUnit,
    level_of,
    parent_of,
)


@dataclasses.dataclass(frozen=True)
class Territory:
    regions: tuple[Region, ...] = ()
    districts: tuple[District, ...] = ()
    sectors: tuple[Sector, ...] = ()
    mahallas: tuple[Mahalla, ...] = ()
    officials: tuple[Official, ...] = ()
    posts: tuple[LawEnforcementPost, ...] = ()
    headquarters: tuple[SectorHeadquarters, ...] = ()

    @functools.cached_property
    def _units(self) -> dict[str, TerritorialUnit]:
        units: dict[str, TerritorialUnit] = {}
        for group in (self.regions, self.districts, self.sectors, self.mahallas):
            units.update((unit.code, unit) for unit in group)
        return units

    @functools.cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = defaultdict(list)
        for code in self._units:
            parent = parent_of(code)
            if parent is not None:
                children[parent].append(code)
        return children

    @functools.cached_property
    def _officials_by_unit(self) -> dict[str, list[Official]]:
        by_unit: dict[str, list[Official]] = defaultdict(list)
        for official in self.officials:
            by_unit[official.territory_code].append(official)
        return by_unit

    @functools.cached_property
    def _officials_by_id(self) -> dict[str, Official]:
        return {official.id: official for official in self.officials}

    @functools.cached_property
    def _posts_by_id(self) -> dict[str, LawEnforcementPost]:
        return {post.id: post for post in self.posts}

    @functools.cached_property
    def _headquarters_by_id(self) -> dict[str, SectorHeadquarters]:
        return {hq.id: hq for hq in self.headquarters}

    def units(self) -> Iterator[TerritorialUnit]:
        return iter(self._units.values())

    def has(self, code: str) -> bool:
        return code in self._units

    def unit(self, code: str) -> TerritorialUnit:
        level_of(code)
        unit = self._units.get(code)
        if unit is None:
            raise UnknownTerritoryCode(code=code)
        return unit

    def mahalla(self, code: str) -> Mahalla:
        unit = self.unit(code)
        if not isinstance(unit, Mahalla):
            raise UnknownTerritoryCode(code=code)
        return unit

    def sector(self, code: str) -> Sector:
        unit = self.unit(code)
        if not isinstance(unit, Sector):
            raise UnknownTerritoryCode(code=code)
        return unit

    def children(self, code: str) -> tuple[str, ...]:
        self.unit(code)
        return tuple(sorted(self._children.get(code, ())))

    def mahallas_within(self, scope_code: str) -> tuple[Mahalla, ...]:
        """Every mahalla inside a unit of any level (the unit must exist)."""
        self.unit(scope_code)
        return tuple(m for m in self.mahallas if m.code.startswith(scope_code))

    def officials_of(self, code: str) -> tuple[Official, ...]:
        return tuple(self._officials_by_unit.get(code, ()))

    def official(self, official_id: str) -> Official | None:
        return self._officials_by_id.get(official_id)

    def post(self, post_id: str) -> LawEnforcementPost | None:
        return self._posts_by_id.get(post_id)

    def headquarters_of(self, hq_id: str) -> SectorHeadquarters | None:
        return self._headquarters_by_id.get(hq_id)

    def count(self, level: Level) -> int:
        return sum(1 for code in self._units if level_of(code) is level)
