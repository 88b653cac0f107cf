"""The territory as appeals need it: who holds which post, folded from `territory.*` facts into the
`TerritoryView` that routing reads. Pure: the facts come in already decoded, the posts from storage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from services.appeals.domain.routing import MahallaStaff, TerritoryView

ChangeKind = Literal["official_assigned", "official_removed", "unit_created", "unit_retired"]
ROUTED_ROLES = frozenset({"inspector", "sector_head", "district"})  # a chairman is not police: never routed to


@dataclass(frozen=True)
class TerritoryChange:
    """One fact of `territory.v1`, in the terms appeals need (the consumer maps geo's contracts onto it)."""

    event_id: str
    kind: ChangeKind
    at: datetime
    territory_code: str
    official_id: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class OfficialPost:
    official_id: str
    role: str
    territory_code: str
    since: datetime


def ancestors(mahalla_code: str) -> list[str]:
    """The mahalla, its sector and its district: where its officials' posts are."""
    return [mahalla_code, mahalla_code[:9], mahalla_code[:7]]


def view_of(mahalla_codes: Iterable[str], posts: Iterable[OfficialPost], units: Iterable[str]) -> TerritoryView:
    """Each mahalla's ladder: its inspectors (longest-serving first), its sector head, its district officer."""
    ordered = sorted(posts, key=lambda post: (post.since, post.official_id))
    known = set(units)
    mahallas: dict[str, MahallaStaff] = {}
    for code in dict.fromkeys(mahalla_codes):
        mine = [p for p in ordered if p.role in ROUTED_ROLES and p.territory_code in ancestors(code)]
        if code not in known and not mine:
            continue
        inspectors = tuple(p.official_id for p in mine if p.role == "inspector" and p.territory_code == code)
        heads = [p.official_id for p in mine if p.role == "sector_head" and p.territory_code == code[:9]]
        district = [p.official_id for p in mine if p.role == "district" and p.territory_code == code[:7]]
        mahallas[code] = MahallaStaff(code, inspectors, heads[0] if heads else None, district[0] if district else None)
    return TerritoryView(mahallas=mahallas)
