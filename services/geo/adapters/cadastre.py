"""The cadastre (State Cadastre Agency address register): free-text address → cadastre number and location.

Production would call the agency's service; the sandbox answers from a synthetic address book of pilot
streets whose houses lie inside pilot mahallas (`domain.addresses`), rebuilt whenever the territory changes.
"""

from __future__ import annotations

from typing import Protocol

from services.geo.domain.addresses import AddressRecord, find, sample, sandbox_address_book
from services.geo.domain.registry import Territory


class Cadastre(Protocol):
    async def search(self, query: str) -> AddressRecord | None: ...

    async def examples(self, limit: int) -> list[AddressRecord]: ...


class SandboxCadastre:
    def __init__(self) -> None:
        self._records: list[AddressRecord] = []

    def rebuild(self, territory: Territory) -> None:
        """Called (in a worker thread) with every new territory snapshot."""
        self._records = sandbox_address_book(territory)

    async def search(self, query: str) -> AddressRecord | None:
        return find(self._records, query)

    async def examples(self, limit: int) -> list[AddressRecord]:
        return sample(self._records, limit)
