"""A citizen who sends the same appeal again within a week finds it merged into the one still open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from services.appeals.domain.duplicates import find_duplicate, similarity
from services.appeals.domain.lifecycle import Appeal
from services.appeals.domain.transliteration import to_cyrillic

TEXT = "Qo‘shnim har kecha yarim tungacha baland ovozda musiqa qo‘yadi."


def test_the_same_text_in_cyrillic_a_day_later_is_the_same_appeal(in_review: Callable[..., Appeal]) -> None:
    open_appeal = in_review(text=TEXT)

    found = find_duplicate(
        citizen_id="citizen-1",
        text=to_cyrillic(TEXT),
        received_at=open_appeal.received_at + timedelta(days=1),
        candidates=[open_appeal],
    )

    assert found is open_appeal


def test_small_edits_and_punctuation_do_not_hide_a_duplicate() -> None:
    edited = "qoshnim HAR kecha yarim tungacha baland ovozda musiqa qoyadi!!!"

    assert similarity(TEXT, edited) >= 0.8
    assert similarity(TEXT, "Ko‘chada it qopib oldi, egasi yo‘q.") < 0.5


def test_the_most_similar_open_appeal_is_chosen(new_appeal: Callable[..., Appeal]) -> None:
    noise = new_appeal(appeal_id="noise", text=TEXT)
    dogs = new_appeal(appeal_id="dogs", text="Ko‘chada qarovsiz itlar bolalarga hujum qilmoqda.")

    found = find_duplicate(
        citizen_id="citizen-1",
        text="Ko‘chada qarovsiz itlar bolalarga hujum qilyapti",
        received_at=noise.received_at + timedelta(hours=3),
        candidates=[noise, dogs],
    )

    assert found is dogs


def test_another_citizens_appeal_is_never_a_duplicate(new_appeal: Callable[..., Appeal]) -> None:
    neighbours = new_appeal(citizen_id="citizen-2", text=TEXT)

    found = find_duplicate(
        citizen_id="citizen-1", text=TEXT, received_at=neighbours.received_at, candidates=[neighbours]
    )

    assert found is None


def test_after_seven_days_the_same_text_is_a_new_appeal(new_appeal: Callable[..., Appeal]) -> None:
    old = new_appeal(text=TEXT)

    within = find_duplicate(
        citizen_id="citizen-1", text=TEXT, received_at=old.received_at + timedelta(days=7), candidates=[old]
    )
    after = find_duplicate(
        citizen_id="citizen-1",
        text=TEXT,
        received_at=old.received_at + timedelta(days=7, seconds=1),
        candidates=[old],
    )

    assert (within, after) == (old, None)


def test_an_appeal_already_answered_does_not_absorb_a_new_one(answered: Callable[..., Appeal]) -> None:
    done = answered(text=TEXT)

    found = find_duplicate(
        citizen_id="citizen-1", text=TEXT, received_at=done.received_at + timedelta(days=4), candidates=[done]
    )

    assert found is None


def test_a_different_matter_from_the_same_citizen_is_a_new_appeal(in_review: Callable[..., Appeal]) -> None:
    open_appeal = in_review(text=TEXT)

    found = find_duplicate(
        citizen_id="citizen-1",
        text="Mahallamizda giyohvand moddalar sotilayotganidan xavotirdamiz.",
        received_at=open_appeal.received_at + timedelta(days=1),
        candidates=[open_appeal],
    )

    assert found is None
