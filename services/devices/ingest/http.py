"""HTTP-borne protocols: OsmAnd (Traccar Client), Hikvision ISAPI pushes, ZKTeco ADMS and ONVIF notifications.

Each returns the HTTP status (and body) to answer; a 2xx/`OK` goes out only once Kafka has the records,
so a device that hears anything else sends again. Unknown devices get 404 and are logged.
"""

from __future__ import annotations

import dataclasses
import logging

from services.devices.domain.errors import ProtocolError
from services.devices.domain.registry import Device, normalise_identifier
from services.devices.ingest.metrics import IngestMetrics
from services.devices.ingest.pipeline import Ingestor
from services.devices.protocol import hikvision, onvif, osmand, zkteco
from services.devices.protocol.results import DecodeResult
from services.devices.repository.devices import DeviceRepository
from shared.clock import Clock

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b""


NOT_FOUND = Answer(404, b"unknown device")
UNAVAILABLE = Answer(503, b"try again")


class HttpIngestion:
    def __init__(self, devices: DeviceRepository, ingestor: Ingestor, metrics: IngestMetrics, clock: Clock) -> None:
        self._devices = devices
        self._ingestor = ingestor
        self._metrics = metrics
        self._clock = clock

    async def osmand(self, query: str, body: bytes, content_type: str | None) -> Answer:
        received_at = self._clock.now()
        try:
            result = osmand.decode_request(query, body, content_type, received_at=received_at)
            device = await self._known("osmand", result.device_id)
            if device is None:
                return NOT_FOUND
            if device.time_zone != "UTC":
                result = osmand.decode_request(query, body, content_type, received_at=received_at, tz=device.zone)
        except ProtocolError as error:
            return self._malformed(error)
        return await self._store(device, result, Answer(200))

    async def hikvision(self, identifier: str | None, body: bytes, content_type: str | None) -> Answer:
        received_at = self._clock.now()
        try:
            result = hikvision.decode_event(body, content_type, received_at=received_at, device_id=identifier)
            device = await self._known("hikvision", normalise_identifier("hikvision", result.device_id or ""))
            if device is None:
                return NOT_FOUND
            result = hikvision.decode_event(
                body, content_type, received_at=received_at, device_id=device.identifier, tz=device.zone
            )
        except ProtocolError as error:
            return self._malformed(error)
        return await self._store(device, result, Answer(200, b'{"statusCode":1,"statusString":"OK"}'))

    async def zkteco(self, query: str, body: bytes, *, handshake: bool) -> Answer:
        received_at = self._clock.now()
        try:
            device = await self._known("zkteco", zkteco.serial_number(query))
            if device is None:
                return NOT_FOUND
            if handshake:
                return Answer(200, zkteco.handshake_reply(device.identifier, tz=device.zone, now=received_at))
            result = zkteco.decode_cdata(query, body, tz=device.zone, received_at=received_at)
        except ProtocolError as error:
            return self._malformed(error)
        return await self._store(device, result, Answer(200, zkteco.OK))

    async def onvif(self, identifier: str, body: bytes, snapshot_ref: str | None) -> Answer:
        received_at = self._clock.now()
        device = await self._known("onvif", identifier)
        if device is None:
            return NOT_FOUND
        try:
            result = onvif.decode_notification(
                body, device_id=device.id, received_at=received_at, snapshot_ref=snapshot_ref
            )
        except ProtocolError as error:
            return self._malformed(error)
        return await self._store(device, result, Answer(200))

    async def _known(self, protocol: str, identifier: str | None) -> Device | None:
        device = await self._devices.by_identifier(protocol, identifier or "")
        if device is None:
            self._metrics.refused.labels(protocol).inc()
            logger.warning(
                "unknown device refused", extra={"protocol": protocol, "identifier": (identifier or "")[:64]}
            )
        return device

    def _malformed(self, error: ProtocolError) -> Answer:
        self._metrics.malformed.labels(error.protocol, error.reason).inc()
        logger.warning("malformed request", extra={"protocol": error.protocol, "reason": error.reason})
        return Answer(400, f"{error.protocol}: {error.reason}".encode())

    async def _store(self, device: Device, result: DecodeResult, answer: Answer) -> Answer:
        try:
            await self._ingestor.ingest(device, [result])
        except Exception:
            logger.exception("telemetry not handed to Kafka; the device will send again")
            return UNAVAILABLE
        return answer
