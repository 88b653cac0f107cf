"""Updates from the Ministry of Mahalla and Family Support: chairman changes and demographics."""

from __future__ import annotations

import dataclasses

from services.geo.adapters.ministry import ChairmanChange, DemographicsUpdate
from services.geo.domain.territory import Role
from services.geo.handlers import administration
from services.geo.handlers.context import Geo


@dataclasses.dataclass(frozen=True)
class SyncReport:
    chairmen: list[str]
    demographics: list[str]


async def sync(geo: Geo) -> SyncReport:
    sequence = await geo.store.next_sequence("ministry")
    territory = geo.live.territory
    chairmen: list[str] = []
    demographics: list[str] = []
    for update in geo.ministry.updates(territory, sequence, geo.clock.now().date()):
        if isinstance(update, ChairmanChange):
            await administration.assign_official(
                role=Role.CHAIRMAN, territory_code=update.mahalla_code, full_name_latn=update.full_name_latn,
                full_name_cyrl=update.full_name_cyrl, phone=update.phone, photo_ref=None, reception_hours=(),
                official_id=update.official_id, geo=geo,
            )  # fmt: skip
            chairmen.append(update.mahalla_code)
        elif isinstance(update, DemographicsUpdate):
            mahalla = territory.mahalla(update.mahalla_code)
            await geo.store.save_unit(dataclasses.replace(mahalla, demographics=update.demographics))
            demographics.append(update.mahalla_code)
    await geo.changed()
    return SyncReport(chairmen, demographics)
