"""Photo bytes, stored apart from the appeal (which keeps only keys): in the database for now, behind a
small protocol so an object store can replace it."""

from __future__ import annotations

from typing import Protocol

from bson import Binary
from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document

PHOTOS = "photos"


class PhotoStore(Protocol):
    async def put(self, key: str, content_type: str, data: bytes) -> None: ...
    async def get(self, key: str) -> tuple[str, bytes] | None: ...


class MongoPhotoStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._photos = database[PHOTOS]

    async def put(self, key: str, content_type: str, data: bytes) -> None:
        await self._photos.insert_one({"_id": key, "content_type": content_type, "data": Binary(data)})

    async def get(self, key: str) -> tuple[str, bytes] | None:
        document = await self._photos.find_one({"_id": key})
        return (document["content_type"], bytes(document["data"])) if document else None
