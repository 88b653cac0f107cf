"""The topic registry: every Kafka topic the system uses, created explicitly at start (no auto-creation)."""

from __future__ import annotations

import dataclasses
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

logger = logging.getLogger(__name__)

DAY_MS = 24 * 60 * 60 * 1000
DLQ_SUFFIX = ".dlq"


@dataclasses.dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    key: str
    retention_days: int
    producer: str
    consumers: tuple[str, ...]
    description: str

    @property
    def dead_letters(self) -> str:
        return dead_letter_topic(self.name)


def dead_letter_topic(topic: str) -> str:
    return f"{topic}{DLQ_SUFFIX}"


USERS = TopicSpec(
    "users.v1",
    6,
    "user id",
    30,
    "gateway",
    ("appeals", "ratings", "devices", "docs_vault"),
    "accounts registered, verified, bound to a mahalla, moved, deleted",
)
TERRITORY = TopicSpec(
    "territory.v1",
    6,
    "mahalla code",
    365,
    "geo",
    ("appeals", "ratings", "sos", "devices", "bulletins"),
    "units created/retired, officials assigned/removed, posts moved",
)
INCIDENTS = TopicSpec(
    "incidents.v1",
    6,
    "incident id",
    30,
    "geo",
    ("analysts",),
    "road accidents, administrative offences and crimes for the area map",
)
APPEALS = TopicSpec(
    "appeals.v1",
    6,
    "appeal id",
    30,
    "appeals",
    ("ratings", "analysts"),
    "appeal lifecycle facts without personal data",
)
RATINGS = TopicSpec("ratings.v1", 3, "official id", 30, "ratings", ("analysts",), "ratings and scorecards")
SOS = TopicSpec("sos.v1", 6, "emergency id", 30, "sos", ("analysts",), "emergency requests and their lifecycle")
TELEMETRY_POSITIONS = TopicSpec(
    "telemetry.positions.v1", 12, "device id", 3, "devices", ("sos", "devices"), "normalised device positions"
)
TELEMETRY_ACCESS = TopicSpec("telemetry.access.v1", 6, "device id", 7, "devices", ("devices",), "turnstile passes")
TELEMETRY_CAMERA = TopicSpec("telemetry.camera.v1", 3, "device id", 7, "devices", ("devices",), "camera event metadata")
MONITORING_ALERTS = TopicSpec(
    "monitoring.alerts.v1", 6, "child id", 30, "devices", ("analysts",), "child monitoring alerts"
)
DOCS_AUDIT = TopicSpec(
    "docs.audit.v1",
    3,
    "document id",
    365,
    "docs_vault",
    ("analysts",),
    "document access audit, without personal data",
)
BULLETINS = TopicSpec("bulletins.v1", 3, "bulletin id", 30, "bulletins", ("analysts",), "published bulletins")
NOTIFICATIONS = TopicSpec(
    "notifications.v1",
    12,
    "recipient user id",
    30,
    "every service",
    ("gateway",),
    "what a person must be told: delivered by the gateway (stream, inbox, push)",
)

TOPICS: tuple[TopicSpec, ...] = (
    USERS,
    TERRITORY,
    INCIDENTS,
    APPEALS,
    RATINGS,
    SOS,
    TELEMETRY_POSITIONS,
    TELEMETRY_ACCESS,
    TELEMETRY_CAMERA,
    MONITORING_ALERTS,
    DOCS_AUDIT,
    BULLETINS,
    NOTIFICATIONS,
)


def all_topic_specs() -> list[TopicSpec]:
    """Every topic with its dead-letter twin (one partition, kept a month for inspection)."""
    specs = list(TOPICS)
    for spec in TOPICS:
        specs.append(
            TopicSpec(
                spec.dead_letters,
                1,
                spec.key,
                30,
                "any consumer of " + spec.name,
                ("operators",),
                f"messages of {spec.name} that could not be handled, with the error",
            )
        )
    return specs


async def create_topics(bootstrap: str, specs: list[TopicSpec]) -> list[str]:
    """Create the topics that do not exist yet; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [spec for spec in specs if spec.name not in existing]
        if missing:
            await admin.create_topics(
                [
                    NewTopic(
                        name=spec.name,
                        num_partitions=spec.partitions,
                        replication_factor=1,
                        topic_configs={"retention.ms": str(spec.retention_days * DAY_MS)},
                    )
                    for spec in missing
                ]
            )
        return [spec.name for spec in missing]
    finally:
        await admin.close()


async def ensure_topics(bootstrap: str) -> list[str]:
    return await create_topics(bootstrap, all_topic_specs())
