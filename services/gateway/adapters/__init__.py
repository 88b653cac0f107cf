"""The gateway's doors to systems outside the project: SMS, the Interior Ministry registry, the cadastre, push.

Each is a Protocol with a sandbox implementation that behaves like the real system (realistic data,
latency and refusals); production implementations are selected by configuration.
"""
