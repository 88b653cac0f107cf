"""What monitoring keeps: the child's rule state, alerts, school days, position history and the timeline."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.devices.domain.alerts import ChildState, Finding
from services.devices.domain.attendance import SchoolDay
from services.devices.repository import ALERTS, ATTENDANCE, CHILD_STATES, POSITIONS, RAW_FRAMES, TIMELINE
from shared.events.envelope import Event
from shared.mongo import Document
from shared.outbox import new_document_with_events, strip_outbox, with_events


class MonitoringRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._states = database[CHILD_STATES]
        self._alerts = database[ALERTS]
        self._attendance = database[ATTENDANCE]
        self._positions = database[POSITIONS]
        self._timeline = database[TIMELINE]
        self._raw_frames = database[RAW_FRAMES]

    # --- rule state ----------------------------------------------------------------------------
    async def state(self, child_id: str) -> ChildState:
        document = await self._states.find_one({"_id": child_id})
        if document is None:
            return ChildState()
        return ChildState(
            inside=frozenset(document.get("inside", [])),
            last_fix_time=document.get("last_fix_time"),
            last_seen=document.get("last_seen"),
            low_battery_alerted=document.get("low_battery_alerted", False),
            offline=document.get("offline", False),
        )

    async def save_state(self, child_id: str, state: ChildState) -> None:
        await self._states.update_one(
            {"_id": child_id},
            {
                "$set": {
                    "inside": sorted(state.inside),
                    "last_fix_time": state.last_fix_time,
                    "last_seen": state.last_seen,
                    "low_battery_alerted": state.low_battery_alerted,
                    "offline": state.offline,
                }
            },
            upsert=True,
        )

    # --- alerts --------------------------------------------------------------------------------
    async def raise_alert(self, child_id: str, finding: Finding, at: datetime, events: Sequence[Event]) -> bool:
        """Store the alert with its events; False when it was raised before (a redelivered report)."""
        document = {
            "_id": finding.alert_id,
            "child_id": child_id,
            "kind": finding.kind.value,
            "device_id": finding.device_id,
            "occurred_at": finding.at,
            "late": finding.late,
            "geofence_id": finding.geofence_id,
            "created_at": at,
        }
        try:
            await self._alerts.insert_one(new_document_with_events(document, events))
        except DuplicateKeyError:
            return False
        return True

    async def alerts(self, child_id: str, since: datetime, until: datetime) -> list[Document]:
        cursor = self._alerts.find({"child_id": child_id, "occurred_at": {"$gte": since, "$lt": until}})
        return [strip_outbox(document) async for document in cursor.sort("occurred_at", 1)]

    # --- attendance ----------------------------------------------------------------------------
    async def school_day(self, child_id: str, school_id: str, day: date) -> tuple[SchoolDay, int]:
        document = await self._attendance.find_one({"_id": f"{child_id}:{day.isoformat()}"})
        if document is None:
            return SchoolDay(child_id, school_id, day), 0
        return SchoolDay(
            child_id=child_id,
            school_id=document["school_id"],
            day=day,
            arrived_at=document.get("arrived_at"),
            left_at=document.get("left_at"),
            inside=document.get("inside", False),
            not_arrived_reported=document.get("not_arrived_reported", False),
            passes=tuple(document.get("passes", [])),
        ), int(document.get("version", 0))

    async def save_school_day(
        self, day: SchoolDay, version: int, events: Sequence[Event], timeline: Sequence[Document] = ()
    ) -> bool:
        """Optimistic: False when another writer changed the day since it was read. The day keeps its own
        timeline entries (school in/out), written in the same update: no second write per pass."""
        fields: dict[str, Any] = {
            "child_id": day.child_id,
            "school_id": day.school_id,
            "date": day.day.isoformat(),
            "arrived_at": day.arrived_at,
            "left_at": day.left_at,
            "inside": day.inside,
            "not_arrived_reported": day.not_arrived_reported,
            "passes": list(day.passes)[-200:],
            "version": version + 1,
        }
        if version == 0:
            try:
                document = {"_id": day.id, **fields, "timeline": list(timeline)}
                await self._attendance.insert_one(new_document_with_events(document, events))
                return True
            except DuplicateKeyError:
                return False
        update: dict[str, Any] = {"$set": fields}
        if timeline:
            update["$push"] = {"timeline": {"$each": list(timeline)}}
        result = await self._attendance.update_one({"_id": day.id, "version": version}, with_events(update, events))
        return result.modified_count == 1

    # --- position history and timeline --------------------------------------------------------
    async def add_position(self, child_id: str, device_id: str, document: Document) -> None:
        with contextlib.suppress(DuplicateKeyError):
            await self._positions.insert_one(
                {
                    "_id": f"{device_id}:{document['fix_time'].isoformat()}",
                    "child_id": child_id,
                    "device_id": device_id,
                    **document,
                }
            )

    async def positions(self, child_id: str, since: datetime, until: datetime, limit: int) -> list[Document]:
        cursor = self._positions.find(
            {"child_id": child_id, "fix_time": {"$gte": since, "$lt": until}}, {"_id": 0, "child_id": 0}
        )
        return [document async for document in cursor.sort("fix_time", 1).limit(limit)]

    async def add_timeline(self, entries: Sequence[Document]) -> None:
        if not entries:
            return
        operations = [UpdateOne({"_id": entry["_id"]}, {"$setOnInsert": entry}, upsert=True) for entry in entries]
        with contextlib.suppress(BulkWriteError):
            await self._timeline.bulk_write(operations, ordered=False)

    async def timeline(self, child_id: str, since: datetime, until: datetime) -> list[Document]:
        """Zone transitions and alerts, and the school days' own entries, in time order."""
        cursor = self._timeline.find({"child_id": child_id, "at": {"$gte": since, "$lt": until}}, {"_id": 0})
        entries = [document async for document in cursor]
        days = {since.date().isoformat(), until.date().isoformat()}
        async for day in self._attendance.find({"child_id": child_id, "date": {"$in": sorted(days)}}, {"timeline": 1}):
            entries.extend(entry for entry in day.get("timeline", []) if since <= entry["at"] < until)
        return sorted(entries, key=lambda entry: entry["at"])

    # --- expiry in code (FerretDB has no TTL indexes) ------------------------------------------
    async def purge(self, *, positions_before: datetime, frames_before: datetime) -> dict[str, int]:
        positions = await self._positions.delete_many({"received_at": {"$lt": positions_before}})
        timeline = await self._timeline.delete_many({"at": {"$lt": positions_before}})
        # Documents of one frame each, from before frames were packed, carry `received_at` alone.
        expired = {"$or": [{"received_until": {"$lt": frames_before}}, {"received_at": {"$lt": frames_before}}]}
        frames = await self._raw_frames.delete_many(expired)
        days = await self._attendance.delete_many(
            {"date": {"$lt": positions_before.date().isoformat()}, "_outbox_pending": {"$ne": True}}
        )
        return {
            "positions": positions.deleted_count,
            "timeline": timeline.deleted_count,
            "raw_frames": frames.deleted_count,
            "school_days": days.deleted_count,
        }
