"""Appeals and tips, one document each with its outbox; a change is saved only over the version read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import redis.asyncio as redis_async
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.appeals.domain.documents import (
    appeal_from_document,
    appeal_to_document,
    tip_from_document,
    tip_to_document,
)
from services.appeals.domain.duplicates import DUPLICATE_WINDOW
from services.appeals.domain.errors import ConcurrentChange
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.states import REVIEW_STATES
from services.appeals.domain.tips import Tip
from services.appeals.domain.transliteration import search_tokens
from services.appeals.repository.recent import RecentAppeals
from shared.events.envelope import Event
from shared.mongo import Document, GroupedInserts
from shared.outbox import OUTBOX_FIELD, Written, new_document_with_events, no_relay, with_events

APPEALS = "appeals"
TIPS = "tips"
OPEN = sorted(state.value for state in REVIEW_STATES)


class NumberTaken(Exception):
    """The appeal number is already used (a counter reset by hand): draw another."""


def _document(appeal: Appeal) -> Document:
    document = appeal_to_document(appeal)
    code = appeal.territory_code
    document["territory_codes"] = sorted({code[:n] for n in (2, 4, 7, 9, 12) if len(code) >= n})
    return document


@dataclass(frozen=True)
class QueueFilter:
    """A work queue: the caller's own appeals, or everything in a territory; narrowed as asked."""

    assignee_id: str | None = None
    territory_code: str | None = None
    states: tuple[str, ...] = ()
    category: str | None = None
    overdue_before: date | None = None  # open and due before this day
    due_by: date | None = None  # open and due on or before this day
    text: str | None = None
    limit: int = 100

    def query(self) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if self.assignee_id:  # his own work: assigned to him, or overseen by him after a breach
            query["$or"] = [{"assignee_id": self.assignee_id}, {"supervisor_id": self.assignee_id}]
        if self.territory_code:
            query["territory_codes"] = self.territory_code
        if self.states:
            query["state"] = {"$in": list(self.states)}
        if self.category:
            query["category"] = self.category
        due: dict[str, str] = {}
        if self.overdue_before:
            due["$lt"] = self.overdue_before.isoformat()
        if self.due_by:
            due["$lte"] = self.due_by.isoformat()
        if due:
            query["due_on"] = due
            query.setdefault("state", {"$in": OPEN})
        if self.text:
            words = [{"search_key": {"$regex": re.escape(token)}} for token in search_tokens(self.text)]
            if words:
                query["$and"] = words
        return query


@dataclass(frozen=True)
class AppealStores:
    """What every submission writes through, one per service instance (deps.py keeps it): new appeals
    grouped across concurrent submissions (at 200 submissions/s one insert command per round instead of
    one per submission), and the citizens' recent lists in Redis."""

    new_appeals: GroupedInserts
    recent: RecentAppeals

    @classmethod
    def on(cls, database: AsyncDatabase[Document], redis: redis_async.Redis) -> AppealStores:
        appeals = database[APPEALS]
        return cls(GroupedInserts(appeals), RecentAppeals(redis, database.name, appeals, window=DUPLICATE_WINDOW))


class AppealRepository:
    def __init__(self, database: AsyncDatabase[Document], stores: AppealStores, written: Written = no_relay) -> None:
        self._appeals = database[APPEALS]
        self._recent = stores.recent
        self._written = written
        self._new_appeals = stores.new_appeals

    async def get(self, appeal_id: str) -> Appeal | None:
        document = await self._appeals.find_one({"_id": appeal_id})
        return appeal_from_document(document) if document else None

    async def by_number(self, number: str) -> Appeal | None:
        document = await self._appeals.find_one({"number": number})
        return appeal_from_document(document) if document else None

    async def add(self, appeal: Appeal, events: Sequence[Event]) -> None:
        document = new_document_with_events({"_id": appeal.id, **_document(appeal)}, events)
        await self._recent.note(appeal.citizen_id, appeal.id, appeal.received_at)
        try:
            await self._new_appeals.insert(document)
        except DuplicateKeyError as error:
            raise NumberTaken(appeal.number) from error
        self._written(APPEALS, appeal.id, document[OUTBOX_FIELD])

    async def save(self, appeal: Appeal, expected_version: int, events: Sequence[Event]) -> None:
        result = await self._appeals.update_one(
            {"_id": appeal.id, "version": expected_version}, with_events({"$set": _document(appeal)}, events)
        )
        if result.matched_count == 0:
            raise ConcurrentChange()
        self._written(APPEALS, appeal.id)

    async def find(self, query: dict[str, Any], *, limit: int = 100, newest_first: bool = True) -> list[Appeal]:
        cursor = self._appeals.find(query, {"_outbox": 0}).sort("received_at", -1 if newest_first else 1)
        return [appeal_from_document(document) async for document in cursor.limit(limit)]

    async def open_of_citizen(self, citizen_id: str, since: datetime) -> list[Appeal]:
        """Read through the citizen's list of recent appeals (`repository.recent`), each by `_id`."""
        found = [await self.get(appeal_id) for appeal_id in await self._recent.ids_since(citizen_id, since)]
        return [
            appeal for appeal in found
            if appeal is not None and appeal.citizen_id == citizen_id and appeal.state in REVIEW_STATES
            and appeal.received_at >= since
        ]  # fmt: skip

    async def forget_recent(self, citizen_id: str) -> None:
        await self._recent.forget(citizen_id)

    async def of_citizen(self, citizen_id: str, limit: int = 100) -> list[Appeal]:
        return await self.find({"citizen_id": citizen_id}, limit=limit)

    async def queue(self, which: QueueFilter) -> list[Appeal]:
        return await self.find(which.query(), limit=which.limit, newest_first=False)

    async def open_in_territories(self, territory_codes: Sequence[str]) -> list[Appeal]:
        query = {"territory_codes": {"$in": list(territory_codes)}, "state": {"$in": OPEN}}
        return await self.find(query, limit=10_000)

    async def registered_between(self, territory_code: str, start: date, end: date) -> list[Appeal]:
        query = {
            "territory_codes": territory_code,
            "registered_on": {"$gte": start.isoformat(), "$lt": end.isoformat()},
        }
        return await self.find(query, limit=100_000)

    async def public_listing(self, query: dict[str, Any], limit: int) -> list[Appeal]:
        return await self.find(query, limit=limit)


class TipRepository:
    def __init__(self, database: AsyncDatabase[Document], written: Written = no_relay) -> None:
        self._tips = database[TIPS]
        self._written = written

    async def add(self, tip: Tip, events: Sequence[Event]) -> None:
        document = new_document_with_events({"_id": tip.id, **tip_to_document(tip)}, events)
        await self._tips.insert_one(document)
        self._written(TIPS, tip.id, document[OUTBOX_FIELD])

    async def get(self, tip_id: str) -> Tip | None:
        document = await self._tips.find_one({"_id": tip_id})
        return tip_from_document(document) if document else None

    async def save(self, tip: Tip, expected_version: int, events: Sequence[Event]) -> None:
        result = await self._tips.update_one(
            {"_id": tip.id, "version": expected_version}, with_events({"$set": tip_to_document(tip)}, events)
        )
        if result.matched_count == 0:
            raise ConcurrentChange()
        self._written(TIPS, tip.id)

    async def in_territory(self, territory_code: str, limit: int = 100) -> list[Tip]:
        query = {"mahalla_code": {"$regex": f"^{re.escape(territory_code)}"}}
        cursor = self._tips.find(query, {"_outbox": 0}).sort("received_at", -1).limit(limit)
        return [tip_from_document(document) async for document in cursor]
