"""Device sessions (one per device), with the hash of the current refresh token and recently spent ones."""

from __future__ import annotations

import dataclasses

from pymongo.asynchronous.database import AsyncDatabase

from services.gateway.domain.sessions import RevocationReason, Session
from shared.mongo import Document, IndexSpec

SESSIONS = "sessions"
INDEXES = [IndexSpec(SESSIONS, [("user_id", 1)])]


def _to_document(session: Session) -> Document:
    document = dataclasses.asdict(session)
    document["_id"] = document.pop("id")
    document["spent_token_hashes"] = list(session.spent_token_hashes)
    document["revoked_reason"] = str(session.revoked_reason) if session.revoked_reason else None
    return document


def _from_document(document: Document) -> Session:
    fields = {key: value for key, value in document.items() if key != "_id"}
    fields["spent_token_hashes"] = tuple(fields["spent_token_hashes"])
    reason = fields.get("revoked_reason")
    fields["revoked_reason"] = RevocationReason(reason) if reason else None
    return Session(id=document["_id"], **fields)


class SessionRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._sessions = database[SESSIONS]

    async def get(self, session_id: str) -> Session | None:
        document = await self._sessions.find_one({"_id": session_id})
        return _from_document(document) if document else None

    async def of_user(self, user_id: str) -> list[Session]:
        return [_from_document(document) async for document in self._sessions.find({"user_id": user_id})]

    async def save(self, session: Session) -> None:
        document = _to_document(session)
        await self._sessions.replace_one({"_id": document["_id"]}, document, upsert=True)

    async def save_rotation(self, session: Session, previous_hash: str) -> bool:
        """Save a rotated session only if nobody rotated it meanwhile; False when someone did."""
        document = _to_document(session)
        result = await self._sessions.replace_one(
            {"_id": document["_id"], "refresh_token_hash": previous_hash}, document
        )
        return result.modified_count == 1
