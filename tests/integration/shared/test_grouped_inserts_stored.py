"""Grouped inserts on the real database: every document stored once, a taken key refused to its caller only."""

from __future__ import annotations

import asyncio

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.mongo import Document, GroupedInserts


async def test_fifty_concurrent_inserts_with_one_taken_key_store_the_rest(database: AsyncDatabase[Document]) -> None:
    collection = database["grouped"]
    await collection.insert_one({"_id": "d-17", "first": True})
    grouped = GroupedInserts(collection)
    outcomes = await asyncio.gather(*(grouped.insert({"_id": f"d-{number}", "number": number}) for number in range(50)),
                                    return_exceptions=True)  # fmt: skip

    refused = [number for number, outcome in enumerate(outcomes) if isinstance(outcome, DuplicateKeyError)]
    assert refused == [17]
    assert [outcome for outcome in outcomes if outcome is not None and not isinstance(outcome, DuplicateKeyError)] == []
    assert await collection.count_documents({}) == 50
    kept = await collection.find_one({"_id": "d-17"})
    assert kept is not None
    assert kept.get("first") is True
