"""Device pushes on the service port: Hikvision ISAPI events, ZKTeco ADMS (`/iclock`), ONVIF notifications.

No user tokens here: a device is admitted only if the registry knows it (unknown: 404, logged).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from services.devices.deps import IngestionDep
from services.devices.ingest.http import Answer

router = APIRouter(tags=["device pushes"])


def _response(answer: Answer, media_type: str = "text/plain") -> Response:
    return Response(answer.body, status_code=answer.status, media_type=media_type)


@router.post("/isapi/events")
async def hikvision_event(request: Request, ingestion: IngestionDep) -> Response:
    answer = await ingestion.hikvision(None, await request.body(), request.headers.get("content-type"))
    return _response(answer, "application/json" if answer.status == 200 else "text/plain")


@router.post("/isapi/events/{identifier}")
async def hikvision_event_of(identifier: str, request: Request, ingestion: IngestionDep) -> Response:
    answer = await ingestion.hikvision(identifier, await request.body(), request.headers.get("content-type"))
    return _response(answer, "application/json" if answer.status == 200 else "text/plain")


@router.get("/iclock/cdata")
async def zkteco_handshake(request: Request, ingestion: IngestionDep) -> Response:
    return _response(await ingestion.zkteco(request.url.query, b"", handshake=True))


@router.post("/iclock/cdata")
async def zkteco_upload(request: Request, ingestion: IngestionDep) -> Response:
    return _response(await ingestion.zkteco(request.url.query, await request.body(), handshake=False))


@router.get("/iclock/getrequest")
async def zkteco_poll() -> Response:
    return Response(b"OK", media_type="text/plain")  # no commands for terminals


@router.post("/onvif/events/{identifier}")
async def onvif_event(identifier: str, request: Request, ingestion: IngestionDep) -> Response:
    snapshot = request.query_params.get("snapshot")
    return _response(await ingestion.onvif(identifier, await request.body(), snapshot))
