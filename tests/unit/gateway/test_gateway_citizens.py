"""A citizen's registration stages, what each allows, and account deletion."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.gateway.domain.citizens import (
    Capability,
    Citizen,
    IdentityClaim,
    RegistryAnswer,
    Stage,
    bind_residence,
    birth_date_of_pinfl,
    can,
    delete_account,
    ensure_can,
    needs_consent,
    parse_identity_claim,
    pinfl_check_digit,
    principal_for,
    record_consent,
    register,
    verify_identity,
)
from services.gateway.domain.errors import (
    AccountDeleted,
    BirthDateMismatch,
    ConsentRequired,
    ConsentVersionOutdated,
    IdentityAlreadyVerified,
    IdentityNotConfirmed,
    IdentityVerificationRequired,
    InvalidDocumentNumber,
    InvalidPinfl,
    ResidenceRequired,
)
from shared.auth import Role

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
PINFL = "31503902610075"  # the synthetic ID card of shared/vectors/mrz.json: male, born 15 March 1990
BORN = date(1990, 3, 15)
MAHALLA = "172626601014"
CONSENT = "2026-01"


def answer(**overrides) -> RegistryAnswer:
    fields = {
        "pinfl": PINFL,
        "document_number": "AD1234567",
        "birth_date": BORN,
        "full_name_latin": "G‘ULOMOV O‘TKIR",
        "full_name_cyrillic": "ҒУЛОМОВ ЎТКИР",
    }
    return RegistryAnswer(**{**fields, **overrides})


def claim() -> IdentityClaim:
    return parse_identity_claim(pinfl=PINFL, document_number="ad 1234567", birth_date=BORN)


def consented() -> Citizen:
    citizen = register(citizen_id="c1", phone="+998901234567", now=NOW)
    return record_consent(citizen, version=CONSENT, current_version=CONSENT, now=NOW)


def verified() -> Citizen:
    return verify_identity(consented(), claim(), answer(), now=NOW)


def resident() -> Citizen:
    return bind_residence(
        verified(), mahalla_code=MAHALLA, cadastre_number="10:05:01:01:0123", address="Chilonzor 9-12", now=NOW
    ).citizen


# --- identity claims -------------------------------------------------------------------------------
def test_the_pinfl_yields_the_birth_date_it_encodes() -> None:
    assert birth_date_of_pinfl(PINFL) == BORN


@pytest.mark.parametrize(
    "pinfl",
    [
        "31503902610076",  # wrong check digit
        "3150390261007",  # 13 digits
        "71503902610073",  # no such century marker (check digit right)
        "33102902610074",  # 31 February (check digit right)
        "3150390261007a",
    ],
)
def test_a_malformed_pinfl_is_refused(pinfl: str) -> None:
    with pytest.raises(InvalidPinfl):
        birth_date_of_pinfl(pinfl)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 999_999))
def test_a_well_formed_pinfl_gives_back_its_birth_date(born: date, rest: int) -> None:
    marker = "3" if born.year < 2000 else "5"
    body = f"{marker}{born:%d%m}{born.year % 100:02d}{rest:06d}"
    pinfl = body + str(pinfl_check_digit(body))

    assert birth_date_of_pinfl(pinfl) == born


def test_a_birth_date_that_contradicts_the_pinfl_is_refused_before_asking_the_registry() -> None:
    with pytest.raises(BirthDateMismatch):
        parse_identity_claim(pinfl=PINFL, document_number="AD1234567", birth_date=date(1990, 3, 16))


@pytest.mark.parametrize("number", ["A1234567", "AD123456", "AD12345678", "1D1234567", "АД1234567"])
def test_a_malformed_document_number_is_refused(number: str) -> None:
    with pytest.raises(InvalidDocumentNumber):
        parse_identity_claim(pinfl=PINFL, document_number=number, birth_date=BORN)


def test_a_document_number_is_normalised_to_capitals_without_spaces() -> None:
    assert claim().document_number == "AD1234567"


# --- stages ----------------------------------------------------------------------------------------
def test_a_newly_registered_citizen_may_only_read_public_information() -> None:
    citizen = register(citizen_id="c1", phone="+998901234567", now=NOW)

    assert citizen.stage is Stage.PHONE_VERIFIED
    assert [capability for capability in Capability if can(citizen, capability)] == [Capability.READ_PUBLIC]
    with pytest.raises(ConsentRequired):
        ensure_can(citizen, Capability.APPEAL)


def test_consent_is_recorded_with_its_version_and_time() -> None:
    citizen = consented()

    assert citizen.consent is not None
    assert (citizen.consent.version, citizen.consent.accepted_at) == (CONSENT, NOW)
    assert not needs_consent(citizen, current_version=CONSENT)
    assert needs_consent(citizen, current_version="2027-01")


def test_consent_to_an_outdated_text_is_refused() -> None:
    citizen = register(citizen_id="c1", phone="+998901234567", now=NOW)

    with pytest.raises(ConsentVersionOutdated) as refusal:
        record_consent(citizen, version="2025-06", current_version=CONSENT, now=NOW)
    assert refusal.value.params == {"current_version": CONSENT}


def test_identity_cannot_be_verified_before_consent() -> None:
    citizen = register(citizen_id="c1", phone="+998901234567", now=NOW)

    with pytest.raises(ConsentRequired):
        verify_identity(citizen, claim(), answer(), now=NOW)


def test_the_registry_confirming_the_claim_verifies_the_identity_with_both_spellings_of_the_name() -> None:
    citizen = verified()

    assert citizen.stage is Stage.IDENTITY_VERIFIED
    assert citizen.identity is not None
    assert (citizen.identity.full_name_latin, citizen.identity.full_name_cyrillic) == (
        "G‘ULOMOV O‘TKIR",
        "ҒУЛОМОВ ЎТКИР",
    )
    assert can(citizen, Capability.DOCUMENTS)
    assert can(citizen, Capability.CHILD_MONITORING)


@pytest.mark.parametrize(
    "registry",
    [
        None,
        answer(document_number="AD7654321"),
        answer(birth_date=date(1990, 3, 16)),
        answer(document_valid=False),
    ],
)
def test_a_registry_answer_that_does_not_confirm_every_detail_verifies_nothing(registry) -> None:
    with pytest.raises(IdentityNotConfirmed):
        verify_identity(consented(), claim(), registry, now=NOW)


def test_a_verified_account_cannot_be_re_verified_as_another_person() -> None:
    body = "3150390261009"
    other = body + str(pinfl_check_digit(body))
    other_claim = parse_identity_claim(pinfl=other, document_number="AD7654321", birth_date=BORN)

    with pytest.raises(IdentityAlreadyVerified):
        verify_identity(verified(), other_claim, answer(pinfl=other, document_number="AD7654321"), now=NOW)


def test_appealing_and_rating_need_the_mahalla_one_lives_in() -> None:
    with pytest.raises(ResidenceRequired):
        ensure_can(verified(), Capability.APPEAL)
    with pytest.raises(IdentityVerificationRequired):
        ensure_can(consented(), Capability.RATE)

    citizen = resident()
    assert citizen.stage is Stage.RESIDENT
    assert all(can(citizen, capability) for capability in Capability)


def test_residence_cannot_be_bound_before_identity_is_verified() -> None:
    with pytest.raises(IdentityVerificationRequired):
        bind_residence(consented(), mahalla_code=MAHALLA, cadastre_number="x", address="y", now=NOW)


def test_the_first_binding_and_a_move_are_both_facts_to_publish_and_an_unchanged_address_is_not() -> None:
    first = bind_residence(verified(), mahalla_code=MAHALLA, cadastre_number="10:05:01:01:0123", address="a", now=NOW)
    same = bind_residence(first.citizen, mahalla_code=MAHALLA, cadastre_number="10:05:01:01:0123", address="a", now=NOW)
    moved = bind_residence(
        first.citizen, mahalla_code="171840102003", cadastre_number="14:01:02:03:0456", address="b", now=NOW
    )

    assert first.change is not None
    assert first.change.previous_mahalla_code is None
    assert same.change is None
    assert moved.change is not None
    assert (moved.change.previous_mahalla_code, moved.change.mahalla_code) == (MAHALLA, "171840102003")
    assert moved.citizen.mahalla_code == "171840102003"


def test_the_access_token_of_a_citizen_tells_verification_and_mahalla() -> None:
    unverified = principal_for(consented(), session_id="s1")
    bound = principal_for(resident(), session_id="s2")

    assert (unverified.verified, unverified.mahalla_code) == (False, None)
    assert (bound.verified, bound.mahalla_code, bound.roles) == (True, MAHALLA, {Role.CITIZEN})


# --- deletion --------------------------------------------------------------------------------------
def test_deleting_an_account_erases_every_personal_field() -> None:
    citizen = resident()

    deleted = delete_account(citizen, now=NOW + timedelta(days=1))

    kept = repr(dataclasses.asdict(deleted))
    for personal in ["+998901234567", PINFL, "AD1234567", "ULOMOV", "ҒУЛОМОВ", "Chilonzor", "10:05:01:01:0123", "1990"]:
        assert personal not in kept
    assert deleted.stage is Stage.DELETED
    assert deleted.id == citizen.id


def test_a_deleted_account_can_do_nothing_more() -> None:
    deleted = delete_account(resident(), now=NOW)

    assert not any(can(deleted, capability) for capability in Capability)
    assert deleted.mahalla_code is None
    with pytest.raises(AccountDeleted):
        principal_for(deleted, session_id="s1")
    with pytest.raises(AccountDeleted):
        record_consent(deleted, version=CONSENT, current_version=CONSENT, now=NOW)
