"""Concurrent inserts into one collection leave together, and each caller learns its own document's fate."""

from __future__ import annotations

import asyncio

import pytest
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.mongo import Document, GroupedInserts


class GatedCollection:
    """Records each insert command; the first waits at the gate until the test opens it."""

    def __init__(self, taken_ids: frozenset[str] = frozenset(), failing: bool = False) -> None:
        self.commands: list[list[str]] = []
        self.gate = asyncio.Event()
        self._taken_ids = taken_ids
        self._failing = failing

    async def insert_many(self, documents: list[Document], *, ordered: bool) -> object:
        assert ordered is False
        self.commands.append([document["_id"] for document in documents])
        await self.gate.wait()
        if self._failing:
            raise ConnectionError("the database went away")
        errors = [{"index": index, "code": 11000, "errmsg": "E11000 duplicate key"}
                  for index, document in enumerate(documents) if document["_id"] in self._taken_ids]  # fmt: skip
        if errors:
            raise BulkWriteError({"writeErrors": errors, "nInserted": len(documents) - len(errors)})
        return None


async def test_a_lone_insert_leaves_at_once_in_a_command_of_its_own() -> None:
    collection = GatedCollection()
    collection.gate.set()
    await GroupedInserts(collection).insert({"_id": "a1"})
    assert collection.commands == [["a1"]]


async def test_inserts_arriving_while_a_command_is_on_its_way_leave_together_in_the_next() -> None:
    collection = GatedCollection()
    grouped = GroupedInserts(collection)
    first = asyncio.create_task(grouped.insert({"_id": "a1"}))
    await asyncio.sleep(0)  # the first command is on its way
    later = [asyncio.create_task(grouped.insert({"_id": f"a{number}"})) for number in range(2, 6)]
    await asyncio.sleep(0)
    collection.gate.set()
    await asyncio.gather(first, *later)
    assert collection.commands == [["a1"], ["a2", "a3", "a4", "a5"]]


async def test_a_taken_key_fails_only_the_caller_whose_document_it_was() -> None:
    collection = GatedCollection(taken_ids=frozenset({"a3"}))
    collection.gate.set()
    grouped = GroupedInserts(collection)
    outcomes = await asyncio.gather(*(grouped.insert({"_id": f"a{number}"}) for number in range(1, 5)),
                                    return_exceptions=True)  # fmt: skip
    assert [type(outcome).__name__ for outcome in outcomes] == ["NoneType", "NoneType", "DuplicateKeyError", "NoneType"]


async def test_a_command_that_fails_fails_every_caller_in_it() -> None:
    collection = GatedCollection(failing=True)
    collection.gate.set()
    grouped = GroupedInserts(collection)
    outcomes = await asyncio.gather(*(grouped.insert({"_id": f"a{number}"}) for number in range(3)),
                                    return_exceptions=True)  # fmt: skip
    assert all(isinstance(outcome, ConnectionError) for outcome in outcomes)


async def test_a_duplicate_alone_raises_the_duplicate_key_error() -> None:
    collection = GatedCollection(taken_ids=frozenset({"a1"}))
    collection.gate.set()
    with pytest.raises(DuplicateKeyError):
        await GroupedInserts(collection).insert({"_id": "a1"})
