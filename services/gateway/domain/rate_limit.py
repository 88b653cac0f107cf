"""Rate limits by GCRA (the generic cell rate algorithm): one number of state per key, exact bursts.

The state is the theoretical arrival time (TAT) in integer microseconds. A limit of `rate` requests per
`period` with a `burst` admits `burst` requests at once and then one per emission interval T = period / rate
(rounded up, so the limit is never looser than stated): over any stretch of t seconds starting from a
fresh state it admits at most burst + t / T requests. A request of cost n at time `now` is admitted when
now >= max(TAT, now) + n·T − burst·T; then TAT becomes max(TAT, now) + n·T. A refused request changes nothing.

`gcra` is the arithmetic; `GCRA_LUA` runs the same in Redis (atomically, on the server's clock), for the
handler to load with SCRIPT LOAD / EVALSHA. Callers never refuse an emergency (SOS) request for a limit:
they flag it instead.
"""

from __future__ import annotations

import dataclasses
import math

MICROS = 1_000_000


@dataclasses.dataclass(frozen=True)
class Limit:
    rate: int  # requests …
    period_seconds: float  # … per this many seconds
    burst: int  # requests admitted at once from a rested state

    def __post_init__(self) -> None:
        if self.rate < 1 or self.period_seconds <= 0 or self.burst < 1:
            raise ValueError("a limit needs a positive rate, period and burst")

    @property
    def emission_interval(self) -> int:
        """T in microseconds."""
        return math.ceil(self.period_seconds * MICROS / self.rate)

    @property
    def tolerance(self) -> int:
        """burst·T in microseconds: how far ahead of now the TAT may run."""
        return self.burst * self.emission_interval


@dataclasses.dataclass(frozen=True)
class Decision:
    allowed: bool
    tat: int  # the state to keep (unchanged when refused)
    retry_after: int  # microseconds until this request would be admitted; 0 when allowed
    remaining: int  # further requests of cost 1 admissible right now
    reset_after: int  # microseconds until the state is rested again (the key's time to live)

    @property
    def retry_after_seconds(self) -> int:
        """For `Retry-After`: whole seconds, rounded up."""
        return math.ceil(self.retry_after / MICROS)


def gcra(tat: int | None, now: int, limit: Limit, cost: int = 1) -> Decision:
    """Decide one request of `cost` at `now` (microseconds) given the stored `tat` (None: never seen)."""
    if cost < 1:
        raise ValueError("cost must be at least 1")
    interval, tolerance = limit.emission_interval, limit.tolerance
    base = max(tat if tat is not None else now, now)
    new_tat = base + cost * interval
    allow_at = new_tat - tolerance
    if now < allow_at:
        remaining = max(0, (now - (base - tolerance)) // interval)
        return Decision(False, tat if tat is not None else now, allow_at - now, remaining, base - now)
    return Decision(True, new_tat, 0, (now - allow_at) // interval, new_tat - now)


# KEYS[1] the limit's key; ARGV: emission interval (µs), tolerance = burst·T (µs), cost, and optionally now (µs)
# — by default the Redis server's clock, so that all gateway instances share one clock.
# Returns {allowed 0/1, retry_after µs, remaining, reset_after µs}. Numbers are written with %d: Lua 5.1
# would print a 16-digit microsecond timestamp as 1.7e+15 and lose it.
GCRA_LUA = """
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now
if ARGV[4] ~= nil and ARGV[4] ~= '' then
  now = tonumber(ARGV[4])
else
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000000 + tonumber(time[2])
end
local tat = tonumber(redis.call('GET', KEYS[1]))
local base = now
if tat ~= nil and tat > now then
  base = tat
end
local new_tat = base + cost * interval
local allow_at = new_tat - tolerance
if now < allow_at then
  return {0, allow_at - now, math.max(0, math.floor((now - (base - tolerance)) / interval)), base - now}
end
local ttl_ms = math.ceil((new_tat - now) / 1000)
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', string.format('%d', math.max(ttl_ms, 1)))
return {1, 0, math.floor((now - allow_at) / interval), new_tat - now}
"""
