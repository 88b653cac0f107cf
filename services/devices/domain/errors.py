"""The devices service's error root, the one error every protocol decoder raises, and the rules' refusals."""

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


class UnknownDevice(DevicesError):
    """A device the registry does not know spoke; it is refused (and logged)."""

    code: ClassVar[str] = "devices.unknown_device"
    status: ClassVar[int] = 404


class DeviceNotFound(DevicesError):
    code: ClassVar[str] = "devices.device_not_found"
    status: ClassVar[int] = 404


class DeviceAlreadyRegistered(DevicesError):
    code: ClassVar[str] = "devices.already_registered"
    status: ClassVar[int] = 409


class UnsupportedProtocol(DevicesError):
    """The protocol cannot serve this type of device."""

    code: ClassVar[str] = "devices.unsupported_protocol"
    status: ClassVar[int] = 422


class SchoolNotFound(DevicesError):
    code: ClassVar[str] = "devices.school_not_found"
    status: ClassVar[int] = 404


class ChildNotFound(DevicesError):
    """No such child, or the caller is not his verified guardian (existence is not disclosed)."""

    code: ClassVar[str] = "devices.child_not_found"
    status: ClassVar[int] = 404


class GuardianshipNotConfirmed(DevicesError):
    """The civil registry does not name the caller as the child's parent or guardian."""

    code: ClassVar[str] = "devices.guardianship_not_confirmed"
    status: ClassVar[int] = 403


class GuardianIdentityUnknown(DevicesError):
    """The caller's token carries no verified identity (an older token, or not a citizen's): nothing to compare."""

    code: ClassVar[str] = "devices.guardian_identity_unknown"
    status: ClassVar[int] = 403


class GuardianIdentityMismatch(DevicesError):
    """The guardian PINFL in the request is not the caller's own."""

    code: ClassVar[str] = "devices.guardian_identity_mismatch"
    status: ClassVar[int] = 403


class InvalidGeofence(DevicesError):
    code: ClassVar[str] = "devices.invalid_geofence"
    status: ClassVar[int] = 422
