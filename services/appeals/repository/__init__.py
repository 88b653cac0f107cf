"""Mongo storage of the appeals service: appeals and tips (one document each, with their outbox), the
territory read model, photos, number counters and the state-body directory."""

from services.appeals.repository.appeals import APPEALS, TIPS, AppealRepository, AppealStores, TipRepository
from services.appeals.repository.directory import STATE_BODIES, StateBodyDirectory
from services.appeals.repository.numbers import COUNTERS, NumberCounter
from services.appeals.repository.photos import PHOTOS, MongoPhotoStore
from services.appeals.repository.territory import OFFICIALS, TerritoryReadModel, TerritoryViews
from shared.mongo import IndexSpec, ascending

OUTBOX_COLLECTIONS = [APPEALS, TIPS]
INDEXES = [
    IndexSpec(APPEALS, ascending("number"), unique=True),
    IndexSpec(APPEALS, ascending("citizen_id", "received_at")),
    IndexSpec(APPEALS, ascending("assignee_id", "state")),
    IndexSpec(APPEALS, ascending("territory_codes", "state")),
    IndexSpec(APPEALS, ascending("registered_on")),
    IndexSpec(TIPS, ascending("mahalla_code", "received_at")),
    IndexSpec(OFFICIALS, ascending("territory_code")),
]

__all__ = [
    "APPEALS", "COUNTERS", "INDEXES", "OFFICIALS", "OUTBOX_COLLECTIONS", "PHOTOS", "STATE_BODIES", "TIPS",
    "AppealRepository", "AppealStores", "MongoPhotoStore", "NumberCounter", "StateBodyDirectory",
    "TerritoryReadModel", "TerritoryViews", "TipRepository",
]  # fmt: skip
