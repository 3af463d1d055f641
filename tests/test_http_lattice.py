"""VPC Lattice, V1 and V2 event structures: the same routes, parameters, query, headers, bodies,
and the answer Lattice reads (statusCode, statusDescription, headers, body, isBase64Encoded)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import Response, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import APIGatewayEvent
from lambda_universal_router.testing import TestClient, http
from tests.conftest import load_event

FIXTURES = {"lattice": "http/lattice_v1.json", "lattice_v2": "http/lattice_v2.json"}
every_structure = pytest.mark.parametrize("flavor", list(FIXTURES))


def seen_by(route: str, raw: dict[str, Any]) -> APIGatewayEvent:
    """The event a handler on ``route`` (any method) receives for ``raw``."""
    router = Router()
    seen: list[APIGatewayEvent] = []
    router.any(route)(lambda event, context: seen.append(event))
    router.dispatch(raw, {})
    (event,) = seen
    return event


@every_structure
def test_both_structures_are_http_flavors(flavor: str) -> None:
    source, variant = classify(load_event(FIXTURES[flavor]))
    assert (source.name, variant) == ("http", flavor)


@every_structure
def test_routing_and_percent_decoded_path_parameters(flavor: str) -> None:
    event = seen_by("/orders/{order}/items", load_event(FIXTURES[flavor]))

    assert event.flavor == flavor
    assert event.path == "/orders/A-17%2F3/items"  # the query string is not part of the path
    assert event.path_parameters == {"order": "A-17/3"}
    assert event.resource is None  # Lattice matches no template: the router did


@every_structure
def test_query_last_value_and_every_value(flavor: str) -> None:
    event = seen_by("/orders/{order}/items", load_event(FIXTURES[flavor]))

    assert event.query_string_parameters == {"expand": "prices", "tag": "rush"}
    assert event.multi_value_query_string_parameters == {
        "expand": ["prices"],
        "tag": ["gift", "rush"],
    }


def test_v1_query_without_a_query_string_in_the_path_reads_the_map() -> None:
    raw = load_event(FIXTURES["lattice"])
    raw["raw_path"] = "/orders/A-17%2F3/items"
    event = seen_by("/orders/{order}/items", raw)
    assert event.multi_value_query_string_parameters == {"expand": ["prices"], "tag": ["rush"]}


def test_headers_v1_joins_repeated_values_v2_lists_them() -> None:
    v1 = seen_by("/orders/{order}/items", load_event(FIXTURES["lattice"]))
    v2 = seen_by("/orders/{order}/items", load_event(FIXTURES["lattice_v2"]))

    assert v1.headers["x-trace"] == "alpha, beta"
    assert v1.multi_value_headers["x-trace"] == ["alpha, beta"]
    assert v2.headers["x-trace"] == "beta"
    assert v2.multi_value_headers["x-trace"] == ["alpha", "beta"]
    for event in (v1, v2):
        assert event.get_header("User-Agent") == "orders-client/3.2"
        assert event.cookies == {"session": "s-91f2", "theme": "dark"}
        assert event.request_context.identity.source_ip == "10.0.4.21"
        assert event.request_context.identity.user_agent == "orders-client/3.2"


def test_v1_base64_body() -> None:
    event = seen_by("/orders/{order}/items", load_event(FIXTURES["lattice"]))

    assert event.http_method == "POST"
    assert event.is_base64_encoded is True
    assert event.decoded_body == b"\x1f\x8b\x08\x00order-17"


def test_v2_request_context() -> None:
    context = seen_by("/orders/{order}/items", load_event(FIXTURES["lattice_v2"])).request_context

    assert context.service_network_arn == (
        "arn:aws:vpc-lattice:eu-west-1:210987654321:servicenetwork/sn-04a7c2e9b1d3f5a68"
    )
    assert context.service_arn == (
        "arn:aws:vpc-lattice:eu-west-1:210987654321:service/svc-0c4f2a9b7e1d3a5f8"
    )
    assert context.target_group_arn == (
        "arn:aws:vpc-lattice:eu-west-1:210987654321:targetgroup/tg-09e8d7c6b5a4f3e21"
    )
    assert context.request_time_epoch == 1717243200123  # Lattice sends microseconds
    identity = context.identity
    assert identity.source_vpc_arn == "arn:aws:ec2:eu-west-1:210987654321:vpc/vpc-0a1b2c3d4e5f60718"
    assert identity.user_arn == (
        "arn:aws:sts::210987654321:assumed-role/orders-client/i-0f1e2d3c4b5a69788"
    )
    assert identity.principal_org_id == "o-7h2k9q4w1z"
    assert context.http_method == "GET"


def test_v1_has_no_request_context() -> None:
    context = seen_by("/orders/{order}/items", load_event(FIXTURES["lattice"])).request_context

    assert context.service_arn is None
    assert context.request_time_epoch is None
    assert context.identity.source_vpc_arn is None


@every_structure
def test_answer_has_the_fields_lattice_reads(flavor: str) -> None:
    router = Router()
    router.any("/orders/{order}/items")(lambda event, context: {"order": event.path_parameters})

    answer = router.dispatch(load_event(FIXTURES[flavor]), {})

    assert answer == {
        "statusCode": 200,
        "statusDescription": "200 OK",
        "headers": {"Content-Type": "application/json"},
        "body": '{"order": {"order": "A-17/3"}}',
        "isBase64Encoded": False,
    }


@every_structure
def test_binary_answers_errors_and_cookies(flavor: str) -> None:
    router = Router()
    router.get("/orders/{order}/items")(lambda event, context: b"\x00\xffpdf")
    router.post("/orders/{order}/items")(
        lambda event, context: Response(
            201, {"saved": True}, headers={"Location": "/orders/A-17"}, cookies=["a=1", "b=2"]
        )
    )
    raw = load_event(FIXTURES[flavor])

    answer = router.dispatch(raw, {})
    if raw.get("method") == "GET":
        assert answer["isBase64Encoded"] is True
        assert base64.b64decode(answer["body"]) == b"\x00\xffpdf"
    else:
        assert (answer["statusCode"], answer["statusDescription"]) == (201, "201 Created")
        cookies = sorted(v for k, v in answer["headers"].items() if k.lower() == "set-cookie")
        assert cookies == ["a=1", "b=2"]
        assert answer["headers"]["Location"] == "/orders/A-17"

    raw["method"] = "DELETE"
    refused = router.dispatch(raw, {})
    assert (refused["statusCode"], refused["statusDescription"]) == (405, "405 Method Not Allowed")
    assert set(refused["headers"]["Allow"].split(", ")) >= {"GET", "POST"}
    assert json.loads(refused["body"])["statusCode"] == 405


@pytest.mark.parametrize("flavor", ["lattice", "lattice_v2", "lattice_v1"])
def test_test_client_speaks_both_structures(flavor: str) -> None:
    router = Router()

    @router.get("/users/{name}")
    def user(event: APIGatewayEvent, context: Any) -> dict[str, Any]:
        return {
            "name": event.path_parameters["name"],
            "tags": event.multi_value_query_string_parameters.get("tag", []),
            "session": event.cookies.get("session"),
        }

    response = TestClient(router, flavor).get("/users/a%20b?tag=x&tag=y", cookies={"session": "s1"})

    assert response.status_code == 200
    assert response.json() == {"name": "a b", "tags": ["x", "y"], "session": "s1"}


def test_factory_builds_each_structure() -> None:
    v1 = http("PUT", "/a?b=1", flavor="lattice", body=b"\x01")
    v2 = http("PUT", "/a?b=1", flavor="lattice_v2", headers={"X-Many": ["1", "2"]})

    assert v1["raw_path"] == "/a?b=1"
    assert v1["query_string_parameters"] == {"b": "1"}
    assert v1["is_base64_encoded"] is True
    assert set(v1) == {
        "raw_path",
        "method",
        "headers",
        "query_string_parameters",
        "body",
        "is_base64_encoded",
    }
    assert v2["version"] == "2.0"
    assert v2["headers"]["x-many"] == ["1", "2"]
    assert v2["queryStringParameters"] == {"b": ["1"]}
    assert set(v2["requestContext"]) == {
        "serviceNetworkArn",
        "serviceArn",
        "targetGroupArn",
        "identity",
        "region",
        "timeEpoch",
    }


@given(
    values=st.lists(
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
        min_size=1,
        max_size=4,
    ),
    flavor=st.sampled_from(["lattice", "lattice_v2"]),
)
def test_repeated_query_values_round_trip(values: list[str], flavor: str) -> None:
    event = seen_by("/q", http("GET", "/q", flavor=flavor, query={"v": values}))

    assert event.multi_value_query_string_parameters == {"v": values}
    assert event.query_string_parameters == {"v": values[-1]}
