"""Schools, children, guardianships, geofences and alert settings in Mongo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.devices.domain.alerts import AlertKind, AlertSettings
from services.devices.domain.geofences import Circle, Geofence, GeofenceKind, Polygon, Schedule
from services.devices.domain.guardianship import Child, Guardianship, GuardianshipStatus, Relation
from services.devices.domain.schools import School
from services.devices.repository import ALERT_SETTINGS, CHILDREN, GEOFENCES, GUARDIANSHIPS, SCHOOLS
from shared.events.envelope import Event
from shared.mongo import Document
from shared.outbox import new_document_with_events, strip_outbox, with_events


def _school_document(school: School) -> Document:
    return {
        "_id": school.id,
        "name": school.name,
        "territory_code": school.territory_code,
        "classes_start": school.classes_start.isoformat(),
        "classes_end": school.classes_end.isoformat(),
        "weekdays": sorted(school.weekdays),
        "time_zone": school.time_zone,
    }


def _school(document: Document) -> School:
    return School(
        id=document["_id"],
        name=document["name"],
        territory_code=document["territory_code"],
        classes_start=time.fromisoformat(document["classes_start"]),
        classes_end=time.fromisoformat(document["classes_end"]),
        weekdays=frozenset(document["weekdays"]),
        time_zone=document["time_zone"],
    )


def _child(document: Document) -> Child:
    return Child(
        id=document["_id"],
        first_name=document["first_name"],
        pinfl_hash=document["pinfl_hash"],
        school_id=document.get("school_id"),
        pass_id=document.get("pass_id"),
    )


def _guardianship(document: Document) -> Guardianship:
    return Guardianship(
        child_id=document["child_id"],
        guardian_id=document["guardian_id"],
        relation=Relation(document["relation"]),
        status=GuardianshipStatus(document["status"]),
        verified_at=document["verified_at"],
        revoked_at=document.get("revoked_at"),
    )


def _shape_document(fence: Geofence) -> Document:
    if isinstance(fence.shape, Circle):
        return {"circle": [fence.shape.latitude, fence.shape.longitude, fence.shape.radius_m]}
    return {"polygon": [list(point) for point in fence.shape.points]}


def _geofence(document: Document) -> Geofence:
    shape: Circle | Polygon
    if "circle" in document:
        shape = Circle(*document["circle"])
    else:
        shape = Polygon(tuple((point[0], point[1]) for point in document["polygon"]))
    schedule = document.get("schedule")
    return Geofence(
        id=document["_id"],
        child_id=document["child_id"],
        name=document["name"],
        kind=GeofenceKind(document["kind"]),
        shape=shape,
        schedule=Schedule(
            frozenset(schedule["weekdays"]),
            time.fromisoformat(schedule["start"]),
            time.fromisoformat(schedule["end"]),
            schedule["time_zone"],
        )
        if schedule
        else None,
    )


class ChildrenRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._schools = database[SCHOOLS]
        self._children = database[CHILDREN]
        self._guardianships = database[GUARDIANSHIPS]
        self._geofences = database[GEOFENCES]
        self._settings = database[ALERT_SETTINGS]

    # --- schools -------------------------------------------------------------------------------
    async def save_school(self, school: School) -> None:
        document = _school_document(school)
        await self._schools.replace_one({"_id": school.id}, document, upsert=True)

    async def school(self, school_id: str) -> School | None:
        document = await self._schools.find_one({"_id": school_id})
        return _school(document) if document else None

    # --- children ------------------------------------------------------------------------------
    async def add_child(self, child: Child) -> Child:
        """Insert the child, or return the one already known by the same PINFL."""
        document = {
            "_id": child.id,
            "first_name": child.first_name,
            "pinfl_hash": child.pinfl_hash,
            "school_id": child.school_id,
            "pass_id": child.pass_id,
        }
        try:
            await self._children.insert_one(document)
            return child
        except DuplicateKeyError:
            existing = await self._children.find_one({"pinfl_hash": child.pinfl_hash})
            assert existing is not None
            return _child(existing)

    async def enrol(self, child_id: str, school_id: str, pass_id: str) -> None:
        await self._children.update_one({"_id": child_id}, {"$set": {"school_id": school_id, "pass_id": pass_id}})

    async def child(self, child_id: str) -> Child | None:
        document = await self._children.find_one({"_id": child_id})
        return _child(document) if document else None

    async def child_by_pinfl_hash(self, pinfl_hash: str) -> Child | None:
        document = await self._children.find_one({"pinfl_hash": pinfl_hash})
        return _child(document) if document else None

    async def child_by_pass(self, school_id: str, pass_id: str) -> Child | None:
        document = await self._children.find_one({"school_id": school_id, "pass_id": pass_id})
        return _child(document) if document else None

    async def pupils(self, school_id: str) -> list[Child]:
        return [_child(document) async for document in self._children.find({"school_id": school_id})]

    # --- guardianships -------------------------------------------------------------------------
    async def save_guardianship(self, guardianship: Guardianship, events: Sequence[Event] = ()) -> None:
        fields = {
            "child_id": guardianship.child_id,
            "guardian_id": guardianship.guardian_id,
            "relation": guardianship.relation.value,
            "status": guardianship.status.value,
            "verified_at": guardianship.verified_at,
            "revoked_at": guardianship.revoked_at,
        }
        existing = await self._guardianships.find_one({"_id": guardianship.id}, {"_id": 1})
        if existing is None:
            try:
                await self._guardianships.insert_one(
                    new_document_with_events({"_id": guardianship.id, **fields}, events)
                )
                return
            except DuplicateKeyError:
                pass
        await self._guardianships.update_one({"_id": guardianship.id}, with_events({"$set": fields}, events))

    async def guardianship(self, child_id: str, guardian_id: str) -> Guardianship | None:
        document = await self._guardianships.find_one({"_id": f"{child_id}:{guardian_id}"})
        return _guardianship(strip_outbox(document)) if document else None

    async def active_guardians(self, child_id: str) -> list[Guardianship]:
        cursor = self._guardianships.find({"child_id": child_id, "status": GuardianshipStatus.VERIFIED.value})
        return [_guardianship(strip_outbox(document)) async for document in cursor]

    async def wards(self, guardian_id: str) -> list[Guardianship]:
        cursor = self._guardianships.find({"guardian_id": guardian_id, "status": GuardianshipStatus.VERIFIED.value})
        return [_guardianship(strip_outbox(document)) async for document in cursor]

    # --- geofences -----------------------------------------------------------------------------
    async def add_geofence(self, fence: Geofence) -> None:
        schedule: dict[str, Any] | None = None
        if fence.schedule is not None:
            schedule = {
                "weekdays": sorted(fence.schedule.weekdays),
                "start": fence.schedule.start.isoformat(),
                "end": fence.schedule.end.isoformat(),
                "time_zone": fence.schedule.time_zone,
            }
        await self._geofences.insert_one(
            {
                "_id": fence.id,
                "child_id": fence.child_id,
                "name": fence.name,
                "kind": fence.kind.value,
                "schedule": schedule,
                **_shape_document(fence),
            }
        )

    async def geofences(self, child_id: str) -> list[Geofence]:
        return [_geofence(document) async for document in self._geofences.find({"child_id": child_id})]

    async def delete_geofence(self, child_id: str, geofence_id: str) -> bool:
        result = await self._geofences.delete_one({"_id": geofence_id, "child_id": child_id})
        return result.deleted_count > 0

    # --- alert settings ------------------------------------------------------------------------
    async def alert_settings(self, child_id: str, guardian_id: str, default: AlertSettings) -> AlertSettings:
        document = await self._settings.find_one({"_id": f"{child_id}:{guardian_id}"})
        if document is None:
            return default
        return AlertSettings(
            low_battery_percent=document["low_battery_percent"],
            offline_minutes=document["offline_minutes"],
            muted=frozenset(AlertKind(kind) for kind in document.get("muted", [])),
        )

    async def forget_alert_settings(self, child_id: str, guardian_id: str) -> None:
        await self._settings.delete_one({"_id": f"{child_id}:{guardian_id}"})

    async def save_alert_settings(self, child_id: str, guardian_id: str, settings: AlertSettings) -> None:
        await self._settings.replace_one(
            {"_id": f"{child_id}:{guardian_id}"},
            {
                "child_id": child_id,
                "guardian_id": guardian_id,
                "low_battery_percent": settings.low_battery_percent,
                "offline_minutes": settings.offline_minutes,
                "muted": sorted(kind.value for kind in settings.muted),
            },
            upsert=True,
        )
