"""The database: PyMongo's native async client, one database per service, indexes declared and built at start.

The code stays inside the subset both FerretDB (local, CI) and MongoDB (production) support: single-document
atomicity, no transactions, no change streams, no TTL or geo indexes (see docs/decisions).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from pymongo import ASCENDING, AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError, WriteError

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


class InsertsMany(Protocol):
    async def insert_many(self, documents: list[Document], *, ordered: bool) -> object: ...


Refusals = dict[int, Exception]  # position in the group → why that write was refused


class _WriteGroups:
    """Writes of concurrent callers to one collection, sent together: while one command is on its way,
    the writes that arrive wait and leave as the next command (at most `WRITE_COMMAND_STATEMENTS`). A
    lone write leaves at once. FerretDB pays far more per command than per document (and applies an
    insert command as one SQLite transaction); on MongoDB it is one round trip instead of many.

    Each caller learns the fate of its own write: `DuplicateKeyError` when its key was taken, the
    server's `WriteError` for another refusal, or the error that failed the whole command."""

    def __init__(self, send: Callable[[list[Document]], Awaitable[Refusals]]) -> None:
        self._send_command = send
        self._waiting: list[tuple[Document, asyncio.Future[None]]] = []
        self._sender: asyncio.Task[None] | None = None

    async def _write(self, write: Document) -> None:
        outcome: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((write, outcome))
        if self._sender is None or self._sender.done() or self._sender.get_loop() is not outcome.get_loop():
            self._sender = asyncio.create_task(self._send_while_waiting())
        await outcome

    async def _send_while_waiting(self) -> None:
        group: list[tuple[Document, asyncio.Future[None]]] = []
        try:
            while self._waiting:
                group = self._waiting[:WRITE_COMMAND_STATEMENTS]
                del self._waiting[: len(group)]
                await self._send(group)
        except asyncio.CancelledError:  # the service is stopping: nobody may wait for ever
            stopped, self._waiting = [*group, *self._waiting], []
            for _, outcome in stopped:
                if not outcome.done():
                    outcome.set_exception(ConnectionError("the service stopped before the write was sent"))
            raise

    async def _send(self, group: list[tuple[Document, asyncio.Future[None]]]) -> None:
        try:
            refusals = await self._send_command([write for write, _ in group])
        except Exception as error:  # the command itself failed: every write in it did
            refusals = dict.fromkeys(range(len(group)), error)
        for index, (_, outcome) in enumerate(group):
            if outcome.done():
                continue  # its caller was cancelled; the write went with the others
            if index in refusals:
                outcome.set_exception(refusals[index])
            else:
                outcome.set_result(None)


class GroupedInserts(_WriteGroups):
    """Inserts into one collection, grouped (see `_WriteGroups`)."""

    def __init__(self, collection: InsertsMany) -> None:
        super().__init__(self._insert_many)
        self._collection = collection

    async def insert(self, document: Document) -> None:
        await self._write(document)

    async def _insert_many(self, documents: list[Document]) -> Refusals:
        try:
            await self._collection.insert_many(documents, ordered=False)
        except BulkWriteError as error:
            return _refusals(error.details.get("writeErrors", []))
        return {}


def _refusals(write_errors: list[Document]) -> Refusals:
    return {item["index"]: _refusal(item) for item in write_errors}


def _refusal(item: Document) -> WriteError:
    message, code = item.get("errmsg", "write refused"), item.get("code")
    return DuplicateKeyError(message, code, item) if code == 11000 else WriteError(message, code, item)
