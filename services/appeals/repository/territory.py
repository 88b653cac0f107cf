"""The territory read model, built from `territory.v1`: posts of officials and the units that exist, in one
collection so that routing reads it in one query."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.appeals.domain.routing import TerritoryView
from services.appeals.domain.territory import OfficialPost, TerritoryChange, ancestors, view_of
from shared.idempotency import apply_once
from shared.mongo import Document

OFFICIALS = "territory"  # posts (`<official>@<code>`, with a role) and units (`<code>`, `unit: true`)


def _newer_than(change: TerritoryChange, key: str) -> dict[str, Any]:
    """Only a fact newer than what the document holds applies (posts of one official may arrive on
    different partitions, keyed by different mahallas)."""
    return {"_id": key, "$or": [{"as_of": {"$lt": change.at}}, {"as_of": {"$exists": False}}]}


class TerritoryReadModel:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._territory = database[OFFICIALS]

    async def apply(self, change: TerritoryChange) -> bool:
        """Apply one fact once; True when it changed something now."""
        if change.kind in ("unit_created", "unit_retired"):
            active = change.kind == "unit_created"
            update = {"$set": {"active": active, "as_of": change.at, "unit": True}}
            return await apply_once(self._territory, _newer_than(change, change.territory_code), update,
                                    event_id=change.event_id, upsert=True)  # fmt: skip
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
        post = f"{change.official_id}@{change.territory_code}"
        return await apply_once(self._territory, _newer_than(change, post), {"$set": fields},
                                event_id=change.event_id, upsert=True)  # fmt: skip

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
