"""The state-body directory as the database holds it (seeded from `domain/state_bodies.py`)."""

from __future__ import annotations

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.appeals.domain.state_bodies import STATE_BODIES as BUILT_IN
from services.appeals.domain.state_bodies import StateBody
from shared.i18n import Text
from shared.mongo import Document

STATE_BODIES = "state_bodies"


def _text(value: dict[str, str]) -> Text:
    return Text(value["uz-Latn"], value["uz-Cyrl"], value["ru"], value["en"])


def _plain(text: Text) -> dict[str, str]:
    return {"uz-Latn": text.uz_latn, "uz-Cyrl": text.uz_cyrl, "ru": text.ru, "en": text.en}


class StateBodyDirectory:
    """Reads the stored directory; until the seed ran, the built-in one."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._bodies = database[STATE_BODIES]

    async def all(self) -> list[StateBody]:
        stored = [
            StateBody(code=d["_id"], name=_text(d["name"]), site=d["site"], topics=_text(d["topics"]))
            async for d in self._bodies.find({}).sort("order", 1)
        ]
        return stored or list(BUILT_IN)

    async def get(self, code: str) -> StateBody | None:
        return next((body for body in await self.all() if body.code == code), None)

    async def seed(self) -> int:
        """Write the built-in directory (idempotent); returns how many bodies were new."""
        result = await self._bodies.bulk_write(
            [
                UpdateOne(
                    {"_id": body.code},
                    {"$set": {"name": _plain(body.name), "site": body.site, "topics": _plain(body.topics),
                              "order": order}},
                    upsert=True,
                )
                for order, body in enumerate(BUILT_IN)
            ]
        )  # fmt: skip
        return result.upserted_count
