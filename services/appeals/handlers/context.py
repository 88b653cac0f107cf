"""Everything a use case may touch, built by `deps.py` (the real stores) or by tests (fakes)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from services.appeals.adapters.locator import Locator
from services.appeals.domain.categories import CategoryCatalogue
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.routing import TerritoryView
from services.appeals.domain.state_bodies import StateBody
from services.appeals.domain.territory import TerritoryChange
from services.appeals.domain.tips import Tip
from services.appeals.repository.appeals import QueueFilter
from services.appeals.repository.photos import PhotoStore
from shared.clock import Clock
from shared.events.envelope import Event


class AppealStore(Protocol):
    async def get(self, appeal_id: str) -> Appeal | None: ...
    async def by_number(self, number: str) -> Appeal | None: ...
    async def add(self, appeal: Appeal, events: Sequence[Event]) -> None: ...
    async def save(self, appeal: Appeal, expected_version: int, events: Sequence[Event]) -> None: ...
    async def open_of_citizen(self, citizen_id: str, since: datetime) -> list[Appeal]: ...
    async def of_citizen(self, citizen_id: str, limit: int = 100) -> list[Appeal]: ...
    async def forget_recent(self, citizen_id: str) -> None: ...
    async def queue(self, which: QueueFilter) -> list[Appeal]: ...
    async def open_in_territories(self, territory_codes: Sequence[str]) -> list[Appeal]: ...
    async def registered_between(self, territory_code: str, start: date, end: date) -> list[Appeal]: ...
    async def public_listing(self, query: dict[str, Any], limit: int) -> list[Appeal]: ...


class TipStore(Protocol):
    async def add(self, tip: Tip, events: Sequence[Event]) -> None: ...
    async def get(self, tip_id: str) -> Tip | None: ...
    async def save(self, tip: Tip, expected_version: int, events: Sequence[Event]) -> None: ...
    async def in_territory(self, territory_code: str, limit: int = 100) -> list[Tip]: ...


class TerritoryStore(Protocol):
    async def apply_many(self, changes: Sequence[TerritoryChange]) -> None: ...
    async def view_for(self, mahalla_codes: Iterable[str]) -> TerritoryView: ...


class Counter(Protocol):
    async def next(self, scope: str) -> int: ...


class Timers(Protocol):
    async def schedule(self, timer_id: str, kind: str, due_at: datetime, payload: Mapping[str, Any]) -> None: ...


class StateBodies(Protocol):
    async def all(self) -> list[StateBody]: ...
    async def get(self, code: str) -> StateBody | None: ...


@dataclasses.dataclass(frozen=True)
class AppealsContext:
    clock: Clock
    appeals: AppealStore
    tips: TipStore
    territory: TerritoryStore
    photos: PhotoStore
    numbers: Counter
    timers: Timers
    bodies: StateBodies
    catalogue: CategoryCatalogue
    new_id: Callable[[], str]
    locator: Locator
