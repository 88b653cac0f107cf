"""The protocol listeners started beside the service's own port: GT06, watch, H02 over TCP and OsmAnd over HTTP.

OsmAnd clients post to `/` of their own port (5055), so a second, small ASGI app is served there by an
embedded uvicorn server on a socket bound here (port 0 works: the bound port is read back for tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI, Request, Response

from services.devices.ingest.http import HttpIngestion
from services.devices.ingest.tcp import StreamServer


class _EmbeddedServer(uvicorn.Server):
    """Leaves signal handling to the process's main server."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def osmand_app(ingestion: HttpIngestion) -> FastAPI:
    app = FastAPI(title="OsmAnd / Traccar Client endpoint", openapi_url=None, docs_url=None, redoc_url=None)

    @app.api_route("/", methods=["GET", "POST"])
    async def report(request: Request) -> Response:
        answer = await ingestion.osmand(request.url.query, await request.body(), request.headers.get("content-type"))
        return Response(answer.body, status_code=answer.status)

    return app


class OsmAndServer:
    def __init__(self, ingestion: HttpIngestion) -> None:
        self.app = osmand_app(ingestion)
        self._server: _EmbeddedServer | None = None
        self._task: asyncio.Task[None] | None = None
        self.port = 0

    async def start(self, host: str, port: int, *, reuse_port: bool = False) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(1024)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, lifespan="off", log_level="warning", access_log=False)
        self._server = _EmbeddedServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="osmand-server")
        for _ in range(500):  # uvicorn offers no start event: poll its flag for up to 5 s
            if self._server.started or self._task.done():
                break
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 5)


class ProtocolServers:
    def __init__(self, streams: dict[str, StreamServer], osmand: OsmAndServer) -> None:
        self.streams = streams
        self.osmand = osmand

    async def start(self, host: str, ports: dict[str, int], *, reuse_port: bool = False) -> None:
        for name, server in self.streams.items():
            if ports[name] >= 0:
                await server.start(host, ports[name], reuse_port=reuse_port)
        if ports["osmand"] >= 0:
            await self.osmand.start(host, ports["osmand"], reuse_port=reuse_port)

    async def stop(self) -> None:
        await self.osmand.stop()
        for server in self.streams.values():
            await server.stop()

    def port(self, name: str) -> int:
        return self.osmand.port if name == "osmand" else self.streams[name].port
