"""An appeal is stored as one document and comes back exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import bson
import pytest

from services.appeals.domain.categories import DEFAULT_CATALOGUE
from services.appeals.domain.documents import (
    appeal_from_document,
    appeal_to_document,
    event_from_document,
    event_to_document,
    tip_from_document,
    tip_to_document,
)
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import AnswerOutcome, Location, Photo
from services.appeals.domain.routing import Level, RoutingReason, TerritoryView, escalation_target
from services.appeals.domain.tips import Tip


@pytest.fixture
def lived(answered: Callable[..., Appeal], territory: TerritoryView, people) -> Appeal:
    """An appeal that went through most of what can happen: photos, a thread, an answer, an escalation."""
    appeal = answered(
        AnswerOutcome.REFUSED,
        points=("Shovqin", "Janjal"),
        location=Location(41.3, 69.2),
        photos=(Photo("p/1", "image/jpeg", 1000),),
        do_not_disclose=True,
    )
    at = appeal.received_at
    appeal.post_message("Rahmat", by=people.citizen, at=at + timedelta(days=3, hours=1))
    appeal.rate(False, by=people.citizen, at=at + timedelta(days=4))
    target = escalation_target(
        appeal.routing_request(), territory, Level.INSPECTOR, RoutingReason.NOT_SATISFIED_ESCALATION
    )
    appeal.escalate(target, by=people.citizen, at=at + timedelta(days=5))
    appeal.add_evidence("Video", (Photo("p/2", "image/png", 500),), by=people.citizen, at=at + timedelta(days=6))
    appeal.remind(3, at=appeal.scheduled_timers()[0].at)
    return appeal


def storable(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(storable(item) for item in value)
    return value is None or isinstance(value, str | int | float | bool | datetime)


def test_an_appeal_comes_back_from_its_document_unchanged(lived: Appeal) -> None:
    document = appeal_to_document(lived)
    restored = appeal_from_document(document)

    assert appeal_to_document(restored) == document
    assert restored.state is lived.state
    assert restored.round == 2
    assert restored.current_answer is None
    assert restored.previous_answers == lived.previous_answers
    assert restored.timeline == lived.timeline
    assert restored.thread == lived.thread


def test_the_document_holds_only_values_the_database_stores(lived: Appeal) -> None:
    document = appeal_to_document(lived)

    assert storable(document)
    assert bson.decode(bson.encode(document))["number"] == lived.number


def test_pending_events_stay_out_of_the_document_for_the_shared_outbox(lived: Appeal) -> None:
    assert lived.outbox
    assert "outbox" not in appeal_to_document(lived)


def test_the_document_carries_a_search_key_that_matches_either_script(new_appeal: Callable[..., Appeal]) -> None:
    document = appeal_to_document(new_appeal(text="Ўғирлик: велосипед"))

    assert document["search_key"] == "tas 2026 000001 ogirlik velosiped"


def test_a_document_read_back_from_the_database_with_naive_times_is_taken_as_utc(lived: Appeal) -> None:
    document = appeal_to_document(lived)
    from_database = bson.decode(bson.encode({**document, "_id": lived.id, "_outbox": []}))  # naive datetimes

    restored = appeal_from_document(from_database)

    assert restored.received_at == lived.received_at.replace(microsecond=lived.received_at.microsecond // 1000 * 1000)
    assert restored.received_at.tzinfo is UTC
    assert restored.due_on == lived.due_on
    assert isinstance(restored.due_on, date)


def test_every_recorded_event_survives_its_plain_form(lived: Appeal) -> None:
    events = lived.pull_events()

    assert [event_from_document(event_to_document(event)) for event in events] == events
    assert {event_to_document(event)["type"] for event in events} >= {"appeal.registered", "appeal.escalated"}


def test_a_tip_comes_back_from_its_document(people) -> None:
    tip = Tip.receive(
        tip_id="tip-1",
        category=DEFAULT_CATALOGUE.get("drugs"),
        mahalla_code="172626601014",
        text="Anonim xabar",
        received_at=datetime(2026, 2, 2, 5, 0, tzinfo=UTC),
    )
    tip.review("Tekshirildi", by=people.inspector, at=datetime(2026, 2, 3, 5, 0, tzinfo=UTC))

    assert tip_to_document(tip_from_document(tip_to_document(tip))) == tip_to_document(tip)
