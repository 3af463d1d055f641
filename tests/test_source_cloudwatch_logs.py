"""CloudWatch Logs subscriptions: decoding awslogs.data, control messages, routing by log group."""

from __future__ import annotations

import base64
import gzip
import json
import struct
import tracemalloc
import zlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import CloudWatchLogsEvent
from tests.conftest import load_event


def subscription(document: Any) -> dict[str, Any]:
    compressed = gzip.compress(json.dumps(document).encode())
    return {"awslogs": {"data": base64.b64encode(compressed).decode()}}


def logs_from(group: str) -> dict[str, Any]:
    return subscription(
        {
            "messageType": "DATA_MESSAGE",
            "owner": "123456789012",
            "logGroup": group,
            "logStream": "s",
            "subscriptionFilters": ["f"],
            "logEvents": [{"id": "1", "timestamp": 1, "message": "m"}],
        }
    )


@pytest.mark.parametrize("name", ["data_message", "extracted_fields", "control_message"])
def test_subscriptions_classify_as_cloudwatch_logs(name: str) -> None:
    source, variant = classify(load_event(f"cloudwatch_logs/{name}.json"))
    assert (source.name, variant) == ("cloudwatch_logs", "")


def test_data_message_is_decoded() -> None:
    event = CloudWatchLogsEvent(load_event("cloudwatch_logs/data_message.json"))

    assert event.message_type == "DATA_MESSAGE"
    assert not event.is_control_message
    assert event.owner == "123456789012"
    assert event.log_group == "/aws/lambda/checkout"
    assert event.log_stream == "2024/05/01/[$LATEST]6a3f0c2e9b1d4e7f8a5b2c1d0e9f8a7b"
    assert event.subscription_filters == ["errors-to-alerting"]
    first, report = event.log_events
    assert first.id == "38193847261937465019283746501928374650192837465019283746"
    assert first.timestamp == 1714564800123
    assert first.json() == {"level": "ERROR", "message": "payment declined", "order": "o-77"}
    assert report.message is not None and report.message.startswith("REPORT RequestId:")
    assert report.extracted_fields == {}
    assert event.log_events is event.log_events


def test_extracted_fields_of_space_delimited_patterns() -> None:
    event = CloudWatchLogsEvent(load_event("cloudwatch_logs/extracted_fields.json"))

    assert event.log_events[0].extracted_fields["action"] == "REJECT"


def test_plain_message_is_not_json() -> None:
    event = CloudWatchLogsEvent(load_event("cloudwatch_logs/data_message.json"))

    with pytest.raises(InvalidEventError, match="is not valid JSON"):
        event.log_events[1].json()


def test_repr_names_the_stream_not_the_messages() -> None:
    event = CloudWatchLogsEvent(load_event("cloudwatch_logs/data_message.json"))

    assert "/aws/lambda/checkout" in repr(event)
    assert "payment declined" not in repr(event) + repr(event.log_events[0])


@pytest.mark.parametrize(
    ("awslogs", "message"),
    [
        ({}, "awslogs.data must be base64 text, got NoneType"),
        ({"data": "***"}, "awslogs.data is not valid base64"),
        ({"data": base64.b64encode(b"plain").decode()}, "awslogs.data is not gzip-compressed"),
        (
            {"data": base64.b64encode(gzip.compress(b"{oops")).decode()},
            "awslogs.data is not valid JSON",
        ),
        (
            {"data": base64.b64encode(gzip.compress(b"[1]")).decode()},
            "awslogs.data must hold a JSON object, got list",
        ),
    ],
)
def test_corrupt_data_is_a_clear_error(awslogs: dict[str, Any], message: str) -> None:
    router = Router()
    router.cloudwatch_logs()(lambda event, context: None)

    with pytest.raises(InvalidEventError, match=message):
        router.dispatch({"awslogs": awslogs}, {})


def gzip_bomb(inflated_mib: int) -> bytes:
    """A valid gzip of ``inflated_mib`` MiB of spaces then ``{}``, about 1 KiB per MiB.

    Each MiB is deflated once after a full flush (so every block is byte-identical) and repeated.
    """
    mib = b" " * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(mib) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.compress(b"{}") + deflate.flush()
    crc = 0
    for _ in range(inflated_mib):
        crc = zlib.crc32(mib, crc)
    size = inflated_mib * len(mib) + 2
    trailer = struct.pack("<II", zlib.crc32(b"{}", crc), size & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + block * inflated_mib + end + trailer


def bomb_event(inflated_mib: int) -> dict[str, Any]:
    return {"awslogs": {"data": base64.b64encode(gzip_bomb(inflated_mib)).decode()}}


def test_a_decompression_bomb_is_refused_at_the_default_cap() -> None:
    # 256 KiB of gzip that would inflate to 256 MiB, four times the 64 MiB default.
    event = bomb_event(256)
    assert len(event["awslogs"]["data"]) < 400 * 1024
    router = Router()
    router.cloudwatch_logs()(lambda event, context: None)

    with pytest.raises(InvalidEventError, match="inflates to more than 67108864 bytes"):
        router.dispatch(event, {})


def test_inflating_a_bomb_uses_memory_bounded_by_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    cap = 1 << 20
    monkeypatch.setattr(CloudWatchLogsEvent, "max_inflated_size", cap)
    event = bomb_event(256)
    router = Router()
    router.cloudwatch_logs()(lambda event, context: None)

    tracemalloc.start()
    try:
        with pytest.raises(InvalidEventError, match=f"inflates to more than {cap} bytes"):
            router.dispatch(event, {})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The output buffer and its joined copy, plus the event itself: never the 256 MiB it claims.
    assert peak < 4 * cap


def test_a_payload_within_the_cap_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CloudWatchLogsEvent, "max_inflated_size", (1 << 20) + 2)
    event = CloudWatchLogsEvent(bomb_event(1))

    assert event.data == {}
    assert zlib.decompress(gzip_bomb(1), zlib.MAX_WBITS | 16).endswith(b" {}")


def test_truncated_data_is_a_clear_error() -> None:
    truncated = gzip.compress(json.dumps({"messageType": "DATA_MESSAGE"}).encode())[:-12]
    event = CloudWatchLogsEvent({"awslogs": {"data": base64.b64encode(truncated).decode()}})

    with pytest.raises(InvalidEventError, match="not gzip-compressed"):
        _ = event.data


def test_control_messages_are_acknowledged_without_a_handler_call() -> None:
    router = Router(unmatched="fail")
    calls: list[Any] = []
    router.cloudwatch_logs("/aws/lambda/*")(lambda event, context: calls.append(event))

    assert router.dispatch(load_event("cloudwatch_logs/control_message.json"), {}) is None
    assert calls == []
    control = CloudWatchLogsEvent(load_event("cloudwatch_logs/control_message.json"))
    assert control.is_control_message


def test_routes_by_log_group_name_or_prefix() -> None:
    # Handlers with one filter each tie on specificity: the first registered wins, so the exact
    # name goes before the prefix it falls under.
    router = Router()
    router.cloudwatch_logs("/aws/lambda/checkout")(lambda e, c: "checkout")
    router.cloudwatch_logs("/aws/lambda/*")(lambda e, c: "lambda")
    router.cloudwatch_logs(["vpc-flow-logs", "/aws/rds/*"])(lambda e, c: "network or rds")
    router.cloudwatch_logs()(lambda e, c: "anything else")

    assert router.dispatch(logs_from("/aws/lambda/checkout"), {}) == "checkout"
    assert router.dispatch(logs_from("/aws/lambda/cart"), {}) == "lambda"
    assert router.dispatch(logs_from("/aws/rds/instance/db/error"), {}) == "network or rds"
    assert router.dispatch(logs_from("vpc-flow-logs"), {}) == "network or rds"
    assert router.dispatch(logs_from("/ecs/web"), {}) == "anything else"


def test_unmatched_log_group_follows_the_policy() -> None:
    router = Router()
    router.cloudwatch_logs("/aws/lambda/*")(lambda e, c: "lambda")

    assert router.dispatch(logs_from("/ecs/web"), {}) is None


def test_log_group_filter_is_checked_at_registration() -> None:
    with pytest.raises(ConfigurationError, match='prefixes ending in one "\\*"'):
        Router().cloudwatch_logs("/aws/*/checkout")
    with pytest.raises(ConfigurationError, match="log_group"):
        Router().cloudwatch_logs([])


@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": st.text(), "timestamp": st.integers(0, 2**53), "message": st.text()}
        ),
        max_size=10,
    )
)
def test_any_log_events_round_trip(log_events: list[dict[str, Any]]) -> None:
    document = {"messageType": "DATA_MESSAGE", "logGroup": "g", "logEvents": log_events}

    event = CloudWatchLogsEvent(subscription(document))

    assert [(e.id, e.timestamp, e.message) for e in event.log_events] == [
        (e["id"], e["timestamp"], e["message"]) for e in log_events
    ]
