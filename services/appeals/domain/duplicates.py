"""Duplicate detection: the same citizen, a similar text, within 7 days, an appeal still open → merge.

Texts are compared after folding (`transliteration.search_key`: one script, lower case, no apostrophes
or punctuation), so the same complaint typed once in Latin and once in Cyrillic is recognised. Similarity
is the higher of two measures, each in [0, 1]: the Jaccard index of the word sets (robust to reordering)
and difflib's ratio of the folded strings (robust to small edits and typos).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from services.appeals.domain.transliteration import search_key

DUPLICATE_WINDOW = timedelta(days=7)
SIMILARITY_THRESHOLD = 0.8


class DuplicateCandidate(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def citizen_id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def is_open(self) -> bool: ...


Candidate = TypeVar("Candidate", bound=DuplicateCandidate)


def similarity(first: str, second: str) -> float:
    a, b = search_key(first), search_key(second)
    if not a or not b:
        return 0.0
    words_a, words_b = set(a.split()), set(b.split())
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    matcher = difflib.SequenceMatcher(None, a, b)
    ratio = matcher.ratio() if matcher.real_quick_ratio() > jaccard else 0.0
    return max(jaccard, ratio)


def find_duplicate(
    *,
    citizen_id: str,
    text: str,
    received_at: datetime,
    candidates: Iterable[Candidate],
    window: timedelta = DUPLICATE_WINDOW,
    threshold: float = SIMILARITY_THRESHOLD,
) -> Candidate | None:
    """The open appeal of the same citizen, received within `window` before this one, whose text is the
    most similar at or above `threshold`; None when this is a new appeal."""
    best: Candidate | None = None
    best_score = threshold
    for candidate in candidates:
        if candidate.citizen_id != citizen_id or not candidate.is_open:
            continue
        if not received_at - window <= candidate.received_at <= received_at:
            continue
        score = similarity(text, candidate.text)
        if score >= best_score:
            best, best_score = candidate, score
    return best
