"""Request and response bodies of the gateway's own routes (storage documents are never returned as is)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.gateway.domain.citizens import Citizen
from services.gateway.domain.sessions import Session
from services.gateway.handlers.tokens import TokenPair
from shared.auth import Role


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CodeRequest(Strict):
    phone: str = Field(min_length=9, max_length=20, examples=["+998 90 123 45 67"])


class CodeSentPublic(BaseModel):
    phone: str
    expires_in: int


PLACE = Field(
    None, min_length=2, max_length=80, pattern=r"^[^\d<>]+$", examples=["Toshkent, Chilonzor"],
    description="The coarse locality the app reports (city or district), shown in the session list; no digits, "
                "so never coordinates or an address.",
)  # fmt: skip


class DeviceInfo(Strict):
    device_id: str = Field(min_length=4, max_length=128)
    device_name: str = Field(min_length=1, max_length=100, examples=["Redmi Note 12"])
    place: str | None = PLACE


class CodeSignIn(DeviceInfo):
    phone: str = Field(min_length=9, max_length=20)
    code: str = Field(min_length=4, max_length=8)


class RefreshRequest(Strict):
    refresh_token: str = Field(min_length=20, max_length=300)
    place: str | None = PLACE


class TokensPublic(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    refresh_token: str
    session_id: str
    user_id: str

    @classmethod
    def of(cls, pair: TokenPair) -> TokensPublic:
        return cls(access_token=pair.access_token, expires_in=pair.expires_in, refresh_token=pair.refresh_token,
                   session_id=pair.session_id, user_id=pair.user_id)  # fmt: skip


class ConsentRequest(Strict):
    version: str = Field(min_length=1, max_length=20)


class IdentityRequest(Strict):
    pinfl: str = Field(pattern=r"^\d{14}$")
    document_number: str = Field(min_length=9, max_length=12, examples=["AD1234567"])
    birth_date: date


class ResidenceRequest(Strict):
    address: str = Field(min_length=5, max_length=300, examples=["Toshkent, Chilonzor tumani, Bunyodkor ko‘chasi, 12"])


class ProfileUpdate(Strict):
    language: Literal["uz-Latn", "uz-Cyrl", "ru", "en"] = Field(
        description="The language of his notifications and pushes."
    )


class ProfilePublic(BaseModel):
    id: str
    phone: str | None
    stage: str
    verified: bool
    full_name_latin: str | None = None
    full_name_cyrillic: str | None = None
    mahalla_code: str | None = None
    address: str | None = None
    consent_version: str | None = None
    language: str | None = None

    @classmethod
    def of(cls, citizen: Citizen) -> ProfilePublic:
        identity, residence = citizen.identity, citizen.residence
        return cls(
            id=citizen.id, phone=citizen.phone, stage=citizen.stage.name.lower(), verified=citizen.verified,
            full_name_latin=identity.full_name_latin if identity else None,
            full_name_cyrillic=identity.full_name_cyrillic if identity else None,
            mahalla_code=citizen.mahalla_code, address=residence.address if residence else None,
            consent_version=citizen.consent.version if citizen.consent else None,
        )  # fmt: skip


class SessionPublic(BaseModel):
    id: str
    device_id: str
    device_name: str
    created_at: datetime
    last_seen_at: datetime
    place: str | None
    current: bool

    @classmethod
    def of(cls, session: Session, current_session_id: str) -> SessionPublic:
        return cls(id=session.id, device_id=session.device_id, device_name=session.device_name,
                   created_at=session.created_at, last_seen_at=session.last_seen_at, place=session.place,
                   current=session.id == current_session_id)  # fmt: skip


class StaffCreate(Strict):
    login: str = Field(min_length=3, max_length=64)
    display_name: str = Field(min_length=3, max_length=120)
    roles: list[Role] = Field(min_length=1)
    scope: list[str] = Field(min_length=1, examples=[["172626601"]])
    password: str = Field(min_length=12, max_length=200)
    official_id: str | None = Field(
        None,
        pattern=r"^([abd-z0-9][a-z0-9-]{2,63}|c[a-z0-9][a-z0-9-]{1,62})$",
        description="The official's id in the territory registry, when the account belongs to an official "
        "(inspector, sector head, chairman): appeals and ratings address him by it.",
    )


class StaffPublic(BaseModel):
    id: str
    login: str
    display_name: str
    roles: list[str]
    scope: list[str]
    totp_enrolled: bool


class StaffCredentials(Strict):
    login: str = Field(min_length=3, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class StaffEnrolmentConfirm(StaffCredentials):
    code: str = Field(pattern=r"^\d{6}$")


class StaffSignIn(StaffCredentials, DeviceInfo):
    totp_code: str = Field(pattern=r"^\d{6}$")


class TotpEnrolmentPublic(BaseModel):
    secret: str
    provisioning_uri: str
