"""The Interior Ministry incident feed: road accidents, administrative offences and crimes for a window.

The sandbox generates them (`domain.incident_feed`: realistic volumes and rhythms), the same ones for
the same window and seed, so ingesting a window twice stores nothing new.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from services.geo.domain.incident_feed import generate_incidents
from services.geo.domain.incidents import Incident
from services.geo.domain.registry import Territory


class IncidentFeed(Protocol):
    def fetch(self, territory: Territory, start: datetime, end: datetime) -> list[Incident]: ...


class SandboxIncidentFeed:
    def __init__(self, seed: int, rate_multiplier: float = 1.0) -> None:
        self._seed = seed
        self._rate = rate_multiplier

    def fetch(self, territory: Territory, start: datetime, end: datetime) -> list[Incident]:
        return list(generate_incidents(territory, start=start, end=end, seed=self._seed, rate_multiplier=self._rate))
