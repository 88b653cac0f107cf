"""The Ministry of Mahalla and Family Support feed: chairman changes and demographics updates.

The sandbox invents a few changes per call (a new chairman for one mahalla, fresh population figures
for a few others), deterministic for the call's sequence number. Applied by the sandbox-only trigger
`POST /v1/sandbox/ministry/sync` (see the README: no periodic task, so demos and tests stay repeatable).
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from datetime import date
from typing import Protocol

from services.geo.domain.registry import Territory
from services.geo.domain.territory import Demographics, Mahalla
from services.geo.pilot.names import person_name


@dataclasses.dataclass(frozen=True)
class ChairmanChange:
    mahalla_code: str
    official_id: str
    full_name_latn: str
    full_name_cyrl: str
    phone: str


@dataclasses.dataclass(frozen=True)
class DemographicsUpdate:
    mahalla_code: str
    demographics: Demographics


MinistryUpdate = ChairmanChange | DemographicsUpdate


class MinistryFeed(Protocol):
    def updates(self, territory: Territory, sequence: int, today: date) -> list[MinistryUpdate]: ...


def _scaled(mahalla: Mahalla, factor: float, today: date) -> Demographics | None:
    old = mahalla.demographics
    if old is None:
        return None
    population = max(1, round(old.population * factor))
    bands = [dataclasses.replace(b, count=round(b.count * factor)) for b in old.age_bands]
    if bands:
        bands[-1] = dataclasses.replace(bands[-1], count=population - sum(b.count for b in bands[:-1]))
    male = round(population * old.male / max(1, old.population))
    return Demographics(
        population=population, households=min(population, round(old.households * factor)), age_bands=tuple(bands),
        male=male, female=population - male, source="Ministry of Mahalla and Family Support feed (sandbox)",
        as_of=today, synthetic=True,
    )  # fmt: skip


class SandboxMinistryFeed:
    def __init__(self, changes_per_call: int = 3) -> None:
        self._count = changes_per_call

    def updates(self, territory: Territory, sequence: int, today: date) -> list[MinistryUpdate]:
        mahallas = [m for m in territory.mahallas if m.is_active]
        if not mahallas:
            return []
        rng = random.Random(f"ministry:{sequence}")
        chosen = rng.sample(mahallas, min(len(mahallas), self._count + 1))
        latin, cyrillic = person_name(rng, female=rng.random() < 0.25)
        phone = f"+99890{rng.randint(1_000_000, 9_999_999)}"
        official_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        found: list[MinistryUpdate] = [ChairmanChange(chosen[0].code, official_id, latin, cyrillic, phone)]
        for mahalla in chosen[1:]:
            demographics = _scaled(mahalla, rng.uniform(0.98, 1.03), today)
            if demographics is not None:
                found.append(DemographicsUpdate(mahalla.code, demographics))
        return found
