"""The edge of the system: routing to services, limits, idempotency keys, security headers."""
