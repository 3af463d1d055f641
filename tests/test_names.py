"""Identity filters accept the physical names a deployed stack gives the resources the code names,
through the LAMBDA_ROUTER_NAMES map the template passes the function."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambda_universal_router import ConfigurationError, Router
from lambda_universal_router._names import NAMES_VARIABLE, with_physical
from lambda_universal_router.testing import (
    LambdaContext,
    dynamodb,
    kinesis,
    s3,
    schedule,
    sns,
    sqs,
)
from tests.test_template import DEPLOYED, resourceful, substituted, template_of

ACCOUNT = "arn:aws:sqs:us-east-1:111122223333"


def recording_router(seen: list[str]) -> Router:
    router = Router()

    @router.sqs(queue="orders", per_record=True)
    def orders(message: Any, context: Any) -> None:
        seen.append("orders")

    @router.dynamodb(table="Books")
    def books(event: Any, context: Any) -> None:
        seen.append("books")

    @router.s3(bucket="uploads")
    def uploads(event: Any, context: Any) -> None:
        seen.append("uploads")

    @router.schedule(rule="nightly")
    def nightly(event: Any, context: Any) -> None:
        seen.append("nightly")

    @router.sns(topic="alerts")
    def alerts(message: Any, context: Any) -> None:
        seen.append("alerts")

    @router.kinesis(stream="clicks")
    def clicks(event: Any, context: Any) -> None:
        seen.append("clicks")

    return router


PHYSICAL = {
    "orders": "shop-prod-OrdersQueue-1A2B3C",
    "Books": "shop-prod-BooksTable-0J1K2L",
    "uploads": "uploads-111122223333-1c2fa620",
    "nightly": "nightly-1c2fa620",
    "alerts": "shop-prod-AlertsTopic-4D5E6F",
    "clicks": "shop-prod-ClicksStream-7G8H9I",
}


def events(names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        sqs(["order"], queue=names["orders"]),
        dynamodb("INSERT", keys={"pk": "1"}, table=names["Books"]),
        s3(["a.txt"], bucket=names["uploads"]),
        schedule(names["nightly"]),
        sns("hello", topic=names["alerts"]),
        kinesis(["click"], stream=names["clicks"]),
    ]


def test_physical_names_from_the_map_reach_the_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAMES_VARIABLE, json.dumps(PHYSICAL))
    seen: list[str] = []
    router = recording_router(seen)

    results = [router.dispatch(event, LambdaContext()) for event in events(PHYSICAL)]

    assert seen == ["orders", "books", "uploads", "nightly", "alerts", "clicks"]
    assert results[0] == {"batchItemFailures": []}


def test_the_names_in_the_code_still_work_with_a_map(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAMES_VARIABLE, json.dumps(PHYSICAL))
    seen: list[str] = []
    router = recording_router(seen)

    for event in events({name: name for name in PHYSICAL}):
        router.dispatch(event, LambdaContext())

    assert seen == ["orders", "books", "uploads", "nightly", "alerts", "clicks"]


def test_without_a_map_physical_names_do_not_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NAMES_VARIABLE, raising=False)
    seen: list[str] = []
    router = recording_router(seen)

    event = sqs(["order"], queue=PHYSICAL["orders"])

    result = router.dispatch(event, LambdaContext())

    # A queue no identity filter names: the record is reported failed, never lost.
    assert seen == []
    assert result == {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["messageId"]}]}


def test_a_name_the_map_does_not_hold_is_not_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAMES_VARIABLE, json.dumps({"other": "prod-other"}))
    seen: list[str] = []
    router = recording_router(seen)

    router.dispatch(sqs(["order"], queue="prod-other"), LambdaContext())

    assert seen == []


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"orders": 7}', '{"orders": ""}'])
def test_a_malformed_map_is_a_clear_configuration_error(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NAMES_VARIABLE, text)
    router = recording_router([])

    with pytest.raises(ConfigurationError, match=NAMES_VARIABLE):
        router.dispatch(sqs(["order"], queue="orders"), LambdaContext())


def test_with_physical_adds_only_what_the_map_knows() -> None:
    assert with_physical(frozenset({"a", "b"}), {"a": "A", "c": "C"}) == {"a", "b", "A"}
    wanted = frozenset({"x"})
    assert with_physical(wanted, {}) is wanted


@pytest.mark.parametrize("create", [True, False])
def test_a_deployed_stack_routes_exactly_as_the_code_reads(
    create: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The template's map, as CloudFormation resolves it, sends each physical name's records to
    the handler that names the resource in the code."""
    template = template_of(resourceful(), resources=create)
    variables = template["Resources"]["AppFunction"]["Properties"]["Environment"]["Variables"]
    deployed = {
        **DEPLOYED,
        "JobsQueueArn": f"{ACCOUNT}:prod-jobs",
        "PaymentsFifoQueueArn": f"{ACCOUNT}:prod-payments.fifo",
        "AlertsTopicArn": "arn:aws:sns:us-east-1:111122223333:prod-alerts",
        "ClicksStreamArn": "arn:aws:kinesis:us-east-1:111122223333:stream/prod-clicks",
        "BooksTableStreamArn": "arn:aws:dynamodb:us-east-1:111122223333:table/prod-books/stream/x",
    }
    names = json.loads(substituted(variables[NAMES_VARIABLE], deployed))
    monkeypatch.setenv(NAMES_VARIABLE, json.dumps(names))
    seen: list[str] = []

    def recorder(name: str) -> Any:
        return lambda event, context: seen.append(name)

    router = resourceful(recorder)

    router.dispatch(sqs(["job"], queue=names["jobs"]), LambdaContext())
    router.dispatch(sqs(["pay"], queue=names["payments.fifo"]), LambdaContext())
    router.dispatch(sns("hello", topic=names["alerts"]), LambdaContext())
    router.dispatch(kinesis(["click"], stream=names["clicks"]), LambdaContext())
    router.dispatch(dynamodb("INSERT", keys={"pk": "1"}, table=names["Books"]), LambdaContext())
    router.dispatch(s3(["a.txt"], bucket=names["uploads"]), LambdaContext())
    router.dispatch(schedule(names["nightly"]), LambdaContext())

    assert seen == ["jobs", "payments", "alerts", "clicks", "books", "uploads", "nightly"]
