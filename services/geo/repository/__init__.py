"""Storage of the geo service: the territory registry, incidents and the crime-map counters."""

from services.geo.repository.incidents import BATCHES, COUNTERS, EVENTS, INCIDENT_INDEXES, INCIDENTS
from services.geo.repository.territory import OFFICIALS, PLACES, TERRITORY_INDEXES, UNITS
from shared.outbox import outbox_index

OUTBOX_COLLECTIONS = [UNITS, OFFICIALS, PLACES]
# The relays are the service's own (see deps), so the outbox indexes are declared here.
INDEXES = [*TERRITORY_INDEXES, *INCIDENT_INDEXES, *(outbox_index(c) for c in [*OUTBOX_COLLECTIONS, EVENTS])]

__all__ = [
    "BATCHES",
    "COUNTERS",
    "EVENTS",
    "INCIDENTS",
    "INDEXES",
    "OFFICIALS",
    "OUTBOX_COLLECTIONS",
    "PLACES",
    "UNITS",
]
