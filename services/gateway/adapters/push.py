"""Push notifications for users with no open stream: FCM/APNs in production, a recorded outbox in the sandbox."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document

SANDBOX_PUSH = "sandbox_push"


class PushSender(Protocol):
    async def push(self, user_id: str, title: str, body: str, data: dict[str, str], at: datetime) -> None: ...


class SandboxPushOutbox:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._pushes = database[SANDBOX_PUSH]

    async def push(self, user_id: str, title: str, body: str, data: dict[str, str], at: datetime) -> None:
        await self._pushes.insert_one({"user_id": user_id, "title": title, "body": body, "data": data, "at": at})

    async def for_user(self, user_id: str) -> list[Document]:
        return [document async for document in self._pushes.find({"user_id": user_id}, {"_id": 0}).sort("at", 1)]
