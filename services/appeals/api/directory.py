"""Reference lists a citizen's app shows: appeal categories and kinds, and the state-body directory."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.appeals.deps import ContextDep, LanguageDep
from services.appeals.domain.categories import GROUP_NAMES, KIND_NAMES

router = APIRouter(tags=["directories"])


@router.get("/v1/state-bodies")
async def state_bodies(ctx: ContextDep, language: LanguageDep) -> list[dict[str, str]]:
    """The "Appeal to state bodies" menu: each body with its official site."""
    return [body.public(language) for body in await ctx.bodies.all()]


@router.get("/v1/appeal-categories")
async def appeal_categories(ctx: ContextDep, language: LanguageDep) -> dict[str, Any]:
    return {
        "kinds": [{"code": kind.value, "name": name.in_language(language)} for kind, name in KIND_NAMES.items()],
        "categories": [
            {"code": c.code, "name": c.name.in_language(language), "group": c.group,
             "group_name": GROUP_NAMES[c.group].in_language(language)}
            for c in ctx.catalogue.active()
        ],
    }  # fmt: skip
