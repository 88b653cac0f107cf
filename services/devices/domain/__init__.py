"""The devices domain: normalised telemetry records, position filtering and the service's errors (pure)."""
