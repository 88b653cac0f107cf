"""Delivering a batch of notifications: fan-out, inbox, and push only for fresh ones to users with no stream."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.gateway.handlers.notifications import PUSH_WINDOW, fan_out, keep
from services.gateway.realtime.inbox import InboxEntry
from shared.clock import FixedClock
from shared.events.notifications import LocalisedText, NotificationRequestedV1
from shared.i18n import Language

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


class RememberingInbox:
    def __init__(self) -> None:
        self.entries: dict[str, InboxEntry] = {}

    async def add_many(self, entries: list[InboxEntry]) -> set[str]:
        new = {entry.event_id for entry in entries if entry.event_id not in self.entries}
        self.entries.update({entry.event_id: entry for entry in entries if entry.event_id in new})
        return new


class RecordingFanOut:
    def __init__(self) -> None:
        self.published: list[tuple[str, dict[str, Any]]] = []

    async def publish_many(self, messages: list[tuple[str, dict[str, Any]]]) -> None:
        self.published.extend(messages)


class KnownListeners:
    def __init__(self, *listening: str) -> None:
        self.listening = set(listening)

    async def listening_among(self, user_ids: set[str]) -> set[str]:
        return user_ids & self.listening


class ChosenLanguages:
    def __init__(self, **chosen: Language) -> None:
        self.chosen = chosen

    async def languages_of(self, user_ids: set[str]) -> dict[str, Language]:
        return {user_id: self.chosen.get(user_id, "uz-Latn") for user_id in user_ids}


class RecordingPush:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def push(self, user_id: str, title: str, body: str, data: dict[str, str], at: datetime) -> None:
        self.sent.append((user_id, title))


def notification(user_id: str, *, age: timedelta = timedelta(0)) -> NotificationRequestedV1:
    return NotificationRequestedV1(
        subject=user_id, time=NOW - age, kind="appeal.assigned",
        title=LocalisedText(**{"uz-Latn": "Murojaat", "uz-Cyrl": "Мурожаат", "ru": "Обращение", "en": "Appeal"}),
        body=LocalisedText(**{"uz-Latn": "Yangi", "uz-Cyrl": "Янги", "ru": "Новое", "en": "New"}),
    )  # fmt: skip


async def deliver(
    batch: list[NotificationRequestedV1], *, inbox: RememberingInbox, push: RecordingPush, listening: KnownListeners
) -> tuple[int, RecordingFanOut]:
    fanout = RecordingFanOut()
    notifications = [(event, cursor) for cursor, event in enumerate(batch)]
    await fan_out(notifications, fanout=fanout)
    new = await keep(
        notifications, inbox=inbox, presence=listening, push=push, preferences=ChosenLanguages(**{"c-ru": "ru"}),
        clock=FixedClock(NOW),
    )  # fmt: skip
    return new, fanout


async def test_a_user_without_a_stream_is_pushed_in_his_language_and_a_listening_user_is_not() -> None:
    inbox, push = RememberingInbox(), RecordingPush()

    new, fanout = await deliver(
        [notification("c-ru"), notification("c-listening")], inbox=inbox, push=push,
        listening=KnownListeners("c-listening"),
    )  # fmt: skip

    assert new == 2
    assert [user for user, _ in fanout.published] == ["c-ru", "c-listening"]
    assert push.sent == [("c-ru", "Обращение")]


async def test_a_redelivered_notification_is_fanned_out_again_but_not_pushed_twice() -> None:
    inbox, push = RememberingInbox(), RecordingPush()
    event = notification("c-ru")

    await deliver([event], inbox=inbox, push=push, listening=KnownListeners())
    new, fanout = await deliver([event], inbox=inbox, push=push, listening=KnownListeners())

    assert new == 0
    assert len(fanout.published) == 1
    assert len(push.sent) == 1


async def test_a_notification_older_than_the_push_window_is_kept_in_the_inbox_but_wakes_no_phone() -> None:
    inbox, push = RememberingInbox(), RecordingPush()
    stale = notification("c-ru", age=PUSH_WINDOW + timedelta(minutes=1))
    recent = notification("c-ru", age=PUSH_WINDOW - timedelta(minutes=1))

    new, _ = await deliver([stale, recent], inbox=inbox, push=push, listening=KnownListeners())

    assert new == 2
    assert set(inbox.entries) == {stale.id, recent.id}
    assert push.sent == [("c-ru", "Обращение")]


async def test_an_empty_batch_touches_nothing() -> None:
    inbox, push = RememberingInbox(), RecordingPush()

    new, fanout = await deliver([], inbox=inbox, push=push, listening=KnownListeners())

    assert (new, fanout.published, push.sent, inbox.entries) == (0, [], [], {})


class FailingInbox(RememberingInbox):
    async def add_many(self, entries: list[InboxEntry]) -> set[str]:
        raise ConnectionError("database unreachable")


async def test_a_batch_that_cannot_be_stored_wakes_no_phone_and_fails_for_a_retry() -> None:
    push = RecordingPush()
    batch = [(notification("c-away"), 1)]

    with pytest.raises(ConnectionError):  # the pipeline retries the batch
        await keep(batch, inbox=FailingInbox(), presence=KnownListeners(), push=push,
                   preferences=ChosenLanguages(), clock=FixedClock(NOW))  # fmt: skip

    assert push.sent == []  # the retry stores it and pushes it then
