"""Every catalog event is recognised as its source and variant; ``generate`` applies overrides."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import Router
from lambda_universal_router._classify import classify
from lambda_universal_router.testing import LambdaContext, generate, names
from lambda_universal_router.testing._catalog import assign, catalog, parse_value

#: Catalog variants named after a factory option rather than the classifier's variant.
VARIANT_ALIASES = {"http:alb_multi": "alb"}
#: Sources named as their decorators are, which the router reads as events of another source.
CLASSIFIED_AS = {"schedule": "eventbridge"}


@pytest.mark.parametrize("name", names())
def test_catalog_event_classifies_as_its_source_and_variant(name: str) -> None:
    source_name, _, variant = name.partition(":")

    source, found = classify(generate(name))

    assert source.name == CLASSIFIED_AS.get(source_name, source_name)
    if variant and found:
        assert found == VARIANT_ALIASES.get(name, variant)


@pytest.mark.parametrize("name", names())
def test_catalog_event_dispatches_to_a_lone_custom_handler(name: str) -> None:
    router = Router()
    seen: list[Any] = []

    @router.custom()
    def fallback(event: Any, context: Any) -> str:
        seen.append(event)
        return "handled"

    assert router.dispatch(generate(name), LambdaContext()) == "handled"
    assert len(seen) == 1


def test_catalog_covers_every_1_0_source_and_http_flavor() -> None:
    expected = {"sqs", "sns", "s3", "dynamodb", "kinesis", "eventbridge", "kafka", "custom"}
    expected |= {"http:rest", "http:http", "http:alb", "http:alb_multi", "http:url"}

    assert expected <= set(names())
    assert names() == sorted(names())


def test_each_generate_call_builds_a_fresh_event() -> None:
    first = generate("sqs")
    first["Records"].clear()

    assert generate("sqs")["Records"]


def test_old_spellings_still_generate_but_are_not_listed() -> None:
    assert generate("eventbridge:scheduled")["detail-type"] == "Scheduled Event"
    assert "eventbridge:scheduled" not in names()
    assert "schedule" in names()


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"Unknown event 'sqs:nope'; known events: .*sqs:fifo"):
        generate("sqs:nope")


def test_overrides_keep_text_fields_text_and_parse_json_elsewhere() -> None:
    event = generate(
        "sqs",
        {
            "Records.0.body": '{"orderId": 7}',
            "Records.0.attributes.ApproximateReceiveCount": "3",
            "Records.0.awsRegion": "eu-west-1",
            "Records.0.extra.nested": "true",
        },
    )

    record = event["Records"][0]
    assert record["body"] == '{"orderId": 7}'  # AWS sends SQS bodies as text
    assert record["attributes"]["ApproximateReceiveCount"] == "3"
    assert record["awsRegion"] == "eu-west-1"
    assert record["extra"] == {"nested": True}  # a new field: its JSON value is parsed


def test_override_values_that_are_not_strings_are_used_as_they_are() -> None:
    event = generate("eventbridge", {"detail": {"a": 1}, "detail-type": "Custom"})

    assert event["detail"] == {"a": 1}
    assert event["detail-type"] == "Custom"


def test_negative_list_indices_count_from_the_end() -> None:
    event = generate("sqs:fifo", {"Records.-1.body": "last"})

    assert event["Records"][-1]["body"] == "last"


def test_index_past_the_end_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"'Records\.5' needs an index below 1"):
        generate("sqs", {"Records.5.body": "x"})


def test_a_key_on_a_list_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"'Records\.body' needs an index"):
        generate("sqs", {"Records.body": "x"})


def test_walking_into_a_scalar_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"'source' is not an object"):
        generate("eventbridge", {"source.name": "x"})


def test_keys_that_contain_dots_are_matched_whole() -> None:
    event: dict[str, Any] = {"CodePipeline.job": {"id": "1"}}

    assign(event, "CodePipeline.job.id", "2")

    assert event == {"CodePipeline.job": {"id": "2"}}


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [("42", 42), ("1.5", 1.5), ("null", None), ('"x"', "x"), ("[1]", [1]), ("hello", "hello")],
)
def test_parse_value(raw: str, parsed: Any) -> None:
    assert parse_value(raw) == parsed


def test_catalog_entries_are_callables_without_arguments() -> None:
    for name, factory in catalog().items():
        assert isinstance(factory(), (dict, list)), name


def test_factories_are_named_as_the_decorators_are() -> None:
    from lambda_universal_router import testing

    assert testing.scheduled_event is testing.schedule
    assert testing.iot()["protocolData"]
    assert testing.iot("provisioning", client_id="dev-9")["clientId"] == "dev-9"
    with pytest.raises(ValueError, match='kind= takes "authorizer" or "provisioning"'):
        testing.iot("rules")
