"""Use cases of the appeals service: load, let the domain act, save with its events in the outbox."""
