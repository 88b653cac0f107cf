"""From decoded frames of one known device to Kafka: normalise ids, filter positions, publish, archive.

`Ingestor.ingest` returns only when Kafka has every record of the batch, so the caller may answer the
device; if it raises, the caller sends no ACK and the device sends again.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
from collections.abc import Sequence
from datetime import datetime

from pydantic_core import to_json

from services.devices.domain.filtering import FilterPolicy, judge
from services.devices.domain.registry import Device
from services.devices.domain.telemetry import AccessPass, CameraEvent, DeviceStatus, Position, TelemetryRecord
from services.devices.ingest.archive import RawArchive
from services.devices.ingest.metrics import IngestMetrics
from services.devices.ingest.publisher import OutgoingRecord, TelemetryPublisher
from services.devices.protocol.results import DecodeResult
from shared.clock import Clock
from shared.events.devices import (
    AccessPassRecordedV1,
    CameraEventRecordedV1,
    DeviceStatusReportedV1,
    PositionReportedV1,
)
from shared.events.envelope import CONTENT_TYPE, SPEC_VERSION, Event, new_event_id

REFERENCE_LIMIT = 200_000
SPEC_VERSION_BYTES = SPEC_VERSION.encode()
CONTENT_TYPE_BYTES = CONTENT_TYPE.encode()
POSITION_TYPE = PositionReportedV1.event_type.encode()
POSITION_SOURCE = PositionReportedV1.source.encode()


@dataclasses.dataclass(frozen=True)
class Topics:
    positions: str
    access: str
    camera: str


class Ingestor:
    def __init__(
        self,
        publisher: TelemetryPublisher,
        archive: RawArchive,
        metrics: IngestMetrics,
        clock: Clock,
        topics: Topics,
        policy: FilterPolicy | None = None,
    ) -> None:
        self._publisher = publisher
        self._archive = archive
        self._metrics = metrics
        self._clock = clock
        self._topics = topics
        self._policy = policy or FilterPolicy()
        # The last trusted fix per device: the reference of the jump and duplicate checks.
        self._references: collections.OrderedDict[str, Position] = collections.OrderedDict()

    def count(self, results: Sequence[DecodeResult]) -> None:
        """Frames and their anomalies, counted once per protocol: per-record look-ups cost more than decoding."""
        for protocol, frames in collections.Counter(result.protocol for result in results).items():
            self._metrics.frames.labels(protocol).inc(frames)
        for result in results:
            for anomaly in result.anomalies:
                self._metrics.anomalies.labels(result.protocol, anomaly.value).inc()

    async def ingest(self, device: Device, results: Sequence[DecodeResult]) -> None:
        records: list[OutgoingRecord] = []
        records_of = [record for result in results for record in result.records]
        positions = sorted((r for r in records_of if isinstance(r, Position)), key=_fix_time)
        now = self._clock.now()
        for position in positions:
            outgoing = self._position_event(device, position, now)
            if outgoing is not None:
                records.append(outgoing)
        for record in records_of:
            if not isinstance(record, Position):
                topic, other = self._other_event(device, record)
                records.append(OutgoingRecord.of(other, topic))
        if records:
            try:
                await self._publisher.publish(records)
            except Exception:
                self._metrics.publish_failures.labels(device.protocol).inc()
                raise
        self.count(results)
        self._archive_all(device, results, now)
        for topic, published in collections.Counter(outgoing.topic for outgoing in records).items():
            self._metrics.published.labels(topic).inc(published)

    def _archive_all(self, device: Device, results: Sequence[DecodeResult], received_at: datetime) -> None:
        for result in results if self._archive.enabled else ():
            self._archive.add(
                device_id=device.id,
                protocol=result.protocol,
                message_type=result.message_type,
                raw=result.raw,
                received_at=received_at,
            )

    def _position_event(self, device: Device, position: Position, now: datetime) -> OutgoingRecord | None:
        previous = self._references.get(device.id)
        verdict = judge(position, previous, now=now, policy=self._policy)
        if not verdict.accepted:
            self._metrics.filtered.labels(verdict.reason.value).inc()
            return None
        kept, trusted = verdict.position, verdict.usable_as_reference
        if trusted and (previous is None or kept.fix_time > previous.fix_time):
            self._references[device.id] = kept
            self._references.move_to_end(device.id)
            if len(self._references) > REFERENCE_LIMIT:
                self._references.popitem(last=False)
        return position_record(device, kept, trusted=trusted, reason=verdict.reason.value, topic=self._topics.positions)

    def _other_event(self, device: Device, record: TelemetryRecord) -> tuple[str, Event]:
        common = {"subject": device.id, "device_type": device.type.value}
        if isinstance(record, DeviceStatus):
            return self._topics.positions, DeviceStatusReportedV1(
                **common,
                protocol=record.protocol,
                received_at=record.received_at,
                time=record.received_at,
                kind=record.kind.value,
                at=record.time,
                battery_percent=record.battery_percent,
                charging=record.charging,
                alarms=sorted(alarm.value for alarm in record.alarms),
                late=record.late,
            )
        if isinstance(record, AccessPass):
            return self._topics.access, AccessPassRecordedV1(
                **common,
                protocol=record.protocol,
                received_at=record.received_at,
                time=record.received_at,
                person_id=record.person_id,
                direction=record.direction.value,
                at=record.time,
                serial=record.serial,
                method=record.method,
            )
        assert isinstance(record, CameraEvent)
        received_at = record.received_at or self._clock.now()
        return self._topics.camera, CameraEventRecordedV1(
            **common,
            protocol=record.protocol,
            received_at=received_at,
            time=received_at,
            kind=record.kind.value,
            at=record.time,
            source_token=record.source,
            snapshot_ref=record.snapshot_ref,
            data=dict(record.data),
        )


def position_record(device: Device, position: Position, *, trusted: bool, reason: str, topic: str) -> OutgoingRecord:
    """`PositionReportedV1` on the wire, built without pydantic: this runs for every position (tens of
    thousands a second), and a unit test holds it to the contract (`model_validate` of the same JSON)."""
    event_id = new_event_id()
    received = _iso(position.received_at)
    value = {
        "id": event_id,
        "time": received,
        "subject": device.id,
        "device_type": device.type.value,
        "protocol": position.protocol,
        "received_at": received,
        "fix_time": position.fix_time.isoformat(),
        "latitude": position.latitude,
        "longitude": position.longitude,
        "speed_kmh": position.speed_kmh,
        "course": position.course,
        "accuracy_m": position.accuracy_m,
        "altitude_m": position.altitude_m,
        "valid": position.valid,
        "battery_percent": position.battery_percent,
        "alarms": sorted(alarm.value for alarm in position.alarms) if position.alarms else [],
        "late": position.late,
        "trusted_fix": trusted,
        "filter_reason": reason,
    }
    headers = [
        ("ce_specversion", SPEC_VERSION_BYTES),
        ("ce_id", event_id.encode()),
        ("ce_type", POSITION_TYPE),
        ("ce_source", POSITION_SOURCE),
        ("ce_time", received.encode()),
        ("ce_subject", device.id.encode()),
        ("content-type", CONTENT_TYPE_BYTES),
    ]
    return OutgoingRecord(topic, device.id.encode(), to_json(value), headers)


@functools.lru_cache(maxsize=8)
def _iso(moment: datetime) -> str:
    """The frames of one read share their time of receipt: its text is made once, not per position."""
    return moment.isoformat()


def _fix_time(position: Position) -> datetime:
    return position.fix_time
