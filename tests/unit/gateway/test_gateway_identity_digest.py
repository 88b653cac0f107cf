"""What a citizen's principal says about who he is: the digest of his verified PINFL, and only once verified."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.gateway.domain.citizens import (
    Citizen,
    RegistryAnswer,
    parse_identity_claim,
    principal_for,
    record_consent,
    register,
    verify_identity,
)
from shared.auth import identity_digest

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PINFL, BORN = "31503902610075", date(1990, 3, 15)
KEY = "identity-digest-key"


def consented() -> Citizen:
    citizen = register(citizen_id="c1", phone="+998901234567", now=NOW)
    return record_consent(citizen, version="2026-01", current_version="2026-01", now=NOW)


def verified() -> Citizen:
    claim = parse_identity_claim(pinfl=PINFL, document_number="AD1234567", birth_date=BORN)
    answer = RegistryAnswer(pinfl=PINFL, document_number="AD1234567", birth_date=BORN,
                            full_name_latin="G‘ULOMOV O‘TKIR", full_name_cyrillic="ҒУЛОМОВ ЎТКИР")  # fmt: skip
    return verify_identity(consented(), claim, answer, now=NOW)


def test_a_verified_citizens_principal_carries_the_digest_of_his_pinfl() -> None:
    principal = principal_for(verified(), session_id="s1", identity_key=KEY)

    assert principal.identity_digest == identity_digest(PINFL, KEY)
    assert principal.verified


def test_an_unverified_citizens_principal_carries_no_digest() -> None:
    assert principal_for(consented(), session_id="s1", identity_key=KEY).identity_digest is None


def test_without_the_deployments_key_no_digest_is_made() -> None:
    assert principal_for(verified(), session_id="s1").identity_digest is None
