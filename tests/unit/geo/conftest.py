"""Fixtures of the geo domain tests: the generated pilot territory (built once) and its locators."""

from __future__ import annotations

import pytest

from services.geo.domain.lookup import BruteForceLocator, MahallaIndex
from services.geo.domain.registry import Territory
from services.geo.pilot import generate_pilot


@pytest.fixture(scope="session")
def pilot() -> Territory:
    return generate_pilot()


@pytest.fixture(scope="session")
def pilot_index(pilot: Territory) -> MahallaIndex:
    return MahallaIndex(pilot.mahallas)


@pytest.fixture(scope="session")
def pilot_brute_force(pilot: Territory) -> BruteForceLocator:
    return BruteForceLocator(pilot.mahallas)
