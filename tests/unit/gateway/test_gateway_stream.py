"""One user's notification stream with in-memory parts: catch-up, live delivery, missed messages, cleanup."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import anyio

from services.gateway.realtime.fanout import Listener
from services.gateway.realtime.inbox import InboxEntry
from services.gateway.realtime.stream import SETTLE_READS, follow, settle_wait_s

USER = "c-0001"
TICK_S = 0.01


def entry(cursor: int) -> InboxEntry:
    text = {"uz-Latn": f"Xabar {cursor}", "uz-Cyrl": f"Хабар {cursor}", "ru": f"Сообщение {cursor}",
            "en": f"Message {cursor}"}  # fmt: skip
    return InboxEntry(f"e-{cursor}", USER, cursor, "appeal.answered", text, text, "normal", {},
                      datetime(2026, 11, 26, tzinfo=UTC))  # fmt: skip


def live(item: InboxEntry) -> dict[str, Any]:
    return item.to_document() | {"event_id": item.event_id}


class StoredInbox:
    def __init__(self, *entries: InboxEntry) -> None:
        self.entries = list(entries)
        self.reads = 0

    async def after(self, user_id: str, cursor: int) -> list[InboxEntry]:
        self.reads += 1
        return [item for item in self.entries if item.user_id == user_id and item.cursor > cursor]


class LocalFeed:
    """The fan-out of one instance; `head` is what it last fanned out, whether or not the stream saw it."""

    def __init__(self, *, steps_to_let_go: int = 0) -> None:
        self.listeners: list[Listener] = []
        self.head = -1
        self.steps_to_let_go = steps_to_let_go

    async def listen(self, user_id: str) -> Listener:
        listener = Listener()
        self.listeners.append(listener)
        return listener

    async def stop_listening(self, user_id: str, listener: Listener) -> None:
        for _ in range(self.steps_to_let_go):  # a network round trip, where a cancellation could land
            await asyncio.sleep(0)
        self.listeners.remove(listener)

    async def head_of(self, user_id: str) -> int:
        return self.head


class OpenConnections:
    def __init__(self) -> None:
        self.open: set[str] = set()

    async def touch(self, user_id: str, connection_id: str) -> None:
        self.open.add(connection_id)

    async def leave(self, user_id: str, connection_id: str) -> None:
        self.open.discard(connection_id)


def stream_of(
    inbox: StoredInbox, feed: LocalFeed, presence: OpenConnections, cursor: int = -1, heartbeat_s: float = TICK_S
) -> Any:
    return follow(USER, cursor, "en", inbox=inbox, fanout=feed, presence=presence, heartbeat_s=heartbeat_s)


async def notifications(stream: AsyncIterator[dict[str, Any] | None], count: int) -> list[str]:
    """The next `count` notifications' ids, heartbeats skipped."""
    seen: list[str] = []
    async for item in stream:
        if item is not None:
            seen.append(item["id"])
            if len(seen) == count:
                break
    return seen


async def test_a_stream_sends_what_the_inbox_holds_after_its_cursor_then_what_comes_live() -> None:
    inbox, feed, presence = StoredInbox(entry(1), entry(2), entry(3)), LocalFeed(), OpenConnections()
    stream = stream_of(inbox, feed, presence, cursor=1)
    assert await notifications(stream, 2) == ["2", "3"]
    feed.listeners[0].offer(live(entry(4)))
    feed.listeners[0].offer(live(entry(3)))  # a redelivery it already sent
    feed.listeners[0].offer(live(entry(5)))
    assert await notifications(stream, 2) == ["4", "5"]
    await stream.aclose()


async def test_a_live_notification_the_stream_missed_arrives_from_the_inbox_at_its_next_heartbeat() -> None:
    inbox, feed, presence = StoredInbox(), LocalFeed(), OpenConnections()
    stream = stream_of(inbox, feed, presence)
    assert await anext(stream) is None  # idle: a heartbeat
    inbox.entries.append(entry(7))  # stored and fanned out, but lost on the way to this instance
    feed.head = 7
    assert await asyncio.wait_for(notifications(stream, 1), 5) == ["7"]
    await stream.aclose()


async def test_an_idle_stream_with_nothing_missed_sends_heartbeats_and_leaves_the_inbox_alone() -> None:
    inbox, feed, presence = StoredInbox(entry(4)), LocalFeed(), OpenConnections()
    feed.head = 4
    stream = stream_of(inbox, feed, presence)
    assert await notifications(stream, 1) == ["4"]
    assert [await anext(stream) for _ in range(3)] == [None, None, None]
    assert inbox.reads == 1
    await stream.aclose()


async def test_a_listener_told_to_catch_up_reads_the_inbox_before_waiting_again() -> None:
    inbox, feed, presence = StoredInbox(entry(1)), LocalFeed(), OpenConnections()
    stream = stream_of(inbox, feed, presence)
    assert await notifications(stream, 1) == ["1"]
    inbox.entries += [entry(2), entry(3)]  # published while the fan-out's connection was down
    feed.listeners[0].catch_up()
    assert await notifications(stream, 2) == ["2", "3"]
    await stream.aclose()


async def test_a_stream_whose_queue_overflowed_catches_up_from_the_inbox_in_order() -> None:
    inbox, feed, presence = StoredInbox(), LocalFeed(), OpenConnections()
    stream = stream_of(inbox, feed, presence)
    assert await anext(stream) is None
    listener = feed.listeners[0]
    inbox.entries += [entry(cursor) for cursor in range(1, 1003)]
    for cursor in range(1, 1003):
        listener.offer(live(entry(cursor)))
    assert listener.behind
    assert await notifications(stream, 1002) == [str(cursor) for cursor in range(1, 1003)]
    await stream.aclose()


async def test_a_cancelled_request_still_lets_go_of_its_subscription_and_presence() -> None:
    inbox, feed, presence = StoredInbox(), LocalFeed(steps_to_let_go=3), OpenConnections()

    async def serve() -> None:
        async for _ in stream_of(inbox, feed, presence):
            pass

    async with anyio.create_task_group() as requests:  # the way the web server ends a disconnected stream
        requests.start_soon(serve)
        await asyncio.sleep(0.05)
        assert len(feed.listeners) == 1
        assert len(presence.open) == 1
        requests.cancel_scope.cancel()
    assert feed.listeners == []
    assert presence.open == set()


async def behind_the_head(head: int, count: int) -> tuple[StoredInbox, LocalFeed, Any, asyncio.Task[list[str]]]:
    """A stream opened while the user's head is at `head` and the inbox holds nothing yet, already waiting
    for its next `count` notifications (no heartbeat within the test)."""
    inbox, feed = StoredInbox(), LocalFeed()
    feed.head = head
    stream = stream_of(inbox, feed, OpenConnections(), heartbeat_s=3600)
    received = asyncio.create_task(notifications(stream, count))
    await asyncio.sleep(0.02)
    return inbox, feed, stream, received


async def test_a_notification_fanned_out_before_the_stream_subscribed_arrives_once_it_is_stored() -> None:
    inbox, _, stream, received = await behind_the_head(5, 1)  # published before the subscription
    inbox.entries.append(entry(5))
    assert await asyncio.wait_for(received, 5) == ["5"]
    await stream.aclose()


async def test_a_live_notification_is_not_sent_ahead_of_an_earlier_one_the_inbox_does_not_hold_yet() -> None:
    inbox, feed, stream, received = await behind_the_head(6, 2)
    feed.listeners[0].offer(live(entry(6)))  # live, while 5 is still on its way to the inbox
    await asyncio.sleep(0.02)
    inbox.entries += [entry(5), entry(6)]
    assert await asyncio.wait_for(received, 5) == ["5", "6"]
    await stream.aclose()


async def test_a_head_the_inbox_never_reaches_costs_a_bounded_number_of_quick_reads() -> None:
    inbox, feed, presence = StoredInbox(), LocalFeed(), OpenConnections()
    feed.head = 9  # fanned out, then never stored (its user erased meanwhile)
    stream = stream_of(inbox, feed, presence, heartbeat_s=3600)
    waiting = asyncio.create_task(anext(stream))
    await asyncio.sleep(sum(settle_wait_s(read) for read in range(1, SETTLE_READS + 1)) + 0.5)
    assert not waiting.done()
    assert inbox.reads == SETTLE_READS + 1
    waiting.cancel()


async def test_live_notifications_arriving_while_the_inbox_lags_do_not_put_off_its_next_read() -> None:
    inbox, feed, stream, received = await behind_the_head(5, 1)
    inbox.entries.append(entry(5))
    for cursor in range(6, 30):  # a busy user: live ones keep coming faster than the re-read is due
        feed.head = cursor
        feed.listeners[0].offer(live(entry(cursor)))
        await asyncio.sleep(0.02)
    assert received.done()
    assert received.result() == ["5"]
    await stream.aclose()
