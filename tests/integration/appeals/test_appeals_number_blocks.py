"""Appeal numbers from blocks claimed on the real database: unique across instances, claimed ahead."""

from __future__ import annotations

import asyncio

from pymongo.asynchronous.database import AsyncDatabase

from services.appeals.repository import COUNTERS, NumberCounter
from shared.mongo import Document
from tests.support.waiting import EVENTUALLY_S

SCOPE = "TAS-2026"


async def counter_value(database: AsyncDatabase[Document]) -> int:
    document = await database[COUNTERS].find_one({"_id": SCOPE})
    return int(document["value"]) if document else 0


async def test_two_instances_drawing_at_once_never_hand_out_the_same_number(
    database: AsyncDatabase[Document],
) -> None:
    first, second = NumberCounter(database, block=4), NumberCounter(database, block=4)
    try:
        drawn = await asyncio.gather(*(counter.next(SCOPE) for _ in range(30) for counter in (first, second)))
    finally:
        await first.close()
        await second.close()

    assert len(set(drawn)) == len(drawn) == 60
    assert min(drawn) == 1


async def test_the_next_block_is_claimed_once_half_of_the_block_in_hand_is_used(
    database: AsyncDatabase[Document],
) -> None:
    counter = NumberCounter(database, block=4)
    try:
        assert [await counter.next(SCOPE) for _ in range(2)] == [1, 2]
        assert await counter_value(database) == 4  # the first block only

        assert await counter.next(SCOPE) == 3  # one left in hand: the following block is claimed behind it
        async with asyncio.timeout(EVENTUALLY_S):
            while await counter_value(database) != 8:
                await asyncio.sleep(0.02)

        assert [await counter.next(SCOPE) for _ in range(3)] == [4, 5, 6]
        assert await counter_value(database) == 8  # no claim while half of the new block is left
    finally:
        await counter.close()


async def test_a_restart_leaves_a_gap_but_never_repeats_a_number(database: AsyncDatabase[Document]) -> None:
    before = NumberCounter(database, block=4)
    drawn = [await before.next(SCOPE) for _ in range(3)]
    await before.close()

    after = NumberCounter(database, block=4)
    try:
        following = await after.next(SCOPE)
    finally:
        await after.close()

    assert following > max(drawn)
