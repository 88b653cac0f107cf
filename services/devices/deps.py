"""The composition root: long-lived parts made at start, and what routes, subscribers and timers get."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Annotated, cast

from fastapi import Depends
from starlette.requests import HTTPConnection

from services.devices.adapters.civil_registry import CivilRegistry, SandboxCivilRegistry
from services.devices.handlers.context import Context
from services.devices.ingest.archive import RawArchive
from services.devices.ingest.http import HttpIngestion
from services.devices.ingest.metrics import IngestMetrics
from services.devices.ingest.pipeline import Ingestor, Topics
from services.devices.ingest.publisher import TelemetryPublisher
from services.devices.ingest.servers import OsmAndServer, ProtocolServers
from services.devices.ingest.tcp import GT06, H02, WATCH, StreamServer
from services.devices.repository.children import ChildrenRepository
from services.devices.repository.devices import DeviceRepository
from services.devices.repository.live import LiveStore
from services.devices.repository.monitoring import MonitoringRepository
from services.devices.settings import DevicesSettings
from shared.service import Runtime, runtime_of

PARTS = "devices"


@dataclasses.dataclass
class DevicesParts:
    metrics: IngestMetrics
    devices: DeviceRepository
    publisher: TelemetryPublisher
    archive: RawArchive
    ingestor: Ingestor
    http: HttpIngestion
    servers: ProtocolServers
    civil_registry: CivilRegistry
    housekeeping: asyncio.Task[None] | None = None


def settings_of(runtime: Runtime) -> DevicesSettings:
    return cast(DevicesSettings, runtime.settings)


def build_parts(runtime: Runtime) -> DevicesParts:
    settings = settings_of(runtime)
    metrics = IngestMetrics(runtime.metrics)
    devices = DeviceRepository(runtime.db)
    publisher = TelemetryPublisher(settings.kafka_bootstrap, client_id=f"{settings.service_name}-ingest")
    archive = RawArchive(runtime.db, metrics, limit=settings.archive_queue_limit, batch=settings.archive_batch)
    archive.enabled = settings.archive_raw_frames
    topics = Topics(settings.positions_topic, settings.access_topic, settings.camera_topic)
    ingestor = Ingestor(publisher, archive, metrics, runtime.clock, topics)
    http = HttpIngestion(devices, ingestor, metrics, runtime.clock)
    streams = {
        protocol.name: StreamServer(
            protocol,
            devices=devices,
            ingestor=ingestor,
            metrics=metrics,
            clock=runtime.clock,
            idle_timeout_s=settings.idle_timeout_s,
            max_connections=settings.max_connections,
        )
        for protocol in (GT06, WATCH, H02)
    }
    servers = ProtocolServers(streams, OsmAndServer(http))
    return DevicesParts(metrics, devices, publisher, archive, ingestor, http, servers, SandboxCivilRegistry())


def parts_of(runtime: Runtime) -> DevicesParts:
    return cast(DevicesParts, runtime.extras[PARTS])


def context_for(runtime: Runtime) -> Context:
    parts = parts_of(runtime)
    assert runtime.timers is not None

    def wake() -> None:
        if runtime.relay is not None:
            runtime.relay.wake()

    return Context(
        settings=settings_of(runtime),
        clock=runtime.clock,
        devices=parts.devices,
        children=ChildrenRepository(runtime.db),
        monitoring=MonitoringRepository(runtime.db),
        live=LiveStore(runtime.cache, settings_of(runtime).database_name),
        timers=runtime.timers,
        civil_registry=parts.civil_registry,
        wake_relay=wake,
    )


async def _context(connection: HTTPConnection) -> Context:
    return context_for(runtime_of(connection))


async def _http_ingestion(connection: HTTPConnection) -> HttpIngestion:
    return parts_of(runtime_of(connection)).http


ContextDep = Annotated[Context, Depends(_context)]
IngestionDep = Annotated[HttpIngestion, Depends(_http_ingestion)]
