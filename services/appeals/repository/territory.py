"""The territory read model, built from `territory.v1`: posts of officials and the units that exist, in one
collection so that routing reads it in one query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import WriteError

from services.appeals.domain.routing import TerritoryView
from services.appeals.domain.territory import OfficialPost, TerritoryChange, ancestors, view_of
from shared.idempotency import DUPLICATE_KEY, apply_once, guarded_update
from shared.mongo import Document

OFFICIALS = "territory"  # posts (`<official>@<code>`, with a role) and units (`<code>`, `unit: true`)


def _newer_than(change: TerritoryChange, key: str) -> dict[str, Any]:
    """Only a fact newer than what the document holds applies (posts of one official may arrive on
    different partitions, keyed by different mahallas)."""
    return {"_id": key, "$or": [{"as_of": {"$lt": change.at}}, {"as_of": {"$exists": False}}]}


def _write_of(change: TerritoryChange) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filter and update that apply one fact to its document (a unit, or one official's post)."""
    if change.kind in ("unit_created", "unit_retired"):
        unit = {"active": change.kind == "unit_created", "as_of": change.at, "unit": True}
        return _newer_than(change, change.territory_code), {"$set": unit}
    assert change.official_id is not None
    # One document per post (official × unit): a move is an assignment here and a removal there.
    fields: dict[str, Any] = {
        "active": change.kind == "official_assigned",
        "as_of": change.at,
        "official_id": change.official_id,
        "territory_code": change.territory_code,
    }
    if change.kind == "official_assigned":
        fields.update(role=change.role, since=change.at)
    return _newer_than(change, f"{change.official_id}@{change.territory_code}"), {"$set": fields}


def _update_entry(filter_: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    return {"q": filter_, "u": update, "upsert": True}


class TerritoryReadModel:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._database = database
        self._territory = database[OFFICIALS]

    async def apply(self, change: TerritoryChange) -> bool:
        """Apply one fact once; True when it changed something now."""
        filter_, update = _write_of(change)
        return await apply_once(self._territory, filter_, update, event_id=change.event_id, upsert=True)

    async def apply_many(self, changes: Sequence[TerritoryChange]) -> None:
        """Apply a batch of facts in order in one `update` command, each once and only if newer than held.

        A fact already held (or older than what is held) fails its upsert with a duplicate key and stops an
        ordered write: the write resumes after it. The command is sent as such because the driver's bulk
        API cannot read FerretDB's reply to upserts."""
        updates = [_update_entry(*guarded_update(*_write_of(change), event_id=change.event_id)) for change in changes]
        while updates:
            reply = await self._database.command({"update": OFFICIALS, "updates": updates, "ordered": True})
            failures = reply.get("writeErrors") or []
            if not failures:
                return
            if any(failure.get("code") != DUPLICATE_KEY for failure in failures):
                raise WriteError(failures[0].get("errmsg", "territory update failed"), failures[0].get("code"), reply)
            updates = updates[min(failure["index"] for failure in failures) + 1 :]

    async def view_for(self, mahalla_codes: Iterable[str]) -> TerritoryView:
        codes = [code for code in dict.fromkeys(mahalla_codes) if code]
        places = sorted({place for code in codes for place in ancestors(code)})
        query = {"active": True, "$or": [{"territory_code": {"$in": places}, "role": {"$exists": True}},
                                         {"_id": {"$in": codes}, "unit": True}]}  # fmt: skip
        found = [document async for document in self._territory.find(query)]
        posts = [
            OfficialPost(d["official_id"], d["role"], d["territory_code"], d["since"]) for d in found if "role" in d
        ]
        return view_of(codes, posts, [d["_id"] for d in found if d.get("unit")])
