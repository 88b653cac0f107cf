"""The territory read model on the real database: batches of facts, redelivered and out of order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from services.appeals.domain.territory import TerritoryChange
from services.appeals.repository.territory import TerritoryReadModel
from shared.mongo import Document

MAHALLA, SECTOR = "172626601014", "172626601"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def fact(n: int, kind: str, code: str, official: str | None = None, role: str | None = None) -> TerritoryChange:
    return TerritoryChange(f"e-{n}", kind, START + timedelta(minutes=n), code, official, role)  # type: ignore[arg-type]


async def test_a_batch_builds_the_view_routing_reads(database: AsyncDatabase[Document]) -> None:
    model = TerritoryReadModel(database)

    await model.apply_many([
        fact(1, "unit_created", MAHALLA),
        fact(2, "official_assigned", MAHALLA, "insp-1", "inspector"),
        fact(3, "official_assigned", SECTOR, "head-1", "sector_head"),
    ])  # fmt: skip

    staff = (await model.view_for([MAHALLA])).mahallas[MAHALLA]
    assert (staff.inspector_ids, staff.sector_head_id) == (("insp-1",), "head-1")


async def test_a_redelivered_batch_with_new_facts_after_it_applies_only_the_new_ones(
    database: AsyncDatabase[Document],
) -> None:
    model = TerritoryReadModel(database)
    first = [fact(1, "unit_created", MAHALLA), fact(2, "official_assigned", MAHALLA, "insp-1", "inspector")]
    await model.apply_many(first)

    await model.apply_many([*first, fact(3, "official_removed", MAHALLA, "insp-1", "inspector"),
                            fact(4, "official_assigned", MAHALLA, "insp-2", "inspector")])  # fmt: skip

    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-2",)


async def test_an_older_fact_arriving_late_does_not_undo_a_newer_one(database: AsyncDatabase[Document]) -> None:
    model = TerritoryReadModel(database)
    await model.apply_many([fact(5, "official_removed", MAHALLA, "insp-1", "inspector")])

    await model.apply_many([fact(2, "official_assigned", MAHALLA, "insp-1", "inspector"),
                            fact(6, "official_assigned", MAHALLA, "insp-3", "inspector")])  # fmt: skip

    assert (await model.view_for([MAHALLA])).mahallas[MAHALLA].inspector_ids == ("insp-3",)
