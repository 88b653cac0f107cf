"""The database: PyMongo's native async client, one database per service, indexes declared and built at start.

The code stays inside the subset both FerretDB (local, CI) and MongoDB (production) support: single-document
atomicity, no transactions, no change streams, no TTL or geo indexes (see docs/decisions).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from pymongo import ASCENDING, AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import WriteError

Document = dict[str, Any]

# Most statements one write command sent by hand may carry. The driver splits its own bulk writes by the
# `maxWriteBatchSize` the server announces; FerretDB v1 keeps a connection per statement until its
# `update` command ends, so a long one can exhaust the database's pool (decision 0001).
WRITE_COMMAND_STATEMENTS = 32


@dataclasses.dataclass(frozen=True)
class IndexSpec:
    collection: str
    keys: Sequence[tuple[str, int]]
    unique: bool = False
    name: str | None = None

    def index_name(self) -> str:
        return self.name or "_".join(f"{field}_{direction}" for field, direction in self.keys)


def create_client(url: str, *, app_name: str) -> AsyncMongoClient[Document]:
    # A reply that never comes must fail the operation, not hang the caller forever.
    return AsyncMongoClient(url, appname=app_name, tz_aware=True, serverSelectionTimeoutMS=5000, socketTimeoutMS=120000)


async def run_updates(
    database: AsyncDatabase[Document], collection: str, statements: Sequence[Document], *, ordered: bool
) -> None:
    """Plain `update` commands of at most `WRITE_COMMAND_STATEMENTS` statements each (`{q, u, upsert?}`),
    for what the driver's bulk API cannot do on FerretDB (it cannot read FerretDB's reply to upserts).
    Raises `WriteError` with the first statement that failed."""
    for start in range(0, len(statements), WRITE_COMMAND_STATEMENTS):
        chunk = list(statements[start : start + WRITE_COMMAND_STATEMENTS])
        reply = await database.command({"update": collection, "updates": chunk, "ordered": ordered})
        first = (reply.get("writeErrors") or [None])[0]
        if first is not None:
            raise WriteError(first.get("errmsg", f"update of {collection} failed"), first.get("code"), reply)


async def ensure_indexes(database: AsyncDatabase[Document], specs: Sequence[IndexSpec]) -> None:
    for spec in specs:
        await database[spec.collection].create_index(list(spec.keys), unique=spec.unique, name=spec.index_name())


def ascending(*fields: str) -> list[tuple[str, int]]:
    return [(field, ASCENDING) for field in fields]


async def ping(client: AsyncMongoClient[Document]) -> bool:
    try:
        await client.admin.command("ping")
        return True
    except Exception:
        return False
