"""Who is in the sandbox fleet: deterministic identities, homes and schools in Tashkent (pure data).

The same roster is registered by `python -m services.devices.seed` and driven by `python -m sandbox.fleet`,
so the simulator's devices are known to the service.
"""

from __future__ import annotations

import dataclasses
import math
import random
from typing import Literal

# Real schools' surroundings in Tashkent (Chilonzor and Yunusobod); coordinates are street-level.
SCHOOLS: dict[str, tuple[str, float, float, str]] = {
    "school-110": ("110-maktab (Chilonzor)", 41.27530, 69.20420, "172626601014"),
    "school-57": ("57-maktab (Yunusobod)", 41.36410, 69.28870, "172628301002"),
}
UNIT_BASES: list[tuple[str, float, float]] = [
    ("ambulance", 41.29960, 69.24010),  # near Amir Temur square
    ("police", 41.31110, 69.27970),
]

Kind = Literal["watch", "unit_tracker", "turnstile"]


@dataclasses.dataclass(frozen=True)
class FleetDevice:
    index: int
    kind: Kind
    identifier: str
    school_id: str
    home: tuple[float, float]
    pass_id: str | None = None


def school_point(school_id: str) -> tuple[float, float]:
    _, latitude, longitude, _ = SCHOOLS[school_id]
    return latitude, longitude


def _home_near(rng: random.Random, school: tuple[float, float]) -> tuple[float, float]:
    distance_m = rng.uniform(400, 1800)
    bearing = rng.uniform(0, 2 * math.pi)
    return (
        school[0] + distance_m * math.cos(bearing) / 111_195,
        school[1] + distance_m * math.sin(bearing) / (111_195 * math.cos(math.radians(school[0]))),
    )


def roster(devices: int, *, seed: int = 2026) -> list[FleetDevice]:
    """`devices` devices: one turnstile per school, about a fifth unit trackers, the rest kids' watches."""
    rng = random.Random(seed)
    schools = list(SCHOOLS)
    fleet: list[FleetDevice] = []
    for index in range(devices):
        school_id = schools[index % len(schools)]
        if index < len(schools):
            mac = f"a4:14:37:00:00:{index:02x}"
            fleet.append(FleetDevice(index, "turnstile", mac, school_id, school_point(school_id)))
        elif index % 5 == 0:
            _, latitude, longitude = UNIT_BASES[index % len(UNIT_BASES)]
            fleet.append(FleetDevice(index, "unit_tracker", f"unit-{index:05d}", school_id, (latitude, longitude)))
        else:
            home = _home_near(rng, school_point(school_id))
            fleet.append(FleetDevice(index, "watch", f"86{index:013d}", school_id, home, pass_id=f"{1000 + index}"))
    return fleet
