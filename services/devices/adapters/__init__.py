"""Adapters to systems outside Smart Mahalla (the civil registry), each a Protocol with a sandbox."""
