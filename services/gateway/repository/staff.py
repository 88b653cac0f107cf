"""Staff accounts and the audit trail of their sign-ins."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.gateway.domain.errors import GatewayError
from services.gateway.domain.staff import SignInAttempt, StaffAccount
from shared.auth import Role
from shared.events.envelope import Event
from shared.mongo import Document, IndexSpec
from shared.outbox import new_document_with_events, strip_outbox, with_events

STAFF = "staff"
SIGN_INS = "staff_sign_ins"
INDEXES = [
    IndexSpec(STAFF, [("login", 1)], unique=True),
    IndexSpec(SIGN_INS, [("login", 1), ("at", -1)]),
]


class LoginTaken(GatewayError):
    code = "gateway.login_taken"
    status = 409


def _to_document(account: StaffAccount) -> Document:
    document = dataclasses.asdict(account)
    document["_id"] = document.pop("id")
    document["roles"] = sorted(account.roles)
    document["scope"] = list(account.scope)
    return document


def _from_document(document: Document) -> StaffAccount:
    fields = {key: value for key, value in strip_outbox(document).items() if key != "_id"}
    fields["roles"] = frozenset(Role(role) for role in fields["roles"])
    fields["scope"] = tuple(fields["scope"])
    return StaffAccount(id=document["_id"], **fields)


class StaffRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._staff = database[STAFF]
        self._sign_ins = database[SIGN_INS]

    async def by_login(self, login: str) -> StaffAccount | None:
        document = await self._staff.find_one({"login": login})
        return _from_document(document) if document else None

    async def get(self, account_id: str) -> StaffAccount | None:
        document = await self._staff.find_one({"_id": account_id})
        return _from_document(document) if document else None

    async def add(self, account: StaffAccount, events: Sequence[Event]) -> None:
        try:
            await self._staff.insert_one(new_document_with_events(_to_document(account), events))
        except DuplicateKeyError as error:
            raise LoginTaken(login=account.login) from error

    async def save(self, account: StaffAccount) -> None:
        fields = {key: value for key, value in _to_document(account).items() if key != "_id"}
        await self._staff.update_one({"_id": account.id}, with_events({"$set": fields}, ()))

    async def record_sign_in(self, attempt: SignInAttempt) -> None:
        await self._sign_ins.insert_one(dataclasses.asdict(attempt))

    async def sign_ins(self, login: str, limit: int = 50) -> list[Document]:
        cursor = self._sign_ins.find({"login": login}, {"_id": 0}).sort("at", -1).limit(limit)
        return [document async for document in cursor]
