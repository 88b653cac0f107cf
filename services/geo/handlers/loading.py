"""Loading a whole territory (the pilot, a national data set): units, officials and places in bulk.

Every unit carries `UnitCreatedV1` and every official `OfficialAssignedV1` in its outbox, so consumers
can build their read models from the topic's beginning. What is stored already is skipped: a second
load changes nothing and publishes nothing.
"""

from __future__ import annotations

import dataclasses

from services.geo.domain.administration import official_assigned, unit_created
from services.geo.domain.registry import Territory
from services.geo.repository.territory import TerritoryStore
from shared.clock import Clock


@dataclasses.dataclass(frozen=True)
class LoadReport:
    units: int
    officials: int
    places: int

    @property
    def changed(self) -> bool:
        return bool(self.units or self.officials or self.places)


async def load_territory(
    territory: Territory, store: TerritoryStore, clock: Clock, *, announce: bool = True
) -> LoadReport:
    """`announce=False` stores without events: for a test's private copy that no consumer should learn of."""
    now = clock.now()
    units = list(territory.units())
    unit_events = {u.code: [unit_created(u, now)] for u in units} if announce else {}
    official_events = {o.id: [official_assigned(o, now)] for o in territory.officials} if announce else {}
    unit_count = await store.add_units(units, unit_events)
    official_count = await store.add_officials(territory.officials, official_events)
    place_count = await store.add_places([*territory.posts, *territory.headquarters])
    report = LoadReport(unit_count, official_count, place_count)
    if report.changed:
        await store.bump()
    return report
