"""Durable timers: fired once with two competing schedulers, and still fired after a restart."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document, ensure_indexes
from shared.timers import FIRED, TIMER_INDEXES, TimerScheduler, TimerStore
from tests.support.waiting import EVENTUALLY_S


class FiringLog:
    def __init__(self) -> None:
        self.fired: Counter[str] = Counter()

    async def __call__(self, timer_id: str, payload: Mapping[str, Any]) -> None:
        self.fired[timer_id] += 1
        await asyncio.sleep(0.01)  # give the other scheduler a chance to race for the same timer


async def wait_until_fired(store: TimerStore, timer_ids: list[str], timeout: float = EVENTUALLY_S) -> None:
    async def all_fired() -> bool:
        for timer_id in timer_ids:
            timer = await store.get(timer_id)
            if timer is None or timer["state"] != FIRED:
                return False
        return True

    deadline = asyncio.get_running_loop().time() + timeout
    while not await all_fired():
        assert asyncio.get_running_loop().time() < deadline, "timers did not fire in time"
        await asyncio.sleep(0.1)


async def test_each_timer_fires_exactly_once_with_two_competing_schedulers(database: AsyncDatabase[Document]) -> None:
    await ensure_indexes(database, TIMER_INDEXES)
    store = TimerStore(database)
    due = datetime.now(UTC) - timedelta(seconds=1)
    timer_ids = [f"deadline:{number}" for number in range(30)]
    for timer_id in timer_ids:
        await store.schedule(timer_id, "deadline", due, {"appeal": timer_id})
    log = FiringLog()
    schedulers = [TimerScheduler(store, {"deadline": log}, poll_interval=0.05) for _ in range(2)]
    for scheduler in schedulers:
        scheduler.start()
    try:
        await wait_until_fired(store, timer_ids)
        await asyncio.sleep(0.5)  # a double fire would show up now
    finally:
        for scheduler in schedulers:
            await scheduler.stop()

    assert sorted(log.fired) == sorted(timer_ids)
    assert set(log.fired.values()) == {1}
    assert sum(scheduler.fired for scheduler in schedulers) == len(timer_ids)


async def test_a_timer_due_while_its_scheduler_was_down_fires_after_the_restart(
    database: AsyncDatabase[Document],
) -> None:
    store = TimerStore(database)
    log = FiringLog()
    first = TimerScheduler(store, {"reminder": log}, poll_interval=0.05)
    first.start()
    await store.schedule("reminder:1", "reminder", datetime.now(UTC) + timedelta(seconds=1), {})
    await first.stop()  # the service went down before the timer was due
    await asyncio.sleep(1.2)
    assert log.fired["reminder:1"] == 0

    restarted = TimerScheduler(store, {"reminder": log}, poll_interval=0.05)
    restarted.start()
    try:
        await wait_until_fired(store, ["reminder:1"])
    finally:
        await restarted.stop()
    assert log.fired["reminder:1"] == 1


async def test_a_timer_claimed_by_a_scheduler_that_died_is_fired_by_another_after_the_claim_expires(
    database: AsyncDatabase[Document],
) -> None:
    store = TimerStore(database)
    await store.schedule("offline:7", "offline", datetime.now(UTC) - timedelta(seconds=1), {})
    claimed = await store.claim_due("a-scheduler-that-died", timedelta(milliseconds=300))
    assert claimed is not None

    log = FiringLog()
    survivor = TimerScheduler(store, {"offline": log}, poll_interval=0.05)
    survivor.start()
    try:
        await wait_until_fired(store, ["offline:7"])
    finally:
        await survivor.stop()
    assert log.fired["offline:7"] == 1


async def test_a_fired_timer_is_not_rescheduled(database: AsyncDatabase[Document]) -> None:
    store = TimerStore(database)
    log = FiringLog()
    scheduler = TimerScheduler(store, {"once": log}, poll_interval=0.05)
    await store.schedule("once:1", "once", datetime.now(UTC) - timedelta(seconds=1), {})
    assert await scheduler.fire_due() is True
    await store.schedule("once:1", "once", datetime.now(UTC) - timedelta(seconds=1), {})
    assert await scheduler.fire_due() is False
    assert log.fired["once:1"] == 1


async def test_a_timer_scheduled_through_the_schedulers_own_store_fires_without_waiting_for_a_rescan(
    database: AsyncDatabase[Document],
) -> None:
    store = TimerStore(database)
    log = FiringLog()
    scheduler = TimerScheduler(store, {"soon": log}, poll_interval=0.05, rescan_interval=3600)
    scheduler.start()
    try:
        await asyncio.sleep(0.3)  # the first pass found nothing due; the next rescan is an hour away
        await store.schedule("soon:1", "soon", datetime.now(UTC) + timedelta(milliseconds=300), {})
        await wait_until_fired(store, ["soon:1"], timeout=5)
    finally:
        await scheduler.stop()
    assert log.fired["soon:1"] == 1


async def test_a_timer_another_replica_scheduled_fires_at_the_next_rescan(database: AsyncDatabase[Document]) -> None:
    other_replica = TimerStore(database)
    log = FiringLog()
    scheduler = TimerScheduler(TimerStore(database), {"elsewhere": log}, poll_interval=0.05, rescan_interval=1.0)
    scheduler.start()
    try:
        await asyncio.sleep(0.3)
        await other_replica.schedule("elsewhere:1", "elsewhere", datetime.now(UTC), {})
        await asyncio.sleep(0.3)
        assert log.fired["elsewhere:1"] == 0  # unknown to this scheduler until it asks again
        await wait_until_fired(other_replica, ["elsewhere:1"], timeout=5)
    finally:
        await scheduler.stop()
    assert log.fired["elsewhere:1"] == 1
