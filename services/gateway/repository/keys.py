"""The signing key ring, shared by every gateway instance and sealed at rest with AES-256-GCM."""

from __future__ import annotations

import base64
import hashlib
import json
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.auth.tokens import KeyRing
from shared.mongo import Document

KEYS = "signing_keys"
RING_ID = "access-tokens"


class KeyRingStore:
    def __init__(self, database: AsyncDatabase[Document], key_encryption_key: str) -> None:
        self._keys = database[KEYS]
        self._aead = AESGCM(hashlib.sha256(key_encryption_key.encode()).digest())

    def _seal(self, ring: KeyRing) -> str:
        nonce = os.urandom(12)
        plain = json.dumps(ring.to_document()).encode()
        return base64.b64encode(nonce + self._aead.encrypt(nonce, plain, RING_ID.encode())).decode()

    def _open(self, sealed: str) -> KeyRing:
        raw = base64.b64decode(sealed)
        plain = self._aead.decrypt(raw[:12], raw[12:], RING_ID.encode())
        return KeyRing.from_document(json.loads(plain))

    async def load(self) -> KeyRing | None:
        document = await self._keys.find_one({"_id": RING_ID})
        return self._open(document["sealed"]) if document else None

    async def load_or_create(self, fresh: KeyRing) -> KeyRing:
        """The stored ring, or `fresh` stored as the first one (a racing instance's ring wins)."""
        existing = await self.load()
        if existing is not None:
            return existing
        try:
            await self._keys.insert_one({"_id": RING_ID, "generation": fresh.generation, "sealed": self._seal(fresh)})
        except DuplicateKeyError:
            stored = await self.load()
            assert stored is not None
            return stored
        return fresh

    async def replace(self, ring: KeyRing, expected_generation: int) -> bool:
        """Store a rotated ring unless another instance rotated first."""
        result = await self._keys.update_one(
            {"_id": RING_ID, "generation": expected_generation},
            {"$set": {"generation": ring.generation, "sealed": self._seal(ring)}},
        )
        return result.modified_count == 1
