"""The fast paths of the batch dispatcher, DynamoDB images and CORS answers keep their behaviour.

Each fast path is checked against a model of what the router answers (batches), against the
careful path it shortcuts (CORS: a handler's dict against the same answer as a ``Response``), or
against exact values (DynamoDB), through ``router.dispatch`` where there is one.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Coroutine
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambda_universal_router import (
    CORS,
    HTTPError,
    InvalidEventError,
    RecordValidationError,
    Response,
    Router,
    testing,
)
from lambda_universal_router.dynamodb import MAX_DEPTH, deserialize, deserialize_image
from lambda_universal_router.events import DynamoDBStreamRecord, KinesisRecord, SQSMessage
from tests.conftest import load_event

JSON = dict[str, Any]

# --- batches -------------------------------------------------------------------------------------

#: Per source: its fixture, where a record's identifier lives, the typed record, whether a
#: failure stops the batch (streams) or fails its record alone (SQS standard queues).
SOURCES: dict[str, tuple[str, Callable[[JSON, str], None], type[Any], bool]] = {
    "sqs": ("sqs/standard.json", lambda r, i: r.__setitem__("messageId", i), SQSMessage, False),
    "kinesis": (
        "kinesis/records.json",
        lambda r, i: r["kinesis"].__setitem__("sequenceNumber", i),
        KinesisRecord,
        True,
    ),
    "dynamodb": (
        "dynamodb/insert.json",
        lambda r, i: r["dynamodb"].__setitem__("SequenceNumber", i),
        DynamoDBStreamRecord,
        True,
    ),
}
NOT_OBJECTS = (42, None, "text", [1], True, 1.5)


def batch(source: str, count: int) -> tuple[JSON, list[JSON]]:
    """An event of ``source`` and ``count`` distinct records, identified "0", "1", ..."""
    fixture, identify, _, _ = SOURCES[source]
    event: JSON = load_event(fixture)
    template = event["Records"][0]
    records = []
    for index in range(count):
        record = copy.deepcopy(template)
        identify(record, str(index))
        records.append(record)
    return event, records


def validation_error(call: int) -> RecordValidationError:
    return RecordValidationError(
        [{"location": ["payload", "qty"], "message": f"bad {call}", "type": "value_error"}]
    )


class Recorder(logging.Handler):
    """The library's log records, kept as they are emitted."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def recorder() -> Any:
    handler = Recorder()
    log = logging.getLogger("lambda_universal_router")
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    yield handler
    log.removeHandler(handler)
    log.setLevel(level)


@st.composite
def batches(draw: st.DrawFn) -> tuple[str, list[Any], set[int], str, str]:
    """A source, its records (some listed twice, some no JSON object), the handler calls that
    fail, how they fail, and how the handler is written."""
    source = draw(st.sampled_from(sorted(SOURCES)))
    _, pool = batch(source, draw(st.integers(1, 4)))
    # The first record is an object: it names the source (the classifier reads it).
    others = st.lists(st.one_of(st.sampled_from(pool), st.sampled_from(NOT_OBJECTS)), max_size=7)
    entries = [pool[0], *draw(others)]
    failing = draw(st.sets(st.integers(0, 7), max_size=4))
    how = draw(st.sampled_from(["error", "validation", "both"]))
    style = draw(st.sampled_from(["def", "returns a coroutine", "async def"]))
    return source, entries, failing, how, style


def expected(source: str, entries: list[Any], failing: set[int]) -> tuple[list[Any], list[Any]]:
    """The model: the identifiers reported failed, and the records the handler is given."""
    stops = SOURCES[source][3]
    failed: list[Any] = []
    given_records: list[Any] = []
    for index, entry in enumerate(entries):
        if type(entry) is dict:
            given_records.append(entry)
            ok = len(given_records) - 1 not in failing
        else:
            ok = False
        if ok:
            continue
        failed.append(identify_raw(source, entry) if type(entry) is dict else None)
        if stops:
            failed.extend(
                identify_raw(source, e) if type(e) is dict else None for e in entries[index + 1 :]
            )
            break
    return failed, given_records


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=batches())
def test_per_record_batches_answer_as_the_model_says(
    case: tuple[str, list[Any], set[int], str, str], recorder: Recorder
) -> None:
    source, entries, failing, how, style = case
    event, _ = batch(source, 0)
    event["Records"] = list(entries)
    record_class = SOURCES[source][2]
    seen: list[Any] = []

    def work(record: Any, context: Any) -> None:
        assert type(record) is record_class
        call = len(seen)
        seen.append(record.raw_record)
        if call in failing:
            if how == "validation" or (how == "both" and call % 2):
                raise validation_error(call)
            raise RuntimeError(f"call {call} fails")

    async def work_async(record: Any, context: Any) -> None:
        work(record, context)

    def returns_coroutine(record: Any, context: Any) -> Coroutine[Any, Any, None]:
        return work_async(record, context)

    handler = {"def": work, "returns a coroutine": returns_coroutine, "async def": work_async}
    router = Router()
    getattr(router, source)(per_record=True)(handler[style])
    recorder.records.clear()

    answer = router.dispatch(event, None)

    failed, given_records = expected(source, entries, failing)
    assert answer == {"batchItemFailures": [{"itemIdentifier": i} for i in failed]}
    assert len(seen) == len(given_records)
    assert all(a is b for a, b in zip(seen, given_records, strict=True))
    warnings = [r for r in recorder.records if r.levelno == logging.WARNING]
    if not failed:
        assert warnings == []
        return
    summary, *validations = warnings
    assert summary.getMessage() == (
        f"{len(failed)} of {len(entries)} {source} records failed and are reported for retry"
    )
    assert summary.exc_info is not None
    first = summary.exc_info[1]
    if any(type(e) is not dict for e in entries):  # the log names what was wrong with the batch
        assert isinstance(first, InvalidEventError)
        position = next(i for i, e in enumerate(entries) if type(e) is not dict)
        assert str(first).startswith(f"record {position} of the {source} event")
    else:
        assert isinstance(first, (RuntimeError, RecordValidationError))
        assert f"call {min(failing)}" in str(first) or f"bad {min(failing)}" in str(first)
    invalid = [
        call
        for call in range(len(given_records))
        if call in failing and (how == "validation" or (how == "both" and call % 2))
    ]
    assert [r.getMessage() for r in validations] == [
        f"{source} record {identify_raw(source, given_records[call])} failed validation: "
        f"payload.qty: bad {call}"
        for call in invalid
    ]


def identify_raw(source: str, raw: JSON) -> str:
    if source == "sqs":
        return str(raw["messageId"])
    if source == "kinesis":
        return str(raw["kinesis"]["sequenceNumber"])
    return str(raw["dynamodb"]["SequenceNumber"])


@pytest.mark.parametrize("source", ["kinesis", "dynamodb"])
def test_a_stream_failing_on_a_dict_listed_twice_holds_back_only_what_follows_the_failure(
    source: str,
) -> None:
    event, (first, second, third) = batch(source, 3)
    event["Records"] = [first, second, first, third]  # only Python builds a batch like this
    calls: list[int] = []
    router = Router()

    def read(record: Any, context: Any) -> None:
        calls.append(len(calls))
        if len(calls) == 3:
            raise RuntimeError("the third call fails")

    getattr(router, source)(per_record=True)(read)

    answer = router.dispatch(event, {})

    # The failure was in the third place: the fourth record waits, the second ran and is done.
    assert answer == {"batchItemFailures": [{"itemIdentifier": "0"}, {"itemIdentifier": "2"}]}
    assert calls == [0, 1, 2]


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_an_empty_batch_calls_nothing_and_reports_nothing(source: str) -> None:
    # NOTE: the classifier needs a first record to name the source, so the dispatcher is asked
    # directly.
    from lambda_universal_router._batch.dispatch import BatchDispatcher
    from lambda_universal_router._sources import BY_NAME

    router = Router()
    calls: list[Any] = []
    getattr(router, source)(per_record=True)(lambda record, context: calls.append(record))
    dispatcher = BatchDispatcher(BY_NAME[source], router.registrations_for(source), router)

    assert dispatcher.fast_handler is not None
    assert dispatcher({"Records": []}, source, None) == {"batchItemFailures": []}
    assert calls == []


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_records_are_built_as_their_class_builds_them(source: str) -> None:
    event, records = batch(source, 2)
    event["Records"] = records
    router = Router()
    seen: list[Any] = []
    getattr(router, source)(per_record=True)(lambda record, context: seen.append(record))

    router.dispatch(event, None)

    record_class = SOURCES[source][2]
    assert [type(record) for record in seen] == [record_class, record_class]
    assert [record.raw_record for record in seen] == records
    assert all(r.raw_record is raw for r, raw in zip(seen, records, strict=True))
    if source == "kinesis":  # its own __init__ ran: the lazily decoded data reads
        assert seen[0].data == seen[1].data == seen[0].data
    if source == "dynamodb":
        assert seen[0].new_image == deserialize_image(
            records[0]["dynamodb"]["NewImage"], name="NewImage"
        )


def test_a_dict_subclass_record_is_an_object() -> None:
    class Delivered(dict[str, Any]):
        pass

    event, (record,) = batch("sqs", 1)
    event["Records"] = [Delivered(record)]
    router = Router()
    seen: list[str] = []
    router.sqs(per_record=True)(lambda message, context: seen.append(message.message_id))

    assert router.dispatch(event, None) == {"batchItemFailures": []}
    assert seen == ["0"]


def test_kafka_fails_only_the_rest_of_a_failed_records_partition() -> None:
    event = testing.kafka(["a", "b", "c"])
    extra = testing.kafka(["d"], partition=1)
    event["records"].update(extra["records"])
    seen: list[bytes] = []
    router = Router()

    @router.kafka(per_record=True)
    def read(record: Any, context: Any) -> None:
        seen.append(record.value)
        if record.value == b"b":
            raise RuntimeError("b fails")

    answer = router.dispatch(event, None)

    assert seen == [b"a", b"b", b"d"]
    partition = next(iter(event["records"]))
    offsets = [r["offset"] for r in event["records"][partition]]
    assert answer == {
        "batchItemFailures": [
            {"itemIdentifier": {"partition": partition, "offset": offset}} for offset in offsets[1:]
        ]
    }


# --- DynamoDB ----------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.text(max_size=5).map(lambda s: {"S": s}),
    st.sampled_from(["0", "1", "-1.50", "1E+3", "0.000", "9" * 38]).map(lambda n: {"N": n}),
    st.sampled_from(["", "YQ==", "AAEC"]).map(lambda b: {"B": b}),
    st.lists(st.text(max_size=3), max_size=3).map(lambda v: {"SS": v}),
    st.lists(st.sampled_from(["1", "2", "1.0", "3e2"]), max_size=3).map(lambda v: {"NS": v}),
    st.lists(st.sampled_from(["YQ==", "Yg=="]), max_size=2).map(lambda v: {"BS": v}),
    st.booleans().map(lambda b: {"BOOL": b}),
    st.just({"NULL": True}),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda v: {"L": v}),
        st.dictionaries(st.text(max_size=3), inner, max_size=3).map(lambda v: {"M": v}),
    ),
    max_leaves=12,
)
IMAGES = st.dictionaries(st.text(max_size=4), VALUES, max_size=6)


def plain(value: JSON) -> Any:
    """The model: one AttributeValue as DynamoDB documents its types."""
    ((tag, inner),) = value.items()
    if tag == "S":
        return inner
    if tag == "N":
        return Decimal(inner)
    if tag == "B":
        import base64

        return base64.b64decode(inner)
    if tag in ("SS", "NS", "BS"):
        return {plain({tag[0]: member}) for member in inner}
    if tag == "BOOL":
        return inner
    if tag == "NULL":
        return None
    if tag == "L":
        return [plain(member) for member in inner]
    return {name: plain(member) for name, member in inner.items()}


def containers(value: Any) -> set[int]:
    """The identities of every dict, list and set in ``value``."""
    found: set[int] = set()
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, (dict, list, set)):
            found.add(id(item))
            pending.extend(item.values() if isinstance(item, dict) else item)
    return found


@given(image=IMAGES)
def test_images_read_as_the_model_says_in_order_and_share_nothing(image: JSON) -> None:
    kept = copy.deepcopy(image)

    result = deserialize_image(image)

    assert result == {name: plain(value) for name, value in image.items()}
    assert list(result) == list(image)
    assert image == kept
    assert not containers(result) & containers(image)
    result.clear()
    assert image == kept


@given(image=IMAGES)
def test_an_image_read_through_the_stream_record_is_the_images_value(image: JSON) -> None:
    event, (record,) = batch("dynamodb", 1)
    record["dynamodb"]["NewImage"] = image
    event["Records"] = [record]
    router = Router()
    seen: list[Any] = []
    router.dynamodb(per_record=True)(lambda r, context: seen.append(r.new_image))

    assert router.dispatch(event, None) == {"batchItemFailures": []}
    assert seen == [{name: plain(value) for name, value in image.items()}]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"SS": ["a", 1]}, "at item['x']: 'S' holds int, not a string"),
        ({"SS": ["a", ["b"]]}, "at item['x']: 'S' holds list, not a string"),
        ({"SS": [{"S": "a"}]}, "at item['x']: 'S' holds dict, not a string"),
        ({"SS": "a"}, "at item['x']: 'SS' holds str, not a list"),
        ({"NS": ["1", "x"]}, "at item['x']: 'N' value 'x' is not a number"),
        ({"NS": ["1", ["2"]]}, "at item['x']: 'N' holds list, not a number string"),
        ({"NS": [1]}, "at item['x']: 'N' holds int, not a number string"),
        ({"NS": {"1": 1}}, "at item['x']: 'NS' holds dict, not a list"),
        ({"BS": ["!!"]}, "at item['x']: 'B' value '!!' is not base64"),
        ({"BS": ["YQ==", 3]}, "at item['x']: 'B' holds int, not base64 text or bytes"),
        ({"L": [{"S": "a"}, {"SS": [None]}]}, "at item['x'][1]: 'S' holds NoneType, not a string"),
        ({"L": [{"NS": ["nan?"]}]}, "at item['x'][0]: 'N' value 'nan?' is not a number"),
        ({"M": {"y": {"NS": "1"}}}, "at item['x']['y']: 'NS' holds str, not a list"),
        ({"N": "x1"}, "at item['x']: 'N' value 'x1' is not a number"),
        ({"M": []}, "at item['x']: 'M' holds list, not an object"),
    ],
)
def test_bad_values_are_named_with_their_path(value: JSON, message: str) -> None:
    with pytest.raises(InvalidEventError) as raised:
        deserialize_image({"ok": {"S": "fine"}, "x": value})
    assert str(raised.value) == f"Invalid DynamoDB value {message}"


def nested(levels: int, tag: str) -> JSON:
    value: JSON = {"SS": ["leaf"]}
    for _ in range(levels):
        value = {"M": {"k": value}} if tag == "M" else {"L": [value]}
    return value


@pytest.mark.parametrize("tag", ["M", "L"])
def test_the_depth_limit_is_where_it_was(tag: str) -> None:
    assert deserialize_image({"d": nested(MAX_DEPTH, tag)})["d"] is not None
    with pytest.raises(InvalidEventError, match=f"nested more than {MAX_DEPTH} levels deep"):
        deserialize_image({"d": nested(MAX_DEPTH + 1, tag)})


def test_sets_and_odd_images() -> None:
    assert deserialize({"SS": ["a", "a", "b"]}) == {"a", "b"}
    assert deserialize({"NS": ["1", "1.0"]}) == {Decimal(1)}
    assert deserialize({"L": [{"SS": []}, {"NS": []}]}) == [set(), set()]
    image: JSON = {}
    assert deserialize_image(image) == {} and deserialize_image(image) is not image
    with pytest.raises(InvalidEventError, match="item must be a JSON object, got OrderedDict"):
        from collections import OrderedDict

        deserialize_image(OrderedDict(x={"S": "a"}))
    with pytest.raises(InvalidEventError, match=r"at item\['x'\]: 'M' holds Sub, not an object"):

        class Sub(dict[str, Any]):
            pass

        deserialize_image({"x": {"M": Sub(y={"S": "a"})}})


# --- CORS ---------------------------------------------------------------------------------------

APP = "https://app.example.com"
FLAVORS = ("rest", "http", "alb", "alb_multi", "url", "lattice", "lattice_v2")
SETTINGS: list[JSON] = [
    {"allow_origins": [APP]},
    {
        "allow_origins": [APP, "https://*.example.org"],
        "allow_credentials": True,
        "expose_headers": ["X-Request-Id", "X-Other"],
    },
    {"allow_origins": "*"},
    {"allow_origins": ["*", APP], "expose_headers": ["X-Id"]},
    {"allow_origins": ["https://*.example.com"]},
]
ORIGINS = [APP, APP.upper(), "https://a.example.org", "https://a.example.com", "https://x.test", ""]


def with_origin(flavor: str, method: str, path: str, key: str, origin: str | None) -> JSON:
    """A request whose origin header is spelled ``key``: in ``headers`` where the flavor has
    them, else in ``multiValueHeaders``; ``"multi"`` puts it only in ``multiValueHeaders``."""
    event: JSON = testing.http(method, path, flavor=flavor)
    if origin is None:
        return event
    if key == "multi" or flavor == "alb_multi":
        if "multiValueHeaders" not in event:
            event["multiValueHeaders"] = {}
        event["multiValueHeaders"]["origin" if key == "multi" else key] = [origin]
    elif flavor == "lattice_v2":
        event["headers"][key] = [origin]
    else:
        event["headers"][key] = origin
    return event


@settings(max_examples=400, deadline=None)
@given(
    flavor=st.sampled_from(FLAVORS),
    options=st.sampled_from(SETTINGS),
    origin=st.sampled_from([*ORIGINS, None]),
    key=st.sampled_from(["origin", "Origin", "ORIGIN", "multi"]),
    method=st.sampled_from(["GET", "HEAD"]),
    body=st.sampled_from([{"a": 1}, {"a": {"b": [1, "é"]}}, {}]),
)
def test_a_handlers_dict_is_answered_as_the_same_response_would_be(
    flavor: str, options: JSON, origin: str | None, key: str, method: str, body: JSON
) -> None:
    router = Router(cors=CORS(**options))
    router.get("/plain")(lambda request, context: dict(body))
    router.get("/response")(lambda request, context: Response(200, dict(body)))

    def answer(path: str) -> Any:
        return router.dispatch(with_origin(flavor, method, path, key, origin), None)

    plain_answer, response_answer = answer("/plain"), answer("/response")

    assert json.dumps(plain_answer) == json.dumps(response_answer)  # same keys, in the same order
    headers = plain_answer.get("headers") or {
        name: values[-1] for name, values in plain_answer["multiValueHeaders"].items()
    }
    cors = CORS(**options)
    if origin and cors.allows(origin) and key != "multi":
        assert headers["Access-Control-Allow-Origin"] in ("*", origin)


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("key", ["origin", "Origin"])
def test_cors_headers_are_never_shared_between_answers(flavor: str, key: str) -> None:
    router = Router(cors=CORS(allow_origins=[APP], expose_headers=["X-Id"], allow_credentials=True))
    router.get("/x")(lambda request, context: {"a": 1})

    def headers_of(answer: JSON) -> dict[str, Any]:
        found: dict[str, Any] | None = answer.get("headers")
        multi: dict[str, Any] = answer["multiValueHeaders"] if found is None else {}
        return found if found is not None else multi

    first = router.dispatch(with_origin(flavor, "GET", "/x", key, APP), None)
    pristine = copy.deepcopy(first)
    headers = headers_of(first)
    headers["X-Mine"] = "1"
    headers.pop("Vary")
    headers["Access-Control-Allow-Origin"] = "changed"
    second = router.dispatch(with_origin(flavor, "GET", "/x", key, APP), None)

    assert second == pristine
    assert headers_of(second) is not headers


def own_cors(request: Any, context: Any) -> JSON:
    return {
        "statusCode": 200,
        "headers": {"Access-Control-Allow-Origin": "https://mine.test", "Vary": "Accept"},
        "body": "x",
    }


def tea(request: Any, context: Any) -> Any:
    raise HTTPError(418, "tea")


def boom(request: Any, context: Any) -> Any:
    raise RuntimeError("boom")


@pytest.mark.parametrize("flavor", ["rest", "http", "alb", "lattice"])
@pytest.mark.parametrize(
    ("path", "method", "status", "origin_header", "vary"),
    [
        ("/own", "GET", 200, "https://mine.test", "Accept, Origin"),
        ("/given", "GET", 201, APP, "Origin"),
        ("/tea", "GET", 418, APP, "Origin"),
        ("/boom", "GET", 500, APP, "Origin"),
        ("/missing", "GET", 404, APP, "Origin"),
        ("/given", "POST", 405, APP, "Origin"),
        ("/text", "HEAD", 200, APP, "Origin"),
    ],
)
def test_other_answers_keep_their_own_cors_handling(
    flavor: str, path: str, method: str, status: int, origin_header: str, vary: str
) -> None:
    router = Router(cors=CORS(allow_origins=[APP]))
    given_answer = {"statusCode": 201, "headers": {"X-Given": "1"}, "body": "{}"}
    router.get("/own")(own_cors)
    router.get("/given")(lambda request, context: given_answer)
    router.get("/tea")(tea)
    router.get("/boom")(boom)
    router.get("/text")(lambda request, context: "text")

    answer = router.dispatch(with_origin(flavor, method, path, "origin", APP), None)

    assert answer["statusCode"] == status
    headers = answer["headers"]
    assert headers["Access-Control-Allow-Origin"] == origin_header
    assert headers["Vary"] == vary
    assert given_answer == {"statusCode": 201, "headers": {"X-Given": "1"}, "body": "{}"}


@pytest.mark.parametrize("headers", [None, [], "x", {"origin": 5}, {"origin": [APP]}])
def test_odd_request_headers_answer_without_cors_for_the_origin(headers: Any) -> None:
    router = Router(cors=CORS(allow_origins=[APP]))
    router.get("/x")(lambda request, context: {"a": 1})
    event = testing.http("GET", "/x")
    event["headers"] = headers

    answer = router.dispatch(event, None)

    assert answer["statusCode"] == 200
    assert "Access-Control-Allow-Origin" not in answer["headers"]
