"""AppSync direct Lambda resolvers: single fields, batches, routing by type and field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import Router, UnmatchedEventError
from lambda_universal_router._classify import classify
from lambda_universal_router.events import AppSyncEvent
from lambda_universal_router.testing._factories_api import appsync, appsync_batch
from tests.conftest import load_event


@pytest.mark.parametrize("name", ["query_cognito", "mutation_iam", "field_api_key"])
def test_single_contexts_are_recognised(name: str) -> None:
    source, variant = classify(load_event(f"appsync/{name}.json"))
    assert (source.name, variant) == ("appsync", "")


def test_a_batch_is_recognised() -> None:
    source, variant = classify(load_event("appsync/batch.json"))
    assert (source.name, variant) == ("appsync", "batch")


def test_cognito_identity_and_info() -> None:
    event = AppSyncEvent(load_event("appsync/query_cognito.json"))

    assert event.arguments == {"id": "post-1"}
    assert event.field_name == "getPost"
    assert event.parent_type_name == "Query"
    assert event.username == "jane-doe"
    assert event.sub == "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    assert event.claims["email"] == "jane@example.com"
    assert event.groups == ["editors"]
    assert event.source_ip == ["198.51.100.7"]
    assert event.request_headers["content-type"] == "application/json"
    assert event.domain_name is None
    assert event.variables == {"id": "post-1"}
    assert event.selection_set_list == ["id", "title", "author", "author/name"]
    assert event.selection_set_graphql is not None
    assert event.source == {}
    assert event.prev == {}
    assert event.prev_result is None
    assert event.stash == {}
    assert repr(event) == "AppSyncEvent(parent_type_name='Query', field_name='getPost')"


def test_iam_identity_and_custom_domain() -> None:
    event = AppSyncEvent(load_event("appsync/mutation_iam.json"))

    assert event.identity["userArn"].startswith("arn:aws:sts::")
    assert event.username == "AROAEXAMPLEROLEID:session"
    assert event.claims == {}
    assert event.domain_name == "api.example.com"


def test_api_key_call_with_parent_source_and_pipeline_data() -> None:
    event = AppSyncEvent(load_event("appsync/field_api_key.json"))

    assert event.identity == {}
    assert event.username is None
    assert event.source["authorId"] == "author-7"
    assert event.prev_result == {"cached": False}
    assert event.stash == {"tenant": "acme"}
    assert event.resolver_context == {}


# --- routing ---------------------------------------------------------------------------------


def _blog_router(**options: Any) -> Router:
    router = Router(**options)

    @router.appsync(field_name="getPost")
    def get_post(event: AppSyncEvent, context: Any) -> dict[str, Any]:
        return {"id": event.arguments["id"], "by": "field"}

    @router.appsync(type_name="Query", field_name="getPost")
    def query_get_post(event: AppSyncEvent, context: Any) -> dict[str, Any]:
        return {"id": event.arguments["id"], "by": "type and field"}

    @router.appsync(type_name="Mutation")
    def mutations(event: AppSyncEvent, context: Any) -> dict[str, Any]:
        return {"mutation": event.field_name}

    @router.appsync("Post", "relatedPosts")
    def related(event: AppSyncEvent, context: Any) -> list[dict[str, str]]:
        if event.source["id"] == "post-2":
            raise LookupError("post-2 has no related posts")
        return [{"id": event.source["id"] + "-related"}]

    return router


def test_type_and_field_beat_field_alone_which_beats_type_alone() -> None:
    router = _blog_router()

    assert router.dispatch(load_event("appsync/query_cognito.json"))["by"] == "type and field"
    assert router.dispatch(appsync("getPost", "Other", {"id": "x"}))["by"] == "field"
    assert router.dispatch(load_event("appsync/mutation_iam.json")) == {"mutation": "createPost"}


def test_a_batch_is_resolved_item_by_item_in_order_with_per_item_errors() -> None:
    router = _blog_router(unmatched="fail")

    answer = router.dispatch(load_event("appsync/batch.json"))

    assert answer[0] == {"data": [{"id": "post-1-related"}]}
    assert answer[1] == {
        "data": None,
        "errorMessage": "post-2 has no related posts",
        "errorType": "LookupError",
    }
    assert answer[2]["data"] is None
    assert answer[2]["errorType"] == "UnmatchedEventError"
    assert len(answer) == 3


def test_an_unmatched_batch_item_is_null_data_when_acknowledged() -> None:
    router = _blog_router()

    answer = router.dispatch(load_event("appsync/batch.json"))

    assert answer[2] == {"data": None}


def test_an_unmatched_single_field_follows_the_router_policy() -> None:
    router = _blog_router(unmatched="fail")

    with pytest.raises(UnmatchedEventError):
        router.dispatch(appsync("unknown", "Query"))


def test_exceptions_of_a_single_field_propagate() -> None:
    router = _blog_router()

    with pytest.raises(LookupError):
        router.dispatch(appsync("relatedPosts", "Post", source={"id": "post-2"}))


def test_an_exception_without_message_names_its_type() -> None:
    router = Router()

    @router.appsync()
    def boom(event: AppSyncEvent, context: Any) -> None:
        raise KeyError

    assert router.dispatch(appsync_batch())[0] == {
        "data": None,
        "errorMessage": "KeyError",
        "errorType": "KeyError",
    }


def test_async_resolvers_in_a_batch() -> None:
    router = Router()

    @router.appsync(field_name="relatedPosts")
    async def related(event: AppSyncEvent, context: Any) -> str:
        return str(event.source["id"])

    assert router.dispatch(appsync_batch()) == [{"data": "post-1"}, {"data": "post-2"}]


@given(ids=st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=20))
def test_batch_answers_match_the_request_in_size_and_order(ids: list[str]) -> None:
    router = Router()

    @router.appsync(type_name="Post")
    def echo(event: AppSyncEvent, context: Any) -> str:
        if event.source["id"].startswith("x"):
            raise ValueError(event.source["id"])
        return str(event.source["id"])

    batch = appsync_batch(sources=[{"id": i} for i in ids])
    answer = router.dispatch(batch)

    assert len(answer) == len(ids)
    for item, sent in zip(answer, ids, strict=True):
        assert item.get("data") == (None if sent.startswith("x") else sent)
        assert ("errorMessage" in item) == sent.startswith("x")
