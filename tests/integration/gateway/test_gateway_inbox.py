"""The notification inbox on the real database: a redelivery stored once, reads after a cursor, erasure."""

from __future__ import annotations

from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase

from services.gateway.realtime.inbox import INBOX, Inbox, InboxEntry
from shared.mongo import Document

TEXT = {"uz-Latn": "Sinov", "uz-Cyrl": "Синов", "ru": "Тест", "en": "Test"}


def entry(user_id: str, cursor: int) -> InboxEntry:
    return InboxEntry(
        event_id=f"{user_id}-{cursor}", user_id=user_id, cursor=cursor, kind="appeal.assigned", title=TEXT,
        body=TEXT, priority="normal", data={}, created_at=datetime.now(UTC),
    )  # fmt: skip


async def test_a_batch_is_stored_once_and_a_redelivered_entry_is_reported_as_stored_before(
    database: AsyncDatabase[Document],
) -> None:
    inbox = Inbox(database)
    stored = await inbox.add_many([entry("c-aziz", 10), entry("c-aziz", 14), entry("c-malika", 3)])
    assert stored == {"c-aziz-10", "c-aziz-14", "c-malika-3"}

    assert await inbox.add_many([entry("c-aziz", 10), entry("c-aziz", 15)]) == {"c-aziz-15"}
    assert await database[INBOX].count_documents({"user_id": "c-aziz"}) == 3


async def test_a_stream_reads_only_what_is_after_its_cursor_and_nothing_for_a_user_without_news(
    database: AsyncDatabase[Document],
) -> None:
    inbox = Inbox(database)
    await inbox.add_many([entry("c-aziz", 5), entry("c-aziz", 9), entry("c-malika", 7)])

    assert [found.cursor for found in await inbox.after("c-aziz", 0)] == [5, 9]
    assert [found.cursor for found in await inbox.after("c-aziz", 5)] == [9]
    assert await inbox.after("c-aziz", 9) == []
    assert await inbox.after("c-nobody", 0) == []


async def test_erasing_a_user_removes_his_entries_and_no_one_elses(database: AsyncDatabase[Document]) -> None:
    inbox = Inbox(database)
    await inbox.add(entry("c-aziz", 4))
    await inbox.add(entry("c-malika", 5))

    await inbox.erase_user("c-aziz")

    assert await inbox.after("c-aziz", 0) == []
    assert [found.cursor for found in await inbox.after("c-malika", 0)] == [5]
