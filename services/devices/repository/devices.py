"""The device registry in Mongo, with a short-lived in-process cache for the hot lookups of ingestion."""

from __future__ import annotations

import time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.devices.domain.errors import DeviceAlreadyRegistered
from services.devices.domain.registry import Device, DeviceType, Owner, OwnerKind
from services.devices.repository import DEVICES
from shared.mongo import Document

CACHE_SECONDS = 30.0
CACHE_LIMIT = 100_000


def lookup_key(protocol: str, identifier: str) -> str:
    return f"{protocol}:{identifier}"


def to_document(device: Device) -> Document:
    return {
        "_id": device.id,
        "type": device.type.value,
        "protocol": device.protocol,
        "identifier": device.identifier,
        "lookup": lookup_key(device.protocol, device.identifier),
        "owner": {"kind": device.owner.kind.value, "id": device.owner.id},
        "territory_code": device.territory_code,
        "time_zone": device.time_zone,
        "registered_at": device.registered_at,
        "registered_by": device.registered_by,
    }


def from_document(document: Document) -> Device:
    return Device(
        id=document["_id"],
        type=DeviceType(document["type"]),
        protocol=document["protocol"],
        identifier=document["identifier"],
        owner=Owner(OwnerKind(document["owner"]["kind"]), document["owner"]["id"]),
        territory_code=document["territory_code"],
        time_zone=document["time_zone"],
        registered_at=document["registered_at"],
        registered_by=document["registered_by"],
    )


class DeviceRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._devices = database[DEVICES]
        self._cache: dict[str, tuple[float, Device | None]] = {}

    async def add(self, device: Device) -> None:
        try:
            await self._devices.insert_one(to_document(device))
        except DuplicateKeyError as exc:
            raise DeviceAlreadyRegistered(identifier=device.identifier) from exc
        self._cache.clear()

    async def get(self, device_id: str) -> Device | None:
        return await self._cached(f"id:{device_id}", {"_id": device_id})

    async def by_identifier(self, protocol: str, identifier: str) -> Device | None:
        return await self._cached(f"lookup:{protocol}:{identifier}", {"lookup": lookup_key(protocol, identifier)})

    async def owned_by(self, kind: OwnerKind, owner_id: str) -> list[Device]:
        cursor = self._devices.find({"owner.kind": kind.value, "owner.id": owner_id})
        return [from_document(document) async for document in cursor]

    async def _cached(self, key: str, query: dict[str, Any]) -> Device | None:
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        document = await self._devices.find_one(query)
        device = from_document(document) if document else None
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        # An unknown device is remembered briefly too: a refused device reconnecting in a loop costs nothing.
        self._cache[key] = (now + (CACHE_SECONDS if device else 2.0), device)
        return device
