"""Settings refuse placeholder secrets in production; events carry the CloudEvents attributes as headers."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr, ValidationError

from shared.events.envelope import Event, decode_event, new_event_id
from shared.events.gateway import UserResidenceChangedV1
from shared.settings import ServiceSettings


class PaymentSettings(ServiceSettings):
    api_secret: SecretStr = SecretStr("sandbox-api-secret")


REAL_IDENTITY_KEY = SecretStr("identity-k3y-from-the-vault")


def test_a_service_refuses_to_start_in_production_with_a_sandbox_secret() -> None:
    with pytest.raises(ValidationError, match="api_secret holds a sandbox placeholder"):
        PaymentSettings(profile="production", identity_digest_key=REAL_IDENTITY_KEY)


def test_a_service_refuses_to_start_in_production_with_the_sandbox_identity_digest_key() -> None:
    with pytest.raises(ValidationError, match="identity_digest_key holds a sandbox placeholder"):
        PaymentSettings(profile="production", api_secret=SecretStr("k3y-from-the-vault"))


def test_a_service_starts_in_production_with_real_secrets_and_in_the_sandbox_with_placeholders() -> None:
    real = PaymentSettings(profile="production", api_secret=SecretStr("k3y-from-the-vault"),
                           identity_digest_key=REAL_IDENTITY_KEY)  # fmt: skip
    assert real.profile == "production"
    assert PaymentSettings().profile == "sandbox"


def test_the_identity_digest_key_is_common_to_every_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SM_IDENTITY_DIGEST_KEY", "one-key-for-the-deployment")

    assert PaymentSettings().identity_digest_key.get_secret_value() == "one-key-for-the-deployment"
    assert ServiceSettings(service_name="geo").identity_digest_key.get_secret_value() == "one-key-for-the-deployment"


def test_infrastructure_addresses_come_from_the_common_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SM_KAFKA_BOOTSTRAP", "kafka.internal:9092")
    monkeypatch.setenv("SM_DATABASE_PREFIX", "pilot_")

    settings = ServiceSettings(service_name="geo")

    assert settings.kafka_bootstrap == "kafka.internal:9092"
    assert settings.database_name == "pilot_geo"


def test_an_event_travels_as_cloudevents_binary_mode_headers_and_its_own_json() -> None:
    event = UserResidenceChangedV1(subject="c-42", previous_mahalla_code=None, mahalla_code="172626601014",
                                   time=datetime(2026, 11, 25, 9, 30, tzinfo=UTC))  # fmt: skip

    record = event.to_record()

    assert record["topic"] == "users.v1"
    assert record["key"] == "c-42"
    assert record["headers"]["ce_specversion"] == "1.0"
    assert record["headers"]["ce_type"] == "uz.smartmahalla.gateway.user_residence_changed.v1"
    assert record["headers"]["ce_id"] == event.id
    assert record["headers"]["ce_subject"] == "c-42"
    assert record["headers"]["ce_time"] == "2026-11-25T09:30:00+00:00"
    assert UserResidenceChangedV1.version() == 1
    decoded = decode_event(record["type"], UserResidenceChangedV1.model_validate_json(record["value"]).model_dump())
    assert decoded == event


def test_an_unknown_event_type_is_skipped_and_a_broken_known_one_raises() -> None:
    assert decode_event("uz.smartmahalla.future.thing.v9", {"subject": "x"}) is None
    with pytest.raises(ValidationError):
        decode_event(UserResidenceChangedV1.event_type, {"subject": "c-1"})
    assert issubclass(UserResidenceChangedV1, Event)


def test_event_ids_are_distinct_random_version_4_uuids() -> None:
    ids = [new_event_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    parsed = [uuid.UUID(hex=event_id) for event_id in ids]
    assert all(value.version == 4 and value.variant == uuid.RFC_4122 for value in parsed)
    assert all(value.hex == event_id for value, event_id in zip(parsed, ids, strict=True))


def test_a_forked_child_draws_event_ids_other_than_its_parents() -> None:
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the child: its first id, then leave without running the parent's clean-up
        os.write(writing, new_event_id().encode())
        os._exit(0)
    os.close(writing)
    parents_first = new_event_id()
    with os.fdopen(reading, "rb") as pipe:
        childs_first = pipe.read().decode()
    os.waitpid(child, 0)
    assert len(childs_first) == 32
    assert childs_first != parents_first
