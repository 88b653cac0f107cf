"""`shared.memory`: what a started service holds is taken out of the collector's reach."""

from __future__ import annotations

import gc

import pytest

from shared.memory import THRESHOLDS, settle_after_start
from shared.settings import ServiceSettings


def test_settling_freezes_what_is_alive_and_makes_young_collections_rarer() -> None:
    thresholds = gc.get_threshold()
    held = [{"kept": index} for index in range(1000)]
    try:
        settle_after_start()
        assert gc.get_freeze_count() >= len(held)
        assert gc.get_threshold() == THRESHOLDS
        assert THRESHOLDS[0] > thresholds[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_a_service_settles_its_memory_unless_told_not_to(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SM_SETTLE_MEMORY_AFTER_START", raising=False)
    assert ServiceSettings().settle_memory_after_start is True
    monkeypatch.setenv("SM_SETTLE_MEMORY_AFTER_START", "false")
    assert ServiceSettings().settle_memory_after_start is False
