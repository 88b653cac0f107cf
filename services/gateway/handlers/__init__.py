"""The gateway's use cases: load, ask the domain, save (with events in the outbox), answer."""
