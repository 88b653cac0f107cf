"""Use cases of the geo service: load, call the domain, save (events into the outbox)."""
