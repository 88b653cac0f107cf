"""Ingestion: protocol servers feed the pure decoders, and normalised telemetry goes to Kafka before any ACK."""
