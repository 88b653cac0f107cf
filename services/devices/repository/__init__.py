"""Mongo storage of the devices service: collection names and the indexes built at start."""

from __future__ import annotations

from shared.mongo import IndexSpec, ascending

DEVICES = "devices"
DEVICE_LOOKUPS = "device_lookups"  # `_id` is "protocol:identifier": see repository.devices
SCHOOLS = "schools"
CHILDREN = "children"
GUARDIANSHIPS = "guardianships"
GEOFENCES = "geofences"
ALERT_SETTINGS = "alert_settings"
CHILD_STATES = "child_states"
ALERTS = "alerts"
ATTENDANCE = "attendance"
POSITIONS = "positions"
TIMELINE = "timeline"
RAW_FRAMES = "raw_frames"

OUTBOX_COLLECTIONS = [ALERTS, ATTENDANCE, GUARDIANSHIPS]
INDEXES = [
    IndexSpec(DEVICES, ascending("lookup"), unique=True),
    IndexSpec(DEVICES, ascending("owner.kind", "owner.id")),
    IndexSpec(CHILDREN, ascending("pinfl_hash"), unique=True),
    IndexSpec(CHILDREN, ascending("school_id", "pass_id")),
    IndexSpec(GUARDIANSHIPS, ascending("child_id", "status")),
    IndexSpec(GUARDIANSHIPS, ascending("guardian_id", "status")),
    IndexSpec(GEOFENCES, ascending("child_id")),
    IndexSpec(ALERTS, ascending("child_id", "occurred_at")),
    IndexSpec(POSITIONS, ascending("child_id", "fix_time")),
    IndexSpec(POSITIONS, ascending("received_at")),
    IndexSpec(TIMELINE, ascending("child_id", "at")),
    IndexSpec(TIMELINE, ascending("at")),
    IndexSpec(RAW_FRAMES, ascending("received_until")),
    IndexSpec(RAW_FRAMES, ascending("devices")),
]
