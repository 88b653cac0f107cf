"""The geo service polls its feeds by itself: on an interval, through failures, until stopped."""

from __future__ import annotations

import asyncio

from services.geo.feeds import FeedPoller


class FlakyFeed:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.polls = 0

    async def poll(self) -> str:
        self.polls += 1
        if self.polls <= self.failures:
            raise ConnectionError("the ministry is away")
        return "ok"


async def test_a_poller_keeps_polling_after_a_failed_poll_and_stops_when_told() -> None:
    feed = FlakyFeed(failures=2)
    poller = FeedPoller("incidents", 0.01, feed.poll)

    poller.start()
    for _ in range(200):
        if feed.polls >= 4:
            break
        await asyncio.sleep(0.01)
    await poller.stop()
    polls_when_stopped = feed.polls
    await asyncio.sleep(0.05)

    assert polls_when_stopped >= 4
    assert feed.polls == polls_when_stopped


async def test_a_poller_with_no_interval_never_polls() -> None:
    feed = FlakyFeed(failures=0)
    poller = FeedPoller("ministry", 0, feed.poll)

    poller.start()
    await asyncio.sleep(0.05)
    await poller.stop()

    assert feed.polls == 0
