"""`shared.expiring`: entries expire, a remembered "nothing there" is told from a miss, the oldest goes first."""

from __future__ import annotations

import time

from shared.expiring import Expiring


def test_an_entry_is_found_until_it_expires_and_a_remembered_none_is_not_a_miss() -> None:
    cache: Expiring[str, str | None] = Expiring(ttl_s=0.05, size=10)
    cache.put("known", "c-1")
    cache.put("unknown", None)

    known, unknown = cache.get("known"), cache.get("unknown")
    assert known is not None
    assert known.value == "c-1"
    assert unknown is not None
    assert unknown.value is None
    assert cache.get("never") is None
    time.sleep(0.06)
    assert cache.get("known") is None


def test_an_entry_may_expire_sooner_than_the_rest_and_the_oldest_is_dropped_past_the_size() -> None:
    cache: Expiring[str, int] = Expiring(ttl_s=60, size=2)
    cache.put("brief", 1, ttl_s=0.0)
    assert cache.get("brief") is None
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert [key for key in "abc" if cache.get(key) is not None] == ["b", "c"]
    cache.clear()
    assert cache.get("c") is None
