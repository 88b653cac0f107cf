"""A citizen's path in: a one-time code by SMS, consent, identity from the registry, residence in a mahalla."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import date

from services.gateway.domain import citizens as citizen_rules
from services.gateway.domain.citizens import Citizen
from services.gateway.domain.errors import IdentityAlreadyVerified
from services.gateway.domain.otp import check_code, issue_code, parse_phone_number
from services.gateway.domain.sessions import Device
from services.gateway.handlers.context import Gateway
from services.gateway.handlers.sessions import open_session
from services.gateway.handlers.tokens import CITIZEN_PREFIX, TokenPair, citizen_tokens
from shared.errors import NotFound
from shared.events.gateway import UserIdentityVerifiedV1, UserRegisteredV1, UserResidenceChangedV1
from shared.i18n import Language, translate


@dataclasses.dataclass(frozen=True)
class CodeSent:
    phone: str
    expires_in: int


async def request_code(raw_phone: str, language: Language, gateway: Gateway) -> CodeSent:
    phone = parse_phone_number(raw_phone)
    now = gateway.clock.now()
    previous = await gateway.otp_codes.get(phone.e164)
    pepper = gateway.settings.otp_pepper.get_secret_value().encode()
    issued = issue_code(phone, previous=previous, now=now, pepper=pepper)
    await gateway.limiter.for_phone_code(phone.e164)
    await gateway.otp_codes.save(issued.challenge, now)
    await gateway.sms.send(phone.e164, translate("gateway.sms.code", language, otp=issued.code), now)
    return CodeSent(phone.masked, int((issued.challenge.expires_at - now).total_seconds()))


async def sign_in_with_code(
    raw_phone: str, code: str, device: Device, place: str | None, gateway: Gateway
) -> TokenPair:
    phone = parse_phone_number(raw_phone)
    now = gateway.clock.now()
    pepper = gateway.settings.otp_pepper.get_secret_value().encode()
    checked = check_code(await gateway.otp_codes.get(phone.e164), code, now=now, pepper=pepper)
    if checked.challenge is not None:
        await gateway.otp_codes.save(checked.challenge, now)
    if checked.error is not None:
        raise checked.error
    citizen = await gateway.citizens.by_phone(phone.e164)
    if citizen is None or citizen.deleted_at is not None:
        fresh = citizen_rules.register(citizen_id=CITIZEN_PREFIX + secrets.token_hex(12), phone=phone.e164, now=now)
        citizen = await gateway.citizens.add(fresh, [UserRegisteredV1(subject=fresh.id, time=now)])
    session_id, refresh_token = await open_session(citizen.id, device, place, gateway)
    return citizen_tokens(citizen, session_id, refresh_token, gateway)


async def citizen_or_raise(citizen_id: str, gateway: Gateway) -> Citizen:
    citizen = await gateway.citizens.get(citizen_id)
    if citizen is None or citizen.deleted_at is not None:
        raise NotFound()
    return citizen


async def record_consent(citizen_id: str, version: str, gateway: Gateway) -> Citizen:
    citizen = await citizen_or_raise(citizen_id, gateway)
    updated = citizen_rules.record_consent(
        citizen, version=version, current_version=gateway.settings.consent_version, now=gateway.clock.now()
    )
    await gateway.citizens.save(updated)
    return updated


async def verify_identity(
    citizen_id: str, pinfl: str, document_number: str, birth_date: date, gateway: Gateway
) -> Citizen:
    citizen = await citizen_or_raise(citizen_id, gateway)
    claim = citizen_rules.parse_identity_claim(pinfl=pinfl, document_number=document_number, birth_date=birth_date)
    holder = await gateway.citizens.by_pinfl(claim.pinfl)
    if holder is not None and holder.id != citizen.id:
        raise IdentityAlreadyVerified()
    answer = await gateway.registry.lookup(claim.pinfl, claim.document_number)
    now = gateway.clock.now()
    verified = citizen_rules.verify_identity(citizen, claim, answer, now=now)
    await gateway.citizens.save(verified, [UserIdentityVerifiedV1(subject=citizen.id, time=now)])
    return verified


async def bind_residence(citizen_id: str, address: str, gateway: Gateway) -> Citizen:
    citizen = await citizen_or_raise(citizen_id, gateway)
    citizen_rules.ensure_can(citizen, citizen_rules.Capability.DOCUMENTS)  # identity first
    resolved = await gateway.territory.resolve_address(address)
    now = gateway.clock.now()
    binding = citizen_rules.bind_residence(
        citizen, mahalla_code=resolved.mahalla_code, cadastre_number=resolved.cadastre_number,
        address=resolved.address, now=now,
    )  # fmt: skip
    events = []
    if binding.change is not None:
        events.append(UserResidenceChangedV1(subject=citizen.id, time=now, mahalla_code=binding.change.mahalla_code,
                                             previous_mahalla_code=binding.change.previous_mahalla_code))  # fmt: skip
    await gateway.citizens.save(binding.citizen, events)
    return binding.citizen
