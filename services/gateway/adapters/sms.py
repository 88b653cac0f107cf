"""Sending one-time codes by SMS: an HTTP SMS gateway in production, a readable outbox in the sandbox."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

import httpx
from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document

logger = logging.getLogger(__name__)

SANDBOX_OUTBOX = "sandbox_sms"


class SmsSender(Protocol):
    async def send(self, phone: str, text: str, at: datetime) -> None: ...


class SandboxSmsOutbox:
    """Keeps every message in a collection that `make run`'s banner and the tests read (sandbox only)."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._messages = database[SANDBOX_OUTBOX]

    async def send(self, phone: str, text: str, at: datetime) -> None:
        await self._messages.insert_one({"phone": phone, "text": text, "sent_at": at})
        logger.info("sandbox SMS stored", extra={"phone_suffix": phone[-4:]})

    async def latest(self, phone: str, limit: int = 5) -> list[Document]:
        cursor = self._messages.find({"phone": phone}, {"_id": 0}).sort("sent_at", -1).limit(limit)
        return [document async for document in cursor]


class HttpSmsGateway:
    """A provider's JSON API (`POST {url}` with a bearer token); the shape most Uzbek SMS providers share."""

    def __init__(self, client: httpx.AsyncClient, url: str, token: str, sender: str) -> None:
        self._client, self._url, self._token, self._sender = client, url, token, sender

    async def send(self, phone: str, text: str, at: datetime) -> None:
        response = await self._client.post(
            self._url,
            json={"mobile_phone": phone.lstrip("+"), "message": text, "from": self._sender},
            headers={"Authorization": f"Bearer {self._token}"},
            timeout=10,
        )
        response.raise_for_status()
