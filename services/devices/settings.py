"""The devices service's settings (env prefix `SM_DEVICES_`); infrastructure addresses come from `shared.settings`."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from shared.events.registry import MONITORING_ALERTS, TELEMETRY_ACCESS, TELEMETRY_CAMERA, TELEMETRY_POSITIONS, USERS
from shared.settings import ServiceSettings


class DevicesSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SM_DEVICES_", extra="ignore", populate_by_name=True)

    service_name: str = "devices"
    port: int = 8005

    # Protocol servers (Traccar's default ports); 0 picks a free port (tests), None-like -1 disables one.
    protocol_host: str = "127.0.0.1"
    osmand_port: int = 5055
    gt06_port: int = 5023
    watch_port: int = 5093
    h02_port: int = 5013
    idle_timeout_s: float = 600.0
    max_connections: int = 20_000
    # Several processes may share the protocol ports (SO_REUSEPORT: the kernel spreads connections) —
    # how one machine uses all its cores for ingestion. Off by default so a second copy fails loudly.
    reuse_port: bool = False

    # Where normalised telemetry goes; the registry's topics unless a benchmark points elsewhere.
    positions_topic: str = TELEMETRY_POSITIONS.name
    access_topic: str = TELEMETRY_ACCESS.name
    camera_topic: str = TELEMETRY_CAMERA.name
    alerts_topic: str = MONITORING_ALERTS.name
    users_topic: str = USERS.name  # a deleted account loses its guardianships
    # Consumer groups are `<prefix>.positions`, `<prefix>.access`, `<prefix>.users`; tests use their own prefix.
    consumer_group_prefix: str = "devices"
    monitoring_enabled: bool = True

    # Storage limits, enforced in code (FerretDB has no TTL indexes).
    raw_frame_retention_hours: float = 72.0
    position_history_days: int = 30
    purge_interval_s: float = 600.0
    archive_raw_frames: bool = True
    archive_queue_limit: int = 100_000
    archive_batch: int = 1000

    # Child monitoring.
    default_low_battery_percent: int = 15
    default_offline_minutes: int = 30
    not_arrived_grace_minutes: int = 0
    civil_registry: str = "sandbox"
    pinfl_pepper: SecretStr = SecretStr("sandbox-devices-pinfl-pepper")
