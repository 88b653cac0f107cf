"""Administrators manage staff accounts (roles and territorial scope) and read the sign-in audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from services.gateway.api.schemas import StaffCreate, StaffPublic
from services.gateway.deps import GatewayDep
from services.gateway.handlers import staff
from shared.auth import Principal, Role, ensure_in_scope, require_roles
from shared.errors import NotFound

router = APIRouter(tags=["staff administration"])
AdminDep = Annotated[Principal, Depends(require_roles(Role.ADMINISTRATOR))]


@router.post("/v1/admin/staff", status_code=201, response_model=StaffPublic)
async def create_staff(body: StaffCreate, principal: AdminDep, gateway: GatewayDep) -> StaffPublic:
    for code in body.scope:
        ensure_in_scope(principal, code)
    account = await staff.create_account(
        login=body.login, display_name=body.display_name, roles=body.roles, scope=body.scope,
        password=body.password, created_by=principal.subject, gateway=gateway, official_id=body.official_id,
    )  # fmt: skip
    return StaffPublic(id=account.id, login=account.login, display_name=account.display_name,
                       roles=sorted(account.roles), scope=list(account.scope), totp_enrolled=False)  # fmt: skip


@router.get("/v1/admin/staff/{login}/sign-ins")
async def sign_in_audit(login: str, principal: AdminDep, gateway: GatewayDep) -> list[dict[str, Any]]:
    account = await gateway.staff.by_login(login)
    if account is None:
        raise NotFound()
    for code in account.scope:
        ensure_in_scope(principal, code)
    return await gateway.staff.sign_ins(account.login)
