"""A person's blind index: services compare who someone is without anyone putting his PINFL in a token.

The gateway signs `identity_digest(pinfl, key)` into a verified citizen's access token (claim `idh`); a
service holding the same key digests a PINFL it was given (the civil registry's answer, a request body) and
compares. Without the key the digest reveals nothing, and PINFLs are too few to hide behind a plain hash.
"""

from __future__ import annotations

import hashlib
import hmac


def identity_digest(pinfl: str, key: str) -> str:
    """Hex HMAC-SHA256 of the PINFL under the deployment's identity digest key."""
    if not key:
        raise ValueError("an identity digest needs a key")
    return hmac.new(key.encode(), pinfl.encode(), hashlib.sha256).hexdigest()


def same_identity(digest: str | None, other: str | None) -> bool:
    """Whether two digests name the same person; a missing digest names nobody."""
    return digest is not None and other is not None and hmac.compare_digest(digest, other)
