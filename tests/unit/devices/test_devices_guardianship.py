"""Who may claim a child: the guardian the civil registry lists, recognised by the identity in his own token."""

from __future__ import annotations

import pytest

from services.devices.domain.errors import GuardianIdentityMismatch, GuardianIdentityUnknown, GuardianshipNotConfirmed
from services.devices.domain.guardianship import Relation, ensure_own_identity, relation_of_caller
from services.devices.messages import MESSAGES
from shared.auth import identity_digest

FATHER, MOTHER, NEIGHBOUR = "30206852621111", "41901882621121", "31705902610011"
AZIZAS_GUARDIANS = {FATHER: Relation.FATHER, MOTHER: Relation.MOTHER}


class DigestBook:
    """The deployment's digest function, counting what it was asked to digest."""

    def __init__(self, key: str = "test-identity-key") -> None:
        self._key = key
        self.digested: list[str] = []

    def __call__(self, pinfl: str) -> str:
        self.digested.append(pinfl)
        return identity_digest(pinfl, self._key)


def token_digest_of(pinfl: str) -> str:
    """What the gateway signed into the token of the citizen verified with `pinfl`."""
    return DigestBook()(pinfl)


# --- the caller's own identity --------------------------------------------------------------------
def test_a_citizen_whose_token_carries_his_identity_may_claim_without_naming_a_pinfl() -> None:
    assert ensure_own_identity(token_digest_of(FATHER), None, DigestBook()) == token_digest_of(FATHER)


def test_a_citizen_may_still_name_his_own_pinfl() -> None:
    assert ensure_own_identity(token_digest_of(MOTHER), MOTHER, DigestBook()) == token_digest_of(MOTHER)


def test_a_citizen_cannot_claim_a_child_with_someone_elses_pinfl() -> None:
    with pytest.raises(GuardianIdentityMismatch) as refused:
        ensure_own_identity(token_digest_of(NEIGHBOUR), FATHER, DigestBook())

    assert refused.value.status == 403
    assert MESSAGES[refused.value.code].render("en") == "The PINFL given is not yours."


def test_a_token_without_an_identity_digest_cannot_claim_even_with_a_parents_pinfl() -> None:
    digests = DigestBook()

    with pytest.raises(GuardianIdentityUnknown) as refused:
        ensure_own_identity(None, FATHER, digests)

    assert refused.value.status == 403
    assert digests.digested == [], "nothing to compare with: refused before digesting"


def test_a_digest_under_another_deployments_key_is_not_the_citizens_identity() -> None:
    with pytest.raises(GuardianIdentityMismatch):
        ensure_own_identity(identity_digest(FATHER, "another-key"), FATHER, DigestBook())


# --- the registry's word --------------------------------------------------------------------------
def test_each_parent_the_registry_lists_is_recognised_with_his_relation() -> None:
    assert relation_of_caller(token_digest_of(FATHER), AZIZAS_GUARDIANS, DigestBook()) is Relation.FATHER
    assert relation_of_caller(token_digest_of(MOTHER), AZIZAS_GUARDIANS, DigestBook()) is Relation.MOTHER


def test_a_verified_citizen_the_registry_does_not_list_is_not_a_guardian() -> None:
    with pytest.raises(GuardianshipNotConfirmed):
        relation_of_caller(token_digest_of(NEIGHBOUR), AZIZAS_GUARDIANS, DigestBook())


def test_a_child_without_guardians_in_the_registry_has_nobody_to_claim_him() -> None:
    with pytest.raises(GuardianshipNotConfirmed):
        relation_of_caller(token_digest_of(FATHER), {}, DigestBook())
