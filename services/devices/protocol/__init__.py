"""Device protocol decoders, pure: bytes or HTTP bodies in, normalised records and replies out.

One module per protocol. Stream protocols have a framer (`feed(bytes) -> list[Frame]`, bounded) and a
decoder; every decoder returns a `DecodeResult` and raises only `ProtocolError` for input it cannot use.
No sockets here: the servers that feed these live elsewhere in the service.
"""

from services.devices.domain.errors import ProtocolError
from services.devices.protocol.results import Anomaly, DecodeResult, Frame

__all__ = ["Anomaly", "DecodeResult", "Frame", "ProtocolError"]
