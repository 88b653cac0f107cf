"""Signing in: citizens by a one-time code, staff by password and TOTP; refreshing; the public keys."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from services.gateway.api.schemas import (
    CodeRequest,
    CodeSentPublic,
    CodeSignIn,
    RefreshRequest,
    StaffCredentials,
    StaffEnrolmentConfirm,
    StaffSignIn,
    TokensPublic,
    TotpEnrolmentPublic,
)
from services.gateway.deps import ClientAddress, GatewayDep, PartsDep
from services.gateway.domain.sessions import Device
from services.gateway.handlers import registration, sessions, staff
from shared.problems import language_of

router = APIRouter(tags=["sign-in"])


@router.post("/v1/auth/codes", status_code=202, response_model=CodeSentPublic)
async def request_code(body: CodeRequest, request: Request, gateway: GatewayDep) -> CodeSentPublic:
    sent = await registration.request_code(body.phone, language_of(request), gateway)
    return CodeSentPublic(phone=sent.phone, expires_in=sent.expires_in)


@router.post("/v1/auth/codes/verify", response_model=TokensPublic)
async def sign_in_with_code(body: CodeSignIn, gateway: GatewayDep) -> TokensPublic:
    device = Device(body.device_id, body.device_name, body.place)
    return TokensPublic.of(await registration.sign_in_with_code(body.phone, body.code, device, body.place, gateway))


@router.post("/v1/auth/refresh", response_model=TokensPublic)
async def refresh(body: RefreshRequest, gateway: GatewayDep) -> TokensPublic:
    return TokensPublic.of(await sessions.refresh(body.refresh_token, body.place, gateway))


@router.post("/v1/auth/staff/sign-in", response_model=TokensPublic)
async def staff_sign_in(body: StaffSignIn, address: ClientAddress, gateway: GatewayDep) -> TokensPublic:
    device = Device(body.device_id, body.device_name, body.place)
    return TokensPublic.of(await staff.sign_in(body.login, body.password, body.totp_code, device, address, gateway))


@router.post("/v1/auth/staff/totp", response_model=TotpEnrolmentPublic)
async def begin_totp_enrolment(
    body: StaffCredentials, address: ClientAddress, gateway: GatewayDep
) -> TotpEnrolmentPublic:
    enrolment = await staff.begin_enrolment(body.login, body.password, address, gateway)
    return TotpEnrolmentPublic(secret=enrolment.secret, provisioning_uri=enrolment.provisioning_uri)


@router.post("/v1/auth/staff/totp/confirm", status_code=204)
async def confirm_totp_enrolment(body: StaffEnrolmentConfirm, address: ClientAddress, gateway: GatewayDep) -> None:
    await staff.confirm_enrolment(body.login, body.password, body.code, address, gateway)


@router.get("/.well-known/jwks.json", tags=["keys"])
async def jwks(parts: PartsDep) -> dict[str, Any]:
    return parts.issuer.jwks()
