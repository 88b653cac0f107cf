"""The signed-in citizen's account: profile, consent, identity, residence, device sessions, deletion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from services.gateway.api.schemas import (
    ConsentRequest,
    IdentityRequest,
    ProfilePublic,
    ProfileUpdate,
    ResidenceRequest,
    SessionPublic,
)
from services.gateway.deps import GatewayDep
from services.gateway.handlers import profile, registration, sessions
from services.gateway.repository.preferences import PreferenceRepository
from shared.auth import Principal, Role, authenticated, require_roles

router = APIRouter(tags=["my account"])
CitizenDep = Annotated[Principal, Depends(require_roles(Role.CITIZEN))]
AnyoneDep = Annotated[Principal, Depends(authenticated)]


@router.get("/v1/me", response_model=ProfilePublic)
async def read_profile(principal: CitizenDep, gateway: GatewayDep) -> ProfilePublic:
    return ProfilePublic.of(await profile.profile(principal.subject, gateway))


@router.post("/v1/me/consent", response_model=ProfilePublic)
async def give_consent(body: ConsentRequest, principal: CitizenDep, gateway: GatewayDep) -> ProfilePublic:
    return ProfilePublic.of(await registration.record_consent(principal.subject, body.version, gateway))


@router.post("/v1/me/identity", response_model=ProfilePublic)
async def verify_identity(body: IdentityRequest, principal: CitizenDep, gateway: GatewayDep) -> ProfilePublic:
    citizen = await registration.verify_identity(
        principal.subject, body.pinfl, body.document_number, body.birth_date, gateway
    )
    return ProfilePublic.of(citizen)


@router.post("/v1/me/residence", response_model=ProfilePublic)
async def bind_residence(body: ResidenceRequest, principal: CitizenDep, gateway: GatewayDep) -> ProfilePublic:
    return ProfilePublic.of(await registration.bind_residence(principal.subject, body.address, gateway))


@router.patch("/v1/me", response_model=ProfilePublic)
async def update_profile(body: ProfileUpdate, principal: CitizenDep, gateway: GatewayDep) -> ProfilePublic:
    citizen = await profile.profile(principal.subject, gateway)
    await PreferenceRepository(gateway.citizens.database).set_language(citizen.id, body.language)
    return ProfilePublic.of(citizen).model_copy(update={"language": body.language})


@router.delete("/v1/me", status_code=204)
async def delete_account(principal: CitizenDep, gateway: GatewayDep) -> None:
    await profile.delete_account(principal.subject, gateway)


@router.get("/v1/me/sessions", response_model=list[SessionPublic])
async def list_sessions(principal: AnyoneDep, gateway: GatewayDep) -> list[SessionPublic]:
    mine = await sessions.my_sessions(principal.subject, gateway)
    return [SessionPublic.of(session, principal.session_id) for session in mine]


@router.delete("/v1/me/sessions/{session_id}", status_code=204)
async def revoke_session(session_id: str, principal: AnyoneDep, gateway: GatewayDep) -> None:
    await sessions.revoke_one(principal.subject, session_id, gateway)


@router.post("/v1/me/sessions/revoke-others")
async def revoke_other_sessions(principal: AnyoneDep, gateway: GatewayDep) -> dict[str, int]:
    return {"revoked": await sessions.revoke_others(principal.subject, principal.session_id, gateway)}
