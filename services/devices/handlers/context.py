"""What the use cases get: repositories, adapters, the clock and the timers (built in `deps`)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Callable

from services.devices.adapters.civil_registry import CivilRegistry
from services.devices.domain.alerts import AlertSettings
from services.devices.repository.children import ChildrenRepository
from services.devices.repository.devices import DeviceRepository
from services.devices.repository.live import LiveStore
from services.devices.repository.monitoring import MonitoringRepository
from services.devices.settings import DevicesSettings
from shared.auth.identity import identity_digest
from shared.clock import Clock
from shared.timers import TimerStore


@dataclasses.dataclass
class Context:
    settings: DevicesSettings
    clock: Clock
    devices: DeviceRepository
    children: ChildrenRepository
    monitoring: MonitoringRepository
    live: LiveStore
    timers: TimerStore
    civil_registry: CivilRegistry
    wake_relay: Callable[[], None]

    @property
    def default_alert_settings(self) -> AlertSettings:
        return AlertSettings(
            low_battery_percent=self.settings.default_low_battery_percent,
            offline_minutes=self.settings.default_offline_minutes,
        )

    def identity_digest_of(self, pinfl: str) -> str:
        """The person's identity digest, as the gateway signs it into his token (claim `idh`)."""
        return identity_digest(pinfl, self.settings.identity_digest_key.get_secret_value())

    def pinfl_hash(self, pinfl: str) -> str:
        """A blind index: children are found by PINFL without storing it."""
        key = self.settings.pinfl_pepper.get_secret_value().encode()
        return hmac.new(key, pinfl.encode(), hashlib.sha256).hexdigest()
