"""A small in-process cache whose entries expire, for lookups a service repeats many times a second and
may answer a little late: token → subject at the gateway's edge, device lookups at ingestion, routing
views in appeals. Bounded: past `size` entries the oldest is dropped."""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


@dataclasses.dataclass(frozen=True)
class Held(Generic[Value]):
    """An entry found: its value may itself say "nothing there" (None), remembered as such."""

    value: Value


class Expiring(Generic[Key, Value]):
    def __init__(self, ttl_s: float, size: int) -> None:
        self._entries: OrderedDict[Key, tuple[float, Value]] = OrderedDict()
        self._ttl_s, self._size = ttl_s, size

    def get(self, key: Key) -> Held[Value] | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= time.monotonic():
            return None
        return Held(entry[1])

    def put(self, key: Key, value: Value, ttl_s: float | None = None) -> None:
        self._entries[key] = (time.monotonic() + (self._ttl_s if ttl_s is None else ttl_s), value)
        self._entries.move_to_end(key)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()
