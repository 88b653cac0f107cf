"""Garbage collection for a long-running service process.

CPython's full collection walks every tracked object. A gateway holding a thousand WebSockets has some
400,000 of them, and a full collection then stopped its event loop for 300-400 ms about every 8 s at
500 notifications/s: in-flight messages outlive the young collections and count towards the next full
one, although reference counting frees them. That pause was the realtime benchmark's p99.

After start-up, what is alive (modules, routes, models, pools) stays alive for the life of the process,
so it is moved out of the collector's reach (`gc.freeze`), and young collections run less often, so
fewer short-lived objects are promoted. Cyclic garbage is still collected; only objects alive at the
freeze are never examined again.
"""

from __future__ import annotations

import gc

# Allocations minus deallocations of tracked objects before a young collection (CPython's default: 700),
# then young collections per middle one, and middle ones per full one (defaults: 10 and 10).
THRESHOLDS = (50_000, 20, 100)


def settle_after_start() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
