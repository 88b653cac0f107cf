"""Hand-written in-memory stores for the appeals use cases (no database, no broker)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from services.appeals.domain.categories import DEFAULT_CATALOGUE
from services.appeals.domain.documents import appeal_from_document, appeal_to_document
from services.appeals.domain.errors import ConcurrentChange
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import Location
from services.appeals.domain.routing import TerritoryView
from services.appeals.domain.state_bodies import STATE_BODIES, StateBody
from services.appeals.domain.territory import OfficialPost, TerritoryChange, ancestors, view_of
from services.appeals.domain.tips import Tip
from services.appeals.handlers.context import AppealsContext
from services.appeals.repository.appeals import QueueFilter
from shared.clock import FixedClock
from shared.events.envelope import Event


class FakeAppeals:
    def __init__(self) -> None:
        self.documents: dict[str, dict[str, Any]] = {}
        self.published: list[Event] = []
        self.interfere_once = False  # simulate another writer between our read and our write
        self.forgotten_recent: str | None = None

    def _load(self, document: dict[str, Any]) -> Appeal:
        return appeal_from_document(document)

    async def get(self, appeal_id: str) -> Appeal | None:
        document = self.documents.get(appeal_id)
        return self._load(document) if document else None

    async def by_number(self, number: str) -> Appeal | None:
        return next((self._load(d) for d in self.documents.values() if d["number"] == number), None)

    async def add(self, appeal: Appeal, events: Sequence[Event]) -> None:
        self.documents[appeal.id] = appeal_to_document(appeal)
        self.published.extend(events)

    async def save(self, appeal: Appeal, expected_version: int, events: Sequence[Event]) -> None:
        if self.interfere_once:
            self.interfere_once = False
            self.documents[appeal.id]["version"] += 1
        if self.documents[appeal.id]["version"] != expected_version:
            raise ConcurrentChange()
        self.documents[appeal.id] = appeal_to_document(appeal)
        self.published.extend(events)

    def _all(self) -> list[Appeal]:
        return [self._load(d) for d in self.documents.values()]

    async def open_of_citizen(self, citizen_id: str, since: datetime) -> list[Appeal]:
        return [a for a in self._all() if a.citizen_id == citizen_id and a.is_open and a.received_at >= since]

    async def of_citizen(self, citizen_id: str, limit: int = 100) -> list[Appeal]:
        return [a for a in self._all() if a.citizen_id == citizen_id][:limit]

    async def forget_recent(self, citizen_id: str) -> None:
        self.forgotten_recent = citizen_id

    async def queue(self, which: QueueFilter) -> list[Appeal]:
        return [a for a in self._all() if which.assignee_id in (None, a.assignee_id, a.supervisor_id)]

    async def open_in_territories(self, territory_codes: Sequence[str]) -> list[Appeal]:
        return [a for a in self._all() if a.is_open and a.territory_code.startswith(tuple(territory_codes))]

    async def registered_between(self, territory_code: str, start: date, end: date) -> list[Appeal]:
        return [
            a for a in self._all() if a.territory_code.startswith(territory_code) and start <= a.registered_on < end
        ]

    async def public_listing(self, query: dict[str, Any], limit: int) -> list[Appeal]:
        return self._all()[:limit]


class FakeTips:
    def __init__(self) -> None:
        self.tips: list[Tip] = []
        self.published: list[Event] = []

    async def add(self, tip: Tip, events: Sequence[Event]) -> None:
        self.tips.append(tip)
        self.published.extend(events)

    async def get(self, tip_id: str) -> Tip | None:
        return next((tip for tip in self.tips if tip.id == tip_id), None)

    async def save(self, tip: Tip, expected_version: int, events: Sequence[Event]) -> None:
        self.published.extend(events)

    async def in_territory(self, territory_code: str, limit: int = 100) -> list[Tip]:
        return [tip for tip in self.tips if tip.mahalla_code.startswith(territory_code)][:limit]


class FakeTerritory:
    def __init__(self) -> None:
        self.posts: dict[str, OfficialPost] = {}
        self.units: set[str] = set()
        self.applied: set[str] = set()

    async def apply(self, change: TerritoryChange) -> bool:
        if change.event_id in self.applied:
            return False
        self.applied.add(change.event_id)
        key = f"{change.official_id}@{change.territory_code}"
        if change.kind == "official_assigned":
            assert change.official_id
            assert change.role
            self.posts[key] = OfficialPost(change.official_id, change.role, change.territory_code, change.at)
        elif change.kind == "official_removed":
            self.posts.pop(key, None)
        elif change.kind == "unit_created":
            self.units.add(change.territory_code)
        else:
            self.units.discard(change.territory_code)
        return True

    async def apply_many(self, changes: Sequence[TerritoryChange]) -> None:
        for change in changes:
            await self.apply(change)

    async def view_for(self, mahalla_codes: Iterable[str]) -> TerritoryView:
        codes = [code for code in mahalla_codes if code]
        places = {place for code in codes for place in ancestors(code)}
        return view_of(codes, [p for p in self.posts.values() if p.territory_code in places], self.units)


class FakePhotos:
    def __init__(self) -> None:
        self.stored: dict[str, tuple[str, bytes]] = {}

    async def put(self, key: str, content_type: str, data: bytes) -> None:
        self.stored[key] = (content_type, data)

    async def get(self, key: str) -> tuple[str, bytes] | None:
        return self.stored.get(key)


class FakeCounter:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    async def next(self, scope: str) -> int:
        self.values[scope] = self.values.get(scope, 0) + 1
        return self.values[scope]


class FakeTimers:
    def __init__(self) -> None:
        self.scheduled: dict[str, tuple[str, datetime, dict[str, Any]]] = {}

    async def schedule(self, timer_id: str, kind: str, due_at: datetime, payload: Mapping[str, Any]) -> None:
        self.scheduled[timer_id] = (kind, due_at, dict(payload))


class FakeBodies:
    async def all(self) -> list[StateBody]:
        return list(STATE_BODIES)

    async def get(self, code: str) -> StateBody | None:
        return next((body for body in STATE_BODIES if body.code == code), None)


class FakeLocator:
    def __init__(self) -> None:
        self.points: dict[tuple[float, float], str] = {}

    async def mahalla_at(self, location: Location) -> str | None:
        return self.points.get((location.lat, location.lon))


def fake_context(clock: FixedClock) -> AppealsContext:
    counter = iter(range(1, 10**6))
    return AppealsContext(
        clock=clock, appeals=FakeAppeals(), tips=FakeTips(), territory=FakeTerritory(), photos=FakePhotos(),
        numbers=FakeCounter(), timers=FakeTimers(), bodies=FakeBodies(), catalogue=DEFAULT_CATALOGUE,
        new_id=lambda: f"id-{next(counter)}", locator=FakeLocator(),
    )  # fmt: skip
