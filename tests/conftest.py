"""For the whole suite."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """This process starts hundreds of apps one after another: freezing the memory of each at its start
    (`shared.memory`) would keep every earlier app's object graph for good. Service processes the
    end-to-end tests launch set it back on."""
    os.environ["SM_SETTLE_MEMORY_AFTER_START"] = "false"
