"""Shutting down in bounded steps: a step that never ends or fails does not stop the ones after it."""

from __future__ import annotations

import asyncio

from shared.background import bounded_step


async def never_answers() -> None:
    await asyncio.Event().wait()


async def fails() -> None:
    raise ConnectionError("server gone")


async def test_a_step_that_never_ends_is_given_up_after_its_bound_and_the_next_step_runs() -> None:
    closed: list[str] = []

    async def close_redis() -> None:
        closed.append("redis")

    hung = await bounded_step("database", never_answers(), seconds=0.05)
    failed = await bounded_step("kafka", fails(), seconds=0.05)
    done = await bounded_step("redis", close_redis(), seconds=0.05)

    assert (hung, failed, done) == (False, False, True)
    assert closed == ["redis"]
