"""Citizens and the phone → citizen index (a collection keyed by phone, so uniqueness is the `_id`'s)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.gateway.domain.citizens import Citizen, Consent, Residence, VerifiedIdentity
from shared.events.envelope import Event
from shared.mongo import Document, IndexSpec
from shared.outbox import new_document_with_events, strip_outbox, with_events

CITIZENS = "citizens"
PHONES = "phones"
INDEXES = [IndexSpec(CITIZENS, [("identity.pinfl", 1)])]


def _to_document(citizen: Citizen) -> Document:
    document = dataclasses.asdict(citizen)
    document["_id"] = document.pop("id")
    identity = document.get("identity")
    if identity is not None:
        identity["birth_date"] = identity["birth_date"].isoformat()
    return document


def _from_document(document: Document) -> Citizen:
    identity = document.get("identity")
    consent = document.get("consent")
    residence = document.get("residence")
    return Citizen(
        id=document["_id"],
        phone=document.get("phone"),
        created_at=document["created_at"],
        consent=Consent(**consent) if consent else None,
        identity=VerifiedIdentity(**{**identity, "birth_date": date.fromisoformat(identity["birth_date"])})
        if identity
        else None,
        residence=Residence(**residence) if residence else None,
        deleted_at=document.get("deleted_at"),
    )


class CitizenRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.database = database
        self._citizens = database[CITIZENS]
        self._phones = database[PHONES]

    async def get(self, citizen_id: str) -> Citizen | None:
        document = await self._citizens.find_one({"_id": citizen_id})
        return _from_document(strip_outbox(document)) if document else None

    async def by_phone(self, phone: str) -> Citizen | None:
        link = await self._phones.find_one({"_id": phone})
        return await self.get(link["citizen_id"]) if link else None

    async def by_pinfl(self, pinfl: str) -> Citizen | None:
        document = await self._citizens.find_one({"identity.pinfl": pinfl, "deleted_at": None})
        return _from_document(strip_outbox(document)) if document else None

    async def add(self, citizen: Citizen, events: Sequence[Event]) -> Citizen:
        """Create the citizen unless the phone is already taken (then return the owner: a concurrent sign-up)."""
        assert citizen.phone is not None
        try:
            await self._phones.insert_one({"_id": citizen.phone, "citizen_id": citizen.id})
        except DuplicateKeyError:
            existing = await self.by_phone(citizen.phone)
            assert existing is not None
            return existing
        await self._citizens.insert_one(new_document_with_events(_to_document(citizen), events))
        return citizen

    async def save(self, citizen: Citizen, events: Sequence[Event] = ()) -> None:
        fields: dict[str, Any] = {k: v for k, v in _to_document(citizen).items() if k != "_id"}
        await self._citizens.update_one({"_id": citizen.id}, with_events({"$set": fields}, events))

    async def release_phone(self, phone: str) -> None:
        await self._phones.delete_one({"_id": phone})
