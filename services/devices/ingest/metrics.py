"""Prometheus counters of ingestion: frames, anomalies, malformed frames, refusals, connections."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class IngestMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.frames = Counter("devices_frames", "Frames and requests decoded", ["protocol"], registry=registry)
        self.anomalies = Counter(
            "devices_anomalies", "Oddities tolerated in decoded frames", ["protocol", "anomaly"], registry=registry
        )
        self.malformed = Counter(
            "devices_malformed_frames", "Frames no decoder could use", ["protocol", "reason"], registry=registry
        )
        self.refused = Counter("devices_refused", "Unknown devices refused", ["protocol"], registry=registry)
        self.published = Counter(
            "devices_records_published", "Normalised records handed to Kafka", ["topic"], registry=registry
        )
        self.filtered = Counter(
            "devices_positions_filtered", "Positions dropped by the filter", ["reason"], registry=registry
        )
        self.publish_failures = Counter(
            "devices_publish_failures", "Batches Kafka did not take (no ACK sent)", ["protocol"], registry=registry
        )
        self.connections = Gauge("devices_connections", "Open device connections", ["protocol"], registry=registry)
        self.archive_dropped = Counter(
            "devices_archive_dropped", "Raw frames not archived because the queue was full", registry=registry
        )
