"""How long a test waits for an effect that happens in the background (a consumer, a timer, a relay).

Waiting longer costs nothing when the effect comes; it only delays the report when it does not. The bound
covers the local FerretDB launcher restarting a wedged FerretDB (two missed pings, up to 25 s) and the
clients reconnecting, so a test reports a missing effect, not a slow shared database.
"""

EVENTUALLY_S = 60.0
