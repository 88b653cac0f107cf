"""The devices service's error root and the one error every protocol decoder raises."""

from __future__ import annotations

from typing import ClassVar

from shared.errors import DomainError


class DevicesError(DomainError):
    """The root of every error of the devices service."""

    code: ClassVar[str] = "devices.error"


class ProtocolError(DevicesError):
    """A frame or request that a decoder cannot make sense of.

    Raised for that one frame only: the connection and every other connection go on. `protocol` names
    the decoder and `reason` is a stable machine code (`truncated`, `bad_number`, `bad_header`, ...).
    """

    code: ClassVar[str] = "devices.malformed_message"
    status: ClassVar[int] = 400

    def __init__(self, *, protocol: str, reason: str, detail: str = "") -> None:
        super().__init__(protocol=protocol, reason=reason, detail=detail)
        self.protocol = protocol
        self.reason = reason
        self.detail = detail
