"""Fixtures of the appeals domain tests: a small territory, the people in it, and appeals at each step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from services.appeals.domain.categories import DEFAULT_CATALOGUE, AppealKind
from services.appeals.domain.deadlines import TASHKENT
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.records import SYSTEM, Actor, AnswerDraft, AnswerOutcome, PointResponse, Role
from services.appeals.domain.routing import MahallaStaff, TerritoryView, route

MAHALLA = "172626601014"  # Tashkent city, one sector of one district
NEIGHBOUR_MAHALLA = "172626601015"  # the same sector
EMPTY_MAHALLA = "172626601016"  # no inspector appointed
MONDAY_MORNING = datetime(2026, 2, 2, 10, 0, tzinfo=TASHKENT)

CITIZEN = Actor("citizen-1", Role.CITIZEN)
OTHER_CITIZEN = Actor("citizen-2", Role.CITIZEN)
INSPECTOR = Actor("inspector-1", Role.INSPECTOR)
NEIGHBOUR_INSPECTOR = Actor("inspector-2", Role.INSPECTOR)
SECTOR_HEAD = Actor("sector-head-1", Role.SECTOR_HEAD)
DISTRICT = Actor("district-1", Role.DISTRICT_STAFF)


@dataclass(frozen=True)
class People:
    citizen: Actor = CITIZEN
    other_citizen: Actor = OTHER_CITIZEN
    inspector: Actor = INSPECTOR
    neighbour_inspector: Actor = NEIGHBOUR_INSPECTOR
    sector_head: Actor = SECTOR_HEAD
    district: Actor = DISTRICT
    system: Actor = SYSTEM


@pytest.fixture
def people() -> People:
    return People()


@pytest.fixture
def territory() -> TerritoryView:
    return TerritoryView(
        mahallas={
            MAHALLA: MahallaStaff(MAHALLA, ("inspector-1",), "sector-head-1", "district-1"),
            NEIGHBOUR_MAHALLA: MahallaStaff(NEIGHBOUR_MAHALLA, ("inspector-2",), "sector-head-1", "district-1"),
            EMPTY_MAHALLA: MahallaStaff(EMPTY_MAHALLA, (), "sector-head-1", "district-1"),
        }
    )


@pytest.fixture
def new_appeal() -> Callable[..., Appeal]:
    def make(**overrides: Any) -> Appeal:
        fields: dict[str, Any] = {
            "appeal_id": "appeal-1",
            "number": "TAS-2026-000001",
            "citizen_id": CITIZEN.id,
            "kind": AppealKind.COMPLAINT,
            "category": DEFAULT_CATALOGUE.get("noise"),
            "text": "Qo‘shnim har kecha yarim tungacha baland ovozda musiqa qo‘yadi.",
            "mahalla_code": MAHALLA,
            "received_at": MONDAY_MORNING,
        }
        return Appeal.register(**{**fields, **overrides})

    return make


@pytest.fixture
def in_review(new_appeal: Callable[..., Appeal], territory: TerritoryView) -> Callable[..., Appeal]:
    """An appeal routed to its inspector, who has started the review."""

    def make(**overrides: Any) -> Appeal:
        appeal = new_appeal(**overrides)
        received = appeal.received_at
        appeal.assign(route(appeal.routing_request(), territory), by=SYSTEM, at=received + timedelta(minutes=1))
        appeal.start_review(by=Actor(appeal.assignee_id or "", Role.INSPECTOR), at=received + timedelta(hours=1))
        return appeal

    return make


def full_answer(appeal: Appeal, outcome: AnswerOutcome = AnswerOutcome.SATISFIED) -> AnswerDraft:
    return AnswerDraft(
        responses=tuple(PointResponse(point.number, f"Javob {point.number}") for point in appeal.points),
        legal_basis="Ma’muriy javobgarlik to‘g‘risidagi kodeksning 185-moddasi",
        how_to_appeal="Javobdan norozi bo‘lsangiz, sektor rahbariga yoki sudga shikoyat qilishingiz mumkin.",
        outcome=outcome,
    )


@pytest.fixture
def answer_for() -> Callable[..., AnswerDraft]:
    return full_answer


@pytest.fixture
def answered(in_review: Callable[..., Appeal]) -> Callable[..., Appeal]:
    def make(outcome: AnswerOutcome = AnswerOutcome.SATISFIED, **overrides: Any) -> Appeal:
        appeal = in_review(**overrides)
        appeal.answer(full_answer(appeal, outcome), by=INSPECTOR, at=appeal.received_at + timedelta(days=3))
        return appeal

    return make
