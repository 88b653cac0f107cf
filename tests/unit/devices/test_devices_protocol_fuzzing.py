"""Property tests for every framer and decoder: random or mutated input raises nothing but ProtocolError,
buffers stay bounded, and a stream split anywhere yields the same frames."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.devices.domain.errors import ProtocolError
from services.devices.protocol import gt06, h02, hikvision, onvif, osmand, watch, zkteco
from services.devices.protocol.results import DecodeResult, Frame, malformed_as_protocol_error
from services.devices.protocol.safe_xml import XmlRejected, parse_xml

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
TASHKENT = ZoneInfo("Asia/Tashkent")
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GT06_FRAMES = [
    bytes.fromhex("78780d01012345678901234500018cdd0d0a"),
    bytes.fromhex("78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a"),
    bytes.fromhex("787819100b031a0b1b31cc027ac7fd0c4657bf0115210001001cc6070d0a"),
    bytes.fromhex("78780a13440604000201baaf540d0a"),
    gt06.encode_reply(gt06.ALARM, 5, bytes(18) + bytes([9, 1, 0xB2, 5, 0, 1, 0, 0, 2]) + bytes([0x44, 4, 3, 1, 2])),
    gt06.encode_reply(gt06.TIME_REQUEST, 6),
]
H02_FRAMES = [
    b"*HQ,9001000002,V8,213945,A,3542.2043,N,38.6508,W,0.00,170,221025,FBFFF9FF,0,0,0,0,22,31,126,0#",
    b"*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF,712,01,0,0,6#",
    b"*HQ,135790246811220,HTBT,100#",
    b"*HQ,4210051415,NBR,081500,434,5,1,2,1234,56789,-61,1235,56790,-70,251126,FFFFFFFD#",
    bytes.fromhex("2442100514150815002511264118664905069144337e010045fffffffd000000"),
]
WATCH_FRAMES = [
    b"[SG*8800000015*0087*UD,220414,134652,A,22.571707,N,113.8613968,E,0.1,0.0,100,7,60,90,1000,50,0000,4,1,460,0,"
    b"9360,4082,131,9360,4092,148,9360,4091,143,9360,4153,141]",
    b"[3G*4700186508*000B*LK,0,10,100]",
    b"[3G*8800000015*0003*TKQ]",
    b"[CS*8800000015*00A1*0002*AL,251126,081500,V,0.0,N,0.0,E,0,0,0,0,40,15,0,0,00010000,0,0]",
    b"[ZJ*8800000015*0007*TK,}\x02}\x03}\x05}\x01]",
]


def gt06_stream(data: bytes) -> list[DecodeResult | None]:
    session = gt06.Gt06Session()
    session.decode(GT06_FRAMES[0], received_at=NOW)
    frames = gt06.Gt06Framer().feed(data)
    return [_quietly(functools.partial(session.decode, frame, received_at=NOW)) for frame in frames]


def h02_stream(data: bytes) -> list[DecodeResult | None]:
    frames = h02.H02Framer().feed(data)
    return [_quietly(functools.partial(h02.decode, frame, received_at=NOW, tz=TASHKENT)) for frame in frames]


def watch_stream(data: bytes) -> list[DecodeResult | None]:
    frames = watch.WatchFramer().feed(data)
    return [_quietly(functools.partial(watch.decode, frame, received_at=NOW, tz=TASHKENT)) for frame in frames]


def _quietly(decode: Callable[[], DecodeResult]) -> DecodeResult | None:
    """Run a decoder: a ProtocolError (HTTP 400, with a reason) is the one failure allowed out."""
    failure: ProtocolError | None = None
    try:
        return decode()
    except ProtocolError as error:
        failure = error
    assert failure.status == 400
    assert failure.reason
    return None


def mutated(samples: list[bytes]) -> st.SearchStrategy[bytes]:
    """A valid sample with bytes overwritten, cut off, or inserted."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(samples)))
        for _ in range(draw(st.integers(min_value=1, max_value=6))):
            action = draw(st.sampled_from(["set", "cut", "insert"]))
            at = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
            if action == "set" and data:
                data[at] = draw(st.integers(min_value=0, max_value=255))
            elif action == "cut":
                del data[at:]
            else:
                data[at:at] = draw(st.binary(min_size=1, max_size=8))
        return bytes(data)

    return build()


STREAMS = [
    pytest.param(gt06_stream, GT06_FRAMES, id="gt06"),
    pytest.param(h02_stream, H02_FRAMES, id="h02"),
    pytest.param(watch_stream, WATCH_FRAMES, id="watch"),
]


@pytest.mark.parametrize(("stream", "samples"), STREAMS)
@FUZZ
@given(data=st.data())
def test_random_and_mutated_bytes_raise_nothing_but_protocol_errors(
    stream: Callable[[bytes], list[DecodeResult | None]], samples: list[bytes], data: st.DataObject
) -> None:
    stream(data.draw(st.binary(max_size=512)))
    stream(data.draw(mutated(samples)))
    stream(b"".join(data.draw(st.lists(mutated(samples), max_size=4))))


@FUZZ
@given(st.binary(max_size=300))
def test_a_gt06_session_survives_any_frame_whether_logged_in_or_not(data: bytes) -> None:
    for session in (gt06.Gt06Session(), gt06.Gt06Session(device_id="123456789012345")):
        _quietly(functools.partial(session.decode, data, received_at=NOW))
        _quietly(functools.partial(session.decode, b"\x78\x78" + data + b"\r\n", received_at=NOW))


@FUZZ
@given(st.text(max_size=200))
def test_random_text_frames_raise_nothing_but_protocol_errors(text: str) -> None:
    body = text.encode("utf-8")
    _quietly(lambda: h02.decode(b"*" + body + b"#", received_at=NOW))
    _quietly(lambda: h02.decode(b"*HQ,123," + body + b"#", received_at=NOW))
    _quietly(lambda: watch.decode(b"[" + body + b"]", received_at=NOW))
    _quietly(lambda: watch.decode(b"[3G*123*0010*" + body + b"]", received_at=NOW))
    _quietly(lambda: watch.decode(b"[3G*123*0010*UD," + body + b"]", received_at=NOW))


@FUZZ
@given(st.text(max_size=200), st.binary(max_size=300), st.sampled_from([None, "application/json", "text/plain"]))
def test_osmand_requests_raise_nothing_but_protocol_errors(query: str, body: bytes, content_type: str | None) -> None:
    _quietly(lambda: osmand.decode_request(query, body, content_type, received_at=NOW))
    _quietly(lambda: osmand.decode_request("id=7&" + query, body, content_type, received_at=NOW))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["id", "lat", "lon", "timestamp", "speed", "location", "batt", "cell", "alarm"]),
        st.text(max_size=30),
    )
)
def test_osmand_parameters_raise_nothing_but_protocol_errors(params: dict[str, str]) -> None:
    _quietly(lambda: osmand.decode_params(params, received_at=NOW))


@FUZZ
@given(json_values, json_values)
def test_osmand_json_of_any_shape_raises_nothing_but_protocol_errors(location: object, coords: object) -> None:
    for document in (
        {"device_id": "7", "location": location},
        {"device_id": "7", "location": {"coords": coords, "timestamp": location}},
    ):
        _quietly(
            functools.partial(
                osmand.decode_request, "", json.dumps(document).encode(), "application/json", received_at=NOW
            )
        )


HIK_SAMPLE = json.dumps(
    {
        "macAddress": "bc:ad",
        "dateTime": "2026-09-02T08:01:02+05:00",
        "eventType": "AccessControllerEvent",
        "AccessControllerEvent": {"majorEventType": 5, "subEventType": 75, "employeeNoString": "1001", "doorNo": 1},
    }
).encode()
HIK_XML = (
    b'<EventNotificationAlert xmlns="http://www.isapi.org/ver20/XMLSchema"><macAddress>bc</macAddress>'
    b"<dateTime>2026-09-02T08:01:02+05:00</dateTime><eventType>AccessControllerEvent</eventType><AccessControllerEvent>"
    b"<majorEventType>5</majorEventType><subEventType>1</subEventType><employeeNoString>7</employeeNoString>"
    b"<doorNo>2</doorNo></AccessControllerEvent></EventNotificationAlert>"
)


@FUZZ
@given(
    st.binary(max_size=400) | mutated([HIK_SAMPLE, HIK_XML]),
    st.sampled_from(["application/json", "application/xml", "multipart/form-data; boundary=x", "", "image/jpeg"]),
)
def test_hikvision_bodies_raise_nothing_but_protocol_errors(body: bytes, content_type: str) -> None:
    _quietly(lambda: hikvision.decode_event(body, content_type, received_at=NOW))
    _quietly(
        lambda: hikvision.decode_event(
            b"--x\r\nContent-Type: application/json\r\n\r\n" + body, content_type, received_at=NOW
        )
    )


@FUZZ
@given(json_values)
def test_hikvision_json_of_any_shape_raises_nothing_but_protocol_errors(event: object) -> None:
    document = {
        "macAddress": "bc",
        "eventType": "AccessControllerEvent",
        "AccessControllerEvent": event,
        "dateTime": event,
    }
    _quietly(lambda: hikvision.decode_event(json.dumps(document).encode(), "application/json", received_at=NOW))


@FUZZ
@given(st.text(max_size=100), st.binary(max_size=400) | st.text(max_size=300).map(str.encode))
def test_zkteco_uploads_raise_nothing_but_protocol_errors(query: str, body: bytes) -> None:
    _quietly(lambda: zkteco.decode_cdata(query, body, tz=TASHKENT, received_at=NOW))
    _quietly(lambda: zkteco.decode_cdata("SN=ABC&table=ATTLOG", body, tz=TASHKENT, received_at=NOW))


ONVIF_SAMPLE = (
    b'<Notify xmlns:tt="t"><NotificationMessage><Topic>tns1:RuleEngine/LineDetector/Crossed</Topic><Message>'
    b'<tt:Message UtcTime="2026-03-01T07:30:00Z"><tt:Source><tt:SimpleItem Name="VideoSourceToken" Value="1"/>'
    b'</tt:Source><tt:Data><tt:SimpleItem Name="ObjectId" Value="17"/></tt:Data></tt:Message></Message>'
    b"</NotificationMessage></Notify>"
)


@FUZZ
@given(st.binary(max_size=400) | mutated([ONVIF_SAMPLE]) | st.text(max_size=300).map(str.encode))
def test_onvif_notifications_raise_nothing_but_protocol_errors(body: bytes) -> None:
    _quietly(lambda: onvif.decode_notification(body, device_id="cam", received_at=NOW))


@FUZZ
@given(st.binary(max_size=300) | mutated([ONVIF_SAMPLE, HIK_XML]))
def test_the_xml_parser_raises_nothing_but_its_rejection(body: bytes) -> None:
    with contextlib.suppress(XmlRejected):
        parse_xml(body)


FRAMERS: list[tuple[str, Callable[[], object], list[bytes]]] = [
    ("gt06", gt06.Gt06Framer, GT06_FRAMES),
    ("h02", h02.H02Framer, H02_FRAMES),
    ("watch", watch.WatchFramer, WATCH_FRAMES),
]


def _feed(framer: object, chunks: list[bytes]) -> list[bytes]:
    frames: list[Frame] = []
    for chunk in chunks:
        frames.extend(framer.feed(chunk))  # type: ignore[attr-defined]
    return [frame.data for frame in frames]


@pytest.mark.parametrize(("name", "make", "samples"), FRAMERS, ids=[f[0] for f in FRAMERS])
def test_a_valid_frame_split_at_every_byte_boundary_yields_the_same_frame(
    name: str, make: Callable[[], object], samples: list[bytes]
) -> None:
    for sample in samples:
        for cut in range(len(sample) + 1):
            assert _feed(make(), [sample[:cut], sample[cut:]]) == [sample], f"{name} cut at {cut}"
        assert _feed(make(), [bytes([byte]) for byte in sample]) == [sample]


@pytest.mark.parametrize(("name", "make", "samples"), FRAMERS, ids=[f[0] for f in FRAMERS])
@FUZZ
@given(data=st.data())
def test_a_stream_in_any_chunks_with_garbage_between_frames_yields_every_frame(
    name: str, make: Callable[[], object], samples: list[bytes], data: st.DataObject
) -> None:
    frames = data.draw(st.lists(st.sampled_from(samples), min_size=1, max_size=5))
    # Garbage that cannot start a frame of any of these protocols.
    garbage = st.binary(max_size=12).map(lambda b: bytes(x for x in b if x not in b"\x78\x79*$[]\r\n"))
    stream = b"".join(data.draw(garbage) + frame for frame in frames)
    cuts = sorted(data.draw(st.lists(st.integers(min_value=0, max_value=len(stream)), max_size=8)))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    assert _feed(make(), chunks) == frames, name


@pytest.mark.parametrize(("name", "make", "samples"), FRAMERS, ids=[f[0] for f in FRAMERS])
@FUZZ
@given(chunks=st.lists(st.binary(max_size=3000), max_size=6))
def test_a_framer_fed_anything_keeps_its_buffer_bounded(
    name: str, make: Callable[[], object], samples: list[bytes], chunks: list[bytes]
) -> None:
    framer = make()
    bound = getattr(framer, "max_frame", None) or framer.max_text  # type: ignore[attr-defined]
    for chunk in chunks:
        framer.feed(chunk)  # type: ignore[attr-defined]
        assert framer.buffered <= bound, name  # type: ignore[attr-defined]


def test_the_decoders_boundary_turns_parse_failures_into_protocol_errors_and_lets_the_rest_through() -> None:
    with pytest.raises(ProtocolError) as parse_failure, malformed_as_protocol_error("gt06"):
        int.from_bytes(b"\x01") + [][1]
    assert (parse_failure.value.protocol, parse_failure.value.reason) == ("gt06", "malformed")
    assert isinstance(parse_failure.value.__cause__, IndexError)
    own = ProtocolError(protocol="h02", reason="truncated", detail="")
    with pytest.raises(ProtocolError) as passed_on, malformed_as_protocol_error("gt06"):
        raise own
    assert passed_on.value is own
    with pytest.raises(MemoryError), malformed_as_protocol_error("gt06"):
        raise MemoryError
    with malformed_as_protocol_error("gt06"):
        decoded = 1
    assert decoded == 1
