"""The common part of the stream framers: a bounded buffer fed in pieces, cut into frames."""

from __future__ import annotations

from services.devices.protocol.results import Frame


class StreamFramer:
    """Feeds bytes as they arrive and hands back whole frames; a subclass says where frames are.

    Garbage dropped before a frame is counted (`dropped_bytes`) and reported on that frame
    (`Frame.skipped_before`). Subclasses keep the buffer bounded in `_next_frame`.
    """

    def __init__(self) -> None:
        self.dropped_bytes = 0
        self._buffer = bytearray()
        self._skipped = 0

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def feed(self, data: bytes) -> list[Frame]:
        self._buffer += data
        frames: list[Frame] = []
        while (frame := self._next_frame()) is not None:
            frames.append(frame)
        return frames

    def _next_frame(self) -> Frame | None:
        raise NotImplementedError

    def _cut(self, size: int) -> Frame:
        frame = Frame(bytes(self._buffer[:size]), self._skipped)
        del self._buffer[:size]
        self._skipped = 0
        return frame

    def _drop(self, count: int) -> None:
        if count > 0:
            del self._buffer[:count]
            self._skipped += count
            self.dropped_bytes += count
