"""Everything a use case may touch, built once per request by `deps.py`."""

from __future__ import annotations

import dataclasses

import redis.asyncio as redis_async

from services.gateway.adapters.identity_registry import IdentityRegistry
from services.gateway.adapters.sms import SmsSender
from services.gateway.adapters.territory import TerritoryDirectory
from services.gateway.edge.rate_limits import RateLimiter
from services.gateway.repository.citizens import CitizenRepository
from services.gateway.repository.otp_codes import OtpChallengeStore
from services.gateway.repository.sessions import SessionRepository
from services.gateway.repository.staff import StaffRepository
from services.gateway.settings import GatewaySettings
from shared.auth.tokens import TokenIssuer
from shared.clock import Clock


@dataclasses.dataclass(frozen=True)
class Gateway:
    settings: GatewaySettings
    clock: Clock
    citizens: CitizenRepository
    staff: StaffRepository
    sessions: SessionRepository
    otp_codes: OtpChallengeStore
    sms: SmsSender
    registry: IdentityRegistry
    territory: TerritoryDirectory
    issuer: TokenIssuer
    limiter: RateLimiter
    redis: redis_async.Redis
