"""The device registry in Mongo, with a short-lived in-process cache for the hot lookups of ingestion.

A connecting device names itself by protocol and identifier. FerretDB answers a query on any field but
`_id` by reading the whole collection (1,000 devices: 138 ms for the last one, and a thousand watches
logging in at once took 47 s), so each device also has a lookup document whose `_id` is that name.
The device is written first (its unique index refuses a second registration), then its lookup; a
lookup missing after a crash between the two is written again at start (`restore_lookups`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.devices.domain.errors import DeviceAlreadyRegistered
from services.devices.domain.registry import Device, DeviceType, Owner, OwnerKind
from services.devices.repository import DEVICE_LOOKUPS, DEVICES
from shared.expiring import Expiring
from shared.mongo import Document

CACHE_SECONDS = 30.0
CACHE_LIMIT = 100_000
UNKNOWN_SECONDS = 2.0


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


def lookup_document(device: Device) -> Document:
    return {"_id": lookup_key(device.protocol, device.identifier), "device_id": device.id}


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
        self._lookups = database[DEVICE_LOOKUPS]
        self._cache: Expiring[str, Device | None] = Expiring(ttl_s=CACHE_SECONDS, size=CACHE_LIMIT)

    async def add(self, device: Device) -> None:
        try:
            await self._devices.insert_one(to_document(device))
        except DuplicateKeyError as exc:
            raise DeviceAlreadyRegistered(identifier=device.identifier) from exc
        lookup = lookup_document(device)
        await self._lookups.replace_one({"_id": lookup["_id"]}, lookup, upsert=True)
        self._cache.clear()

    async def restore_lookups(self) -> int:
        """Writes the lookups devices lack; returns how many. Costs two counts when nothing is missing."""
        if await self._lookups.count_documents({}) >= await self._devices.count_documents({}):
            return 0
        known = {document["_id"] async for document in self._lookups.find({}, {"_id": 1})}
        missing = [lookup_document(from_document(document)) async for document in self._devices.find()
                   if document["lookup"] not in known]  # fmt: skip
        if missing:
            await self._lookups.insert_many(missing, ordered=False)
        return len(missing)

    async def get(self, device_id: str) -> Device | None:
        return await self._cached(f"id:{device_id}", lambda: self._devices.find_one({"_id": device_id}))

    async def by_identifier(self, protocol: str, identifier: str) -> Device | None:
        async def by_lookup() -> Document | None:
            lookup = await self._lookups.find_one({"_id": lookup_key(protocol, identifier)})
            return await self._devices.find_one({"_id": lookup["device_id"]}) if lookup else None

        return await self._cached(f"lookup:{protocol}:{identifier}", by_lookup)

    async def owned_by(self, kind: OwnerKind, owner_id: str) -> list[Device]:
        cursor = self._devices.find({"owner.kind": kind.value, "owner.id": owner_id})
        return [from_document(document) async for document in cursor]

    async def _cached(self, key: str, load: Callable[[], Awaitable[Document | None]]) -> Device | None:
        held = self._cache.get(key)
        if held is not None:
            return held.value
        document = await load()
        device = from_document(document) if document else None
        # An unknown device is remembered briefly too: a refused device reconnecting in a loop costs nothing.
        self._cache.put(key, device, None if device else UNKNOWN_SECONDS)
        return device
