"""The territory read model, built from `territory.v1`: posts of officials and the units that exist, in one
collection so that routing reads it in one query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.appeals.domain.routing import TerritoryView
from services.appeals.domain.territory import OfficialPost, TerritoryChange, ancestors, view_of
from shared.expiring import Expiring
from shared.mongo import Document, run_updates

OFFICIALS = "territory"  # posts (`<official>@<code>`, with a role) and units (`<code>`, `unit: true`)


def _write_of(change: TerritoryChange) -> dict[str, Any]:
    """The update that applies one fact to its document (a unit, or one official's post)."""
    if change.kind in ("unit_created", "unit_retired"):
        unit = {"active": change.kind == "unit_created", "as_of": change.at, "unit": True}
        return {"$set": unit}
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
    return {"$set": fields}


def _document_id(change: TerritoryChange) -> str:
    """A unit's document is its code; an official's post is `<official>@<code>`."""
    if change.kind in ("unit_created", "unit_retired"):
        return change.territory_code
    return f"{change.official_id}@{change.territory_code}"


def _stored_moment(at: datetime) -> datetime:
    """A time as the database keeps it (milliseconds, UTC), so a fact read back compares equal to itself."""
    return _aware(at).replace(microsecond=at.microsecond // 1000 * 1000)


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


class TerritoryViews(Expiring[tuple[str, ...], TerritoryView]):
    """Routing views by mahalla set, kept a short while in the process. FerretDB answers the view's query
    by reading the whole collection (thousands of posts and units for the pilot), and every submission
    asks it; territory changes a few times a day. This instance forgets every view when it applies a
    change; another instance of the service may route by a view up to `ttl_s` old."""

    def __init__(self, ttl_s: float = 30.0, size: int = 10_000) -> None:
        super().__init__(ttl_s, size)


class TerritoryReadModel:
    def __init__(self, database: AsyncDatabase[Document], views: TerritoryViews | None = None) -> None:
        self._database = database
        self._territory = database[OFFICIALS]
        self._views = views or TerritoryViews(ttl_s=0.0)

    async def apply_many(self, changes: Sequence[TerritoryChange]) -> None:
        """Apply a batch of facts in order, each only if newer than what its document holds.

        What each document holds is read once for the whole batch and the decision is taken here; the
        writes then address documents by `_id` alone. FerretDB v1 answers an `_id`-only filter from its
        primary key but scans the collection for any other filter, so a guarded upsert cost a scan per
        fact (minutes for the pilot's thousands). The facts of one document share a Kafka key (the unit's
        code), so one consumer applies them, in order; each write is idempotent and goes through `run_updates`."""
        held = await self._held_as_of([_document_id(change) for change in changes])
        updates = []
        for change in changes:
            key = _document_id(change)
            moment = _stored_moment(change.at)
            if key in held and held[key] >= moment:
                continue  # held already, or older than what is held
            held[key] = moment
            updates.append({"q": {"_id": key}, "u": _write_of(change), "upsert": True})
        await run_updates(self._database, OFFICIALS, updates, ordered=True)
        self._views.clear()

    async def _held_as_of(self, keys: Sequence[str]) -> dict[str, datetime]:
        found = self._territory.find({"_id": {"$in": sorted(set(keys))}}, {"as_of": 1})
        return {document["_id"]: _aware(document["as_of"]) async for document in found if "as_of" in document}

    async def view_for(self, mahalla_codes: Iterable[str]) -> TerritoryView:
        codes = [code for code in dict.fromkeys(mahalla_codes) if code]
        held = self._views.get(tuple(codes))
        if held is not None:
            return held.value
        view = await self._read_view(codes)
        self._views.put(tuple(codes), view)
        return view

    async def _read_view(self, codes: list[str]) -> TerritoryView:
        places = sorted({place for code in codes for place in ancestors(code)})
        query = {"active": True, "$or": [{"territory_code": {"$in": places}, "role": {"$exists": True}},
                                         {"_id": {"$in": codes}, "unit": True}]}  # fmt: skip
        found = [document async for document in self._territory.find(query)]
        posts = [
            OfficialPost(d["official_id"], d["role"], d["territory_code"], d["since"]) for d in found if "role" in d
        ]
        return view_of(codes, posts, [d["_id"] for d in found if d.get("unit")])
