"""What a user chose for himself: the language his notifications and pushes are written in."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from shared.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language
from shared.mongo import Document

PREFERENCES = "preferences"


def _language(value: object) -> Language:
    return next((language for language in LANGUAGES if language == value), DEFAULT_LANGUAGE)


class PreferenceRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._preferences = database[PREFERENCES]

    async def language_of(self, user_id: str) -> Language:
        document = await self._preferences.find_one({"_id": user_id})
        return _language(document.get("language") if document else None)

    async def languages_of(self, user_ids: set[str]) -> dict[str, Language]:
        found = {document["_id"]: document.get("language")
                 async for document in self._preferences.find({"_id": {"$in": sorted(user_ids)}})}  # fmt: skip
        return {user_id: _language(found.get(user_id)) for user_id in user_ids}

    async def set_language(self, user_id: str, language: Language) -> None:
        await self._preferences.update_one({"_id": user_id}, {"$set": {"language": language}}, upsert=True)

    async def forget(self, user_id: str) -> None:
        await self._preferences.delete_one({"_id": user_id})
