"""The notification inbox: every notification a user was sent, kept 30 days, in the order it was produced.

The cursor of an entry is its Kafka offset: all of one user's notifications share a partition (the topic
is keyed by recipient), so offsets grow with time for each user, and a stream resumes from any of them.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.events.notifications import NotificationRequestedV1
from shared.i18n import Language
from shared.mongo import Document, IndexSpec

INBOX = "inbox"
DUPLICATE_KEY = 11000
RETENTION = timedelta(days=30)
INBOX_INDEXES = [IndexSpec(INBOX, [("user_id", 1), ("cursor", 1)]), IndexSpec(INBOX, [("created_at", 1)])]


@dataclasses.dataclass(frozen=True)
class InboxEntry:
    event_id: str
    user_id: str
    cursor: int
    kind: str
    title: dict[str, str]
    body: dict[str, str]
    priority: str
    data: dict[str, str]
    created_at: datetime
    read_at: datetime | None = None

    @classmethod
    def of(cls, event: NotificationRequestedV1, cursor: int) -> InboxEntry:
        return cls(
            event.id, event.subject, cursor, event.kind, event.title.model_dump(by_alias=True),
            event.body.model_dump(by_alias=True), event.priority, dict(event.data), event.time,
        )  # fmt: skip

    @classmethod
    def from_document(cls, document: Document) -> InboxEntry:
        return cls(
            document["_id"], document["user_id"], int(document["cursor"]), document["kind"], document["title"],
            document["body"], document["priority"], document.get("data") or {}, document["created_at"],
            document.get("read_at"),
        )  # fmt: skip

    def to_document(self) -> Document:
        """Spelled out: `dataclasses.asdict` copies recursively and was one of the largest costs of delivery
        in a profile at 500 notifications/s."""
        return {
            "_id": self.event_id, "user_id": self.user_id, "cursor": self.cursor, "kind": self.kind,
            "title": dict(self.title), "body": dict(self.body), "priority": self.priority, "data": dict(self.data),
            "created_at": self.created_at, "read_at": self.read_at,
        }  # fmt: skip

    def live_payload(self) -> Document:
        """What the fan-out carries to the streams (`stream.payload_document` reads it back)."""
        return self.to_document() | {"event_id": self.event_id}

    def public(self, language: Language) -> dict[str, Any]:
        """What the app receives: texts in the reader's language."""
        return {
            "id": str(self.cursor), "event_id": self.event_id, "kind": self.kind,
            "title": self.title.get(language) or self.title["uz-Latn"],
            "body": self.body.get(language) or self.body["uz-Latn"],
            "priority": self.priority, "data": self.data, "created_at": self.created_at.isoformat(),
            "read": self.read_at is not None,
        }  # fmt: skip


class Inbox:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._entries = database[INBOX]

    async def add(self, entry: InboxEntry) -> bool:
        """Store an entry; False when this event was stored already (a redelivery)."""
        try:
            await self._entries.insert_one(entry.to_document())
        except DuplicateKeyError:
            return False
        return True

    async def add_many(self, entries: list[InboxEntry]) -> set[str]:
        """Store entries in one round trip; returns the ids stored now (the others were stored before)."""
        try:
            await self._entries.insert_many([entry.to_document() for entry in entries], ordered=False)
        except BulkWriteError as error:
            duplicates = {failure["op"]["_id"] for failure in error.details.get("writeErrors", [])
                          if failure.get("code") == DUPLICATE_KEY}  # fmt: skip
            others = [
                failure for failure in error.details.get("writeErrors", []) if failure.get("code") != DUPLICATE_KEY
            ]
            if others:
                raise
            return {entry.event_id for entry in entries} - duplicates
        return {entry.event_id for entry in entries}

    async def after(self, user_id: str, cursor: int, limit: int = 500) -> list[InboxEntry]:
        found = self._entries.find({"user_id": user_id, "cursor": {"$gt": cursor}}).sort("cursor", 1).limit(limit)
        return [InboxEntry.from_document(document) async for document in found]

    async def page(self, user_id: str, before: int | None, limit: int) -> list[InboxEntry]:
        query: dict[str, Any] = {"user_id": user_id}
        if before is not None:
            query["cursor"] = {"$lt": before}
        found = self._entries.find(query).sort("cursor", -1).limit(limit)
        return [InboxEntry.from_document(document) async for document in found]

    async def mark_read(self, user_id: str, cursor: int, at: datetime) -> bool:
        result = await self._entries.update_one(
            {"user_id": user_id, "cursor": cursor, "read_at": None}, {"$set": {"read_at": at}}
        )
        return result.modified_count == 1

    async def unread_count(self, user_id: str) -> int:
        return await self._entries.count_documents({"user_id": user_id, "read_at": None})

    async def expire(self, now: datetime) -> int:
        """Drop entries older than the retention (FerretDB has no TTL indexes)."""
        result = await self._entries.delete_many({"created_at": {"$lt": now - RETENTION}})
        return result.deleted_count

    async def erase_user(self, user_id: str) -> None:
        await self._entries.delete_many({"user_id": user_id})
