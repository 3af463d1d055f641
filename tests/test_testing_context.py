"""The fake LambdaContext has the runtime's attributes and a clock that counts down."""

from __future__ import annotations

import re

import pytest

from lambda_universal_router.testing import CognitoIdentity, LambdaContext


def test_defaults_look_like_the_runtime_sets_them() -> None:
    context = LambdaContext()

    assert context.function_name == "my-function"
    assert context.function_version == "$LATEST"
    assert context.invoked_function_arn == (
        "arn:aws:lambda:us-east-1:123456789012:function:my-function"
    )
    assert context.memory_limit_in_mb == "128"
    assert context.log_group_name == "/aws/lambda/my-function"
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", context.log_stream_name)
    assert re.fullmatch(r"[0-9a-f-]{36}", context.aws_request_id)
    assert context.identity.cognito_identity_id is None
    assert context.identity.cognito_identity_pool_id is None
    assert context.client_context is None
    assert context.tenant_id is None


def test_every_context_gets_a_fresh_request_id() -> None:
    assert LambdaContext().aws_request_id != LambdaContext().aws_request_id


def test_names_region_and_account_flow_into_the_arn_and_log_group() -> None:
    context = LambdaContext(
        function_name="orders",
        function_version="7",
        region="eu-west-1",
        account="111122223333",
        memory_limit_in_mb=1024,
        tenant_id="tenant-a",
        identity=CognitoIdentity("id-1", "pool-1"),
    )

    assert context.invoked_function_arn == "arn:aws:lambda:eu-west-1:111122223333:function:orders"
    assert context.log_group_name == "/aws/lambda/orders"
    assert "[7]" in context.log_stream_name
    assert context.memory_limit_in_mb == "1024"
    assert context.tenant_id == "tenant-a"
    assert context.identity.cognito_identity_id == "id-1"
    assert "id-1" in repr(context.identity)


def test_a_fixed_clock_keeps_the_whole_timeout() -> None:
    context = LambdaContext(timeout=30, clock=lambda: 100.0)

    assert context.get_remaining_time_in_millis() == 30_000


def test_remaining_time_counts_down_on_the_clock_and_stops_at_zero() -> None:
    now = [10.0]
    context = LambdaContext(timeout=3, clock=lambda: now[0])

    now[0] = 11.25
    assert context.get_remaining_time_in_millis() == 1750
    now[0] = 20.0
    assert context.get_remaining_time_in_millis() == 0


def test_the_default_clock_starts_near_the_timeout() -> None:
    remaining = LambdaContext(timeout=900).get_remaining_time_in_millis()

    assert 0 < remaining <= 900_000


def test_log_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    LambdaContext().log("hello")

    assert capsys.readouterr().out == "hello"


def test_repr_names_the_function_and_request() -> None:
    context = LambdaContext(function_name="f", aws_request_id="req-1")

    assert repr(context) == "LambdaContext(function_name='f', aws_request_id='req-1')"
