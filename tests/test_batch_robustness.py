"""Records of any shape: a bad record fails alone, a bad event fails with InvalidEventError.

Regression tests for what the mutation fuzz (test_dispatch_robustness) found: records that are not
JSON objects, ordering keys that are not text, typed fields that are not text, and values nested
deeper than Python recurses, in SQS bodies, EventBridge patterns and DynamoDB keys.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from lambda_universal_router import ConfigurationError, InvalidEventError, Router
from lambda_universal_router.events import (
    AppSyncEvent,
    BedrockAgentEvent,
    CodePipelineEvent,
    CognitoEvent,
    LexEvent,
    ScheduledEvent,
    WebSocketEvent,
)
from tests.conftest import load_event

DEEP_JSON = '{"a": ' * 1000 + "1" + "}" * 1000


def nested_list(levels: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(levels):
        value = [value]
    return value


def with_record(name: str, position: int, record: Any) -> dict[str, Any]:
    event: dict[str, Any] = load_event(name)
    event["Records"].insert(position, record)
    return event


# --- records that are not JSON objects ----------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [{}, {"queue": "orders"}, {"concurrency": 3}, {"asynchronous": True}],
    ids=["fast path", "filtered", "concurrent", "async"],
)
def test_an_sqs_record_that_is_no_object_fails_alone(options: dict[str, Any]) -> None:
    seen: list[str] = []
    router = Router()

    def consume(message: Any, context: Any) -> None:
        seen.append(message.message_id)

    async def consume_async(message: Any, context: Any) -> None:
        consume(message, context)

    asynchronous = options.pop("asynchronous", False)
    router.sqs(per_record=True, **options)(consume_async if asynchronous else consume)
    router.sqs(per_record=True)(consume)  # takes what a filtered handler declines
    event = with_record("sqs/standard.json", 1, None)
    for record in event["Records"][::2]:
        record["eventSourceARN"] = "arn:aws:sqs:us-east-2:123456789012:orders"

    answer = router.dispatch(event, {})

    # No identifier exists for it: Lambda then retries the whole batch, so nothing is lost.
    assert answer == {"batchItemFailures": [{"itemIdentifier": None}]}
    assert sorted(seen) == sorted(r["messageId"] for r in event["Records"][::2])


def test_the_issue_event_fails_with_a_clear_error_before_any_handler_runs() -> None:
    calls: list[Any] = []
    router = Router()
    router.s3()(lambda event, context: calls.append(event))

    with pytest.raises(InvalidEventError, match="record 1 of the sns event is not a JSON object"):
        router.dispatch({"Records": [{"Sns": None}, None]}, {})
    assert calls == []


@pytest.mark.parametrize("name", ["sns/notification.json", "s3/put.json"])
@pytest.mark.parametrize("per_record", [False, True])
def test_sources_that_cannot_retry_one_record_refuse_the_event(name: str, per_record: bool) -> None:
    calls: list[Any] = []
    router = Router()
    router.add_handler(
        name.partition("/")[0], lambda item, context: calls.append(item), per_record=per_record
    )

    with pytest.raises(InvalidEventError, match="got list"):
        router.dispatch(with_record(name, 1, ["not", "a", "record"]), {})
    assert calls == []


def test_a_stream_listing_one_record_twice_holds_back_only_what_follows_the_failure() -> None:
    event = load_event("kinesis/records.json")
    first, second = event["Records"][0], copy.deepcopy(event["Records"][0])
    second["kinesis"]["sequenceNumber"] = "2"
    event["Records"] = [first, second, first, second]  # dicts listed twice: only Python does
    calls: list[str | None] = []
    router = Router()

    @router.kinesis(per_record=True)
    def read(record: Any, context: Any) -> None:
        calls.append(record.sequence_number)
        if len(calls) == 3:
            raise RuntimeError("the third call fails")

    answer = router.dispatch(event, {})

    first_id = first["kinesis"]["sequenceNumber"]
    assert calls == [first_id, "2", first_id]
    # The failed call was in the third place: only the fourth record waits with it.
    assert answer == {"batchItemFailures": [{"itemIdentifier": first_id}, {"itemIdentifier": "2"}]}


@pytest.mark.parametrize(
    ("name", "identify"),
    [
        ("kinesis/records.json", lambda record: record["kinesis"]["sequenceNumber"]),
        ("dynamodb/modify.json", lambda record: record["dynamodb"]["SequenceNumber"]),
    ],
)
@pytest.mark.parametrize("per_record", [False, True])
def test_a_stream_stops_at_a_record_that_is_no_object(
    name: str, identify: Any, per_record: bool
) -> None:
    event = load_event(name)
    first = copy.deepcopy(event["Records"][0])
    event["Records"] = [first, "garbage", copy.deepcopy(first)]
    router = Router()
    router.add_handler(name.partition("/")[0], lambda item, context: None, per_record=per_record)

    if not per_record:  # no partial answer without per-record handlers: the invocation fails
        with pytest.raises(InvalidEventError, match=r"record 1 of the \w+ event is not"):
            router.dispatch(event, {})
        return
    answer = router.dispatch(event, {})

    # Nothing after the first failure may count as done.
    failed = [entry["itemIdentifier"] for entry in answer["batchItemFailures"]]
    assert failed == [None, identify(first)]


def test_documentdb_changes_that_are_no_objects_are_not_dropped() -> None:
    router = Router()
    router.documentdb()(lambda event, context: None)
    event = load_event("documentdb/changes.json")
    event["events"].append(17)

    with pytest.raises(InvalidEventError, match="record 4 of the documentdb event is not"):
        router.dispatch(event, {})


# --- ordering keys that are not text ------------------------------------------------------------


@pytest.mark.parametrize("group", [["customer-42"], {"id": 42}, 42])
def test_a_message_group_that_is_not_text_keeps_messages_in_order(group: Any) -> None:
    event = load_event("sqs/fifo.json")
    records = [copy.deepcopy(event["Records"][0]) for _ in range(4)]
    for index, record in enumerate(records):
        record["messageId"] = f"m{index}"
        record["attributes"]["MessageGroupId"] = group if index < 2 else f"g{index}"
    event["Records"] = records
    seen: list[str] = []
    router = Router()
    router.sqs(per_record=True, concurrency=3)(
        lambda message, context: seen.append(message.message_id)
    )

    assert router.dispatch(event, {}) == {"batchItemFailures": []}
    assert sorted(seen) == ["m0", "m1", "m2", "m3"]
    assert seen.index("m0") < seen.index("m1")


@pytest.mark.parametrize("key", [["device-1"], {"k": 1}, 3.5])
def test_a_partition_key_that_is_not_text_is_processed(key: Any) -> None:
    event = load_event("kinesis/records.json")
    event["Records"][0]["kinesis"]["partitionKey"] = key
    router = Router()
    router.kinesis(per_record=True, concurrency=2)(lambda record, context: None)

    assert router.dispatch(event, {}) == {"batchItemFailures": []}


def test_dynamodb_keys_nested_past_recursion_are_processed_in_threads() -> None:
    event = load_event("dynamodb/modify.json")
    deep: Any = {"S": "x"}
    for _ in range(1000):
        deep = {"M": {"a": deep}}
    event["Records"][0]["dynamodb"]["Keys"] = {"pk": deep}
    router = Router()
    router.dynamodb(per_record=True, concurrency=2)(lambda record, context: record.event_name)

    assert router.dispatch(event, {}) == {"batchItemFailures": []}


def test_dynamodb_images_nested_past_the_limit_fail_the_record_with_a_clear_error() -> None:
    event = load_event("dynamodb/modify.json")
    deep: Any = {"S": "x"}
    for _ in range(1000):
        deep = {"M": {"a": deep}}
    event["Records"][0]["dynamodb"]["NewImage"]["deep"] = deep
    errors: list[BaseException] = []
    router = Router()

    @router.dynamodb(per_record=True)
    def read(record: Any, context: Any) -> None:
        try:
            _ = record.new_image
        except Exception as error:
            errors.append(error)
            raise

    answer = router.dispatch(event, {})

    assert len(answer["batchItemFailures"]) == len(event["Records"])
    assert isinstance(errors[0], InvalidEventError)
    assert "nested more than 32 levels deep" in str(errors[0])


# --- envelopes and patterns nested past Python's recursion limit --------------------------------


def test_a_deeply_nested_sqs_body_is_a_plain_message_not_a_failed_batch() -> None:
    event = load_event("sqs/standard.json")
    event["Records"].insert(1, {**copy.deepcopy(event["Records"][0]), "messageId": "deep"})
    event["Records"][1]["body"] = DEEP_JSON
    seen: list[str] = []
    router = Router()
    router.s3()(lambda event, context: None)  # envelope probing looks into every body
    router.sns()(lambda event, context: None)
    router.eventbridge()(lambda event, context: None)
    router.sqs(per_record=True)(lambda message, context: seen.append(message.message_id))

    assert router.dispatch(event, {}) == {"batchItemFailures": []}
    assert seen == [record["messageId"] for record in event["Records"]]


def test_a_deeply_nested_body_read_as_json_fails_only_its_record() -> None:
    event = load_event("sqs/standard.json")
    event["Records"][0]["body"] = DEEP_JSON
    event["Records"][1]["body"] = '{"ok": true}'
    router = Router()
    router.s3()(lambda event, context: None)
    router.sqs(per_record=True)(lambda message, context: message.json())

    answer = router.dispatch(event, {})

    assert answer == {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["messageId"]}]}


def test_an_event_pattern_nested_too_deep_is_refused_at_registration() -> None:
    pattern: Any = ["x"]
    for _ in range(1000):
        pattern = {"a": pattern}

    with pytest.raises(ConfigurationError, match="nest more than 100 levels deep"):
        Router().eventbridge(pattern=pattern)


def test_event_arrays_nested_past_recursion_match_a_pattern() -> None:
    router = Router()
    router.eventbridge(pattern={"detail": {"tags": ["red"]}})(lambda event, context: "red")
    router.eventbridge()(lambda event, context: "other")
    event = load_event("eventbridge/ec2_state_change.json")

    event["detail"]["tags"] = nested_list(2000, "red")
    assert router.dispatch(event, {}) == "red"
    event["detail"]["tags"] = nested_list(2000, "blue")
    assert router.dispatch(event, {}) == "other"


# --- typed fields that are not text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "event_class", "path", "attribute"),
    [
        ("websocket/message.json", WebSocketEvent, ("requestContext", "routeKey"), "route_key"),
        ("appsync/query_cognito.json", AppSyncEvent, ("info", "fieldName"), "field_name"),
        (
            "appsync/query_cognito.json",
            AppSyncEvent,
            ("info", "parentTypeName"),
            "parent_type_name",
        ),
        ("bedrock_agent/openapi_get.json", BedrockAgentEvent, ("apiPath",), "api_path"),
        ("bedrock_agent/openapi_get.json", BedrockAgentEvent, ("httpMethod",), "http_method"),
        ("bedrock_agent/function.json", BedrockAgentEvent, ("function",), "function"),
        ("cognito/pre_sign_up.json", CognitoEvent, ("userName",), "user_name"),
        ("lex/v2_dialog.json", LexEvent, ("invocationSource",), "invocation_source"),
        ("eventbridge/scheduled.json", ScheduledEvent, ("resources", 0), "rule_name"),
    ],
)
@pytest.mark.parametrize("value", [["x"], {"x": 1}, 7])
def test_typed_text_fields_are_text_or_none(
    name: str, event_class: Any, path: tuple[Any, ...], attribute: str, value: Any
) -> None:
    event = load_event(name)
    container = event
    for key in path[:-1]:
        container = container[key]
    container[path[-1]] = value

    assert getattr(event_class(event), attribute) is None


def test_codepipeline_artifacts_that_are_no_objects_are_a_clear_error() -> None:
    event = load_event("codepipeline/job.json")
    event["CodePipeline.job"]["data"]["inputArtifacts"] = ["artifact"]

    with pytest.raises(InvalidEventError, match=r"inputArtifacts\[0\] must be a JSON object"):
        _ = CodePipelineEvent(event).job.input_artifacts
