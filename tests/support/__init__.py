"""Helpers for integration and end-to-end tests (tokens, running a service in-process)."""
