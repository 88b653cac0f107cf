"""The devices service: device registry, protocol servers, normalised telemetry, child monitoring."""
