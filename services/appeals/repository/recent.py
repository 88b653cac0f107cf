"""Each citizen's appeals of the last days, in one document addressed by his id, for the duplicate check.

FerretDB reads the whole collection for a query on any field but `_id`. The duplicate check asked every
submission for "this citizen's open appeals of the last 7 days"; with 200 submissions in flight each such
query waited about 4 s, and the benchmark sustained 4 submissions/s. A document per citizen (`_id` is his
id) lists his appeals with their time of receipt, and the appeals are then read by `_id`.

An appeal is listed before it is written: a crash between the two leaves an id that leads nowhere (skipped
when read), never an appeal the check cannot see. Entries older than the window are pulled when read.
Appeals from before this list existed are listed once, at the first start that finds no mark of it
(`restore`).
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from shared.mongo import Document, GroupedUpdates

RECENT_APPEALS = "recent_appeals"
RESTORED = "_restored"  # the mark that appeals older than the list were listed (no citizen id looks like it)


class RecentAppeals:
    def __init__(self, database: AsyncDatabase[Document], notes: GroupedUpdates | None = None) -> None:
        self._recent = database[RECENT_APPEALS]
        self._notes = notes or GroupedUpdates(database, RECENT_APPEALS)

    async def note(self, citizen_id: str, appeal_id: str, received_at: datetime) -> None:
        entry = {"id": appeal_id, "at": received_at}
        await self._notes.update({"q": {"_id": citizen_id}, "u": {"$addToSet": {"appeals": entry}}, "upsert": True})

    async def ids_since(self, citizen_id: str, since: datetime) -> list[str]:
        document = await self._recent.find_one({"_id": citizen_id})
        entries = (document or {}).get("appeals") or []
        stale = [entry for entry in entries if entry["at"] < since]
        if stale:
            await self._recent.update_one({"_id": citizen_id}, {"$pullAll": {"appeals": stale}})
        return [entry["id"] for entry in entries if entry["at"] >= since]

    async def restored(self) -> bool:
        return await self._recent.find_one({"_id": RESTORED}) is not None

    async def restore(self, appeals: AsyncIterable[Document]) -> int:
        """Lists the given appeals (`_id`, `citizen_id`, `received_at`), then marks the list complete."""
        restored = 0
        async for appeal in appeals:
            await self.note(appeal["citizen_id"], appeal["_id"], appeal["received_at"])
            restored += 1
        await self._recent.update_one({"_id": RESTORED}, {"$set": {"appeals": restored}}, upsert=True)
        return restored

    async def forget(self, citizen_id: str) -> None:
        await self._recent.delete_one({"_id": citizen_id})
