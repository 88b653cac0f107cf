"""asyncio TCP servers for the stream protocols (GT06, watch "3G", H02): one framer and decoder per connection.

A connection is refused (closed) when its device is unknown. Frames decoded from one read are published
together and answered together, only after Kafka has them. A malformed frame is counted and skipped; a
failure in one connection never reaches another; a silent connection is closed after the idle timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from services.devices.domain.errors import ProtocolError
from services.devices.domain.registry import Device
from services.devices.ingest.metrics import IngestMetrics
from services.devices.ingest.pipeline import Ingestor
from services.devices.protocol import gt06, h02, watch
from services.devices.protocol.framing import StreamFramer
from services.devices.protocol.results import DecodeResult, Frame
from services.devices.repository.devices import DeviceRepository
from shared.clock import Clock

logger = logging.getLogger(__name__)
READ_SIZE = 64 * 1024

Decode = Callable[[Frame, datetime, tzinfo], DecodeResult]


@dataclasses.dataclass(frozen=True)
class StreamProtocol:
    name: str
    new_framer: Callable[[], StreamFramer]
    new_decoder: Callable[[], Decode]


def _gt06_decoder() -> Decode:
    session = gt06.Gt06Session()

    def decode(frame: Frame, received_at: datetime, tz: tzinfo) -> DecodeResult:
        session.tz = tz
        return session.decode(frame, received_at=received_at)

    return decode


def _stateless(module_decode: Callable[..., DecodeResult]) -> Callable[[], Decode]:
    def new_decoder() -> Decode:
        def decode(frame: Frame, received_at: datetime, tz: tzinfo) -> DecodeResult:
            return module_decode(frame, received_at=received_at, tz=tz)

        return decode

    return new_decoder


GT06 = StreamProtocol("gt06", gt06.Gt06Framer, _gt06_decoder)
WATCH = StreamProtocol("watch", watch.WatchFramer, _stateless(watch.decode))
H02 = StreamProtocol("h02", h02.H02Framer, _stateless(h02.decode))


class Refused(Exception):
    """The connection's device is unknown: close it."""


@dataclasses.dataclass
class _Connection:
    framer: StreamFramer
    decode: Decode
    peer: str
    device: Device | None = None
    tz: tzinfo = UTC


class StreamServer:
    def __init__(
        self,
        protocol: StreamProtocol,
        *,
        devices: DeviceRepository,
        ingestor: Ingestor,
        metrics: IngestMetrics,
        clock: Clock,
        idle_timeout_s: float,
        max_connections: int,
    ) -> None:
        self.protocol = protocol
        self._devices = devices
        self._ingestor = ingestor
        self._metrics = metrics
        self._clock = clock
        self._idle_timeout_s = idle_timeout_s
        self._max_connections = max_connections
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    async def start(self, host: str, port: int, *, reuse_port: bool = False) -> None:
        self._server = await asyncio.start_server(
            self._accept, host, port, backlog=4096, limit=READ_SIZE, reuse_port=reuse_port or None
        )
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info("%s server listening", self.protocol.name, extra={"port": self.port})

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    @property
    def connections(self) -> int:
        return len(self._tasks)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        if len(self._tasks) >= self._max_connections:
            writer.close()
            return
        self._tasks.add(task)
        gauge = self._metrics.connections.labels(self.protocol.name)
        gauge.inc()
        peer = str(writer.get_extra_info("peername"))
        connection = _Connection(self.protocol.new_framer(), self.protocol.new_decoder(), peer)
        try:
            await self._serve(connection, reader, writer)
        except Refused:
            pass
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            raise
        except Exception:
            # Nothing a device sends may take the server down: log, drop this connection only.
            logger.exception("%s connection failed", self.protocol.name, extra={"peer": peer})
        finally:
            gauge.dec()
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)

    async def _serve(self, connection: _Connection, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:  # `timeout` arms one timer; `wait_for` would also wrap every read in a task of its own
                async with asyncio.timeout(self._idle_timeout_s):
                    data = await reader.read(READ_SIZE)
            except TimeoutError:
                logger.info("%s connection idle, closed", self.protocol.name, extra={"peer": connection.peer})
                return
            if not data:
                return
            await self._handle(connection, data, writer)

    async def _handle(self, connection: _Connection, data: bytes, writer: asyncio.StreamWriter) -> None:
        received_at = self._clock.now()
        batch: list[DecodeResult] = []
        for frame in connection.framer.feed(data):
            result = self._decode(connection, frame, received_at)
            if result is None:
                continue
            if result.device_id is None:
                self._ingestor.count([result])  # e.g. a position before the GT06 login: no reply
                continue
            if connection.device is None or result.device_id != connection.device.identifier:
                await self._flush(connection, batch, writer)
                batch = []
                result = await self._identify(connection, result, frame, received_at)
            batch.append(result)
        await self._flush(connection, batch, writer)

    def _decode(self, connection: _Connection, frame: Frame, received_at: datetime) -> DecodeResult | None:
        try:
            return connection.decode(frame, received_at, connection.tz)
        except ProtocolError as error:
            self._metrics.malformed.labels(self.protocol.name, error.reason).inc()
            logger.warning(
                "malformed %s frame skipped",
                self.protocol.name,
                extra={"peer": connection.peer, "reason": error.reason, "detail": error.detail},
            )
            return None

    async def _identify(
        self, connection: _Connection, result: DecodeResult, frame: Frame, received_at: datetime
    ) -> DecodeResult:
        assert result.device_id is not None
        device = await self._devices.by_identifier(self.protocol.name, result.device_id)
        if device is None:
            self._metrics.refused.labels(self.protocol.name).inc()
            logger.warning(
                "unknown device refused",
                extra={"protocol": self.protocol.name, "identifier": result.device_id, "peer": connection.peer},
            )
            raise Refused(result.device_id)
        connection.device = device
        if device.zone != connection.tz:
            connection.tz = device.zone
            if self.protocol is not GT06:  # a GT06 login carries no device time; later frames get the zone
                return self._decode(connection, frame, received_at) or result
        return result

    async def _flush(self, connection: _Connection, batch: list[DecodeResult], writer: asyncio.StreamWriter) -> None:
        if not batch or connection.device is None:
            return
        await self._ingestor.ingest(connection.device, batch)  # raises: no ACK, the device sends again
        replies = b"".join(result.reply for result in batch if result.reply)
        if replies:
            writer.write(replies)
            await writer.drain()
