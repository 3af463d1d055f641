"""The bundled bookstore app, tested as a user tests their own app: test client and factories."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from lambda_universal_router import UnknownOriginError
from lambda_universal_router.examples import bookstore
from lambda_universal_router.testing import (
    LambdaContext,
    TestClient,
    dynamodb,
    s3,
    scheduled_event,
    sqs,
)

CLEAN_CODE = "978-0132350884"
DESIGN_PATTERNS = "978-0201633610"  # out of stock


@pytest.fixture(autouse=True)
def fresh_store() -> Iterator[None]:
    """The app keeps its state in module globals: every test starts from the same store."""
    bookstore.reset()
    yield
    bookstore.reset()


#: What the store's staff send; the catalog's routes need none of it.
STAFF = {"Authorization": f"Bearer {bookstore.STAFF_TOKEN}"}
SHOP = "https://bookstore.example.com"


@pytest.fixture(params=["rest", "http", "alb", "url"])
def client(request: pytest.FixtureRequest) -> TestClient:
    """A client of a member of staff (who may also do everything anyone may)."""
    return TestClient(bookstore.router, request.param, headers=STAFF)


@pytest.fixture(params=["rest", "http", "alb", "url"])
def anyone(request: pytest.FixtureRequest) -> TestClient:
    return bookstore.router.test_client(request.param)


def dispatch(event: dict[str, object]) -> object:
    return bookstore.router.dispatch(event, LambdaContext())


# --- HTTP routes ----------------------------------------------------------------------------------


def test_list_books_and_filter_in_stock(client: TestClient) -> None:
    every = client.get("/books")
    in_stock = client.get("/books", query={"in_stock": "true"})

    assert every.status_code == 200
    assert [book["isbn"] for book in every.json()] == [CLEAN_CODE, DESIGN_PATTERNS]
    assert [book["isbn"] for book in in_stock.json()] == [CLEAN_CODE]


def test_get_one_book(client: TestClient) -> None:
    response = client.get(f"/books/{CLEAN_CODE}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"isbn": CLEAN_CODE, "title": "Clean Code", "stock": 3}


def test_unknown_book_is_404_with_a_message(client: TestClient) -> None:
    response = client.get("/books/0000")

    assert response.status_code == 404
    assert response.json()["message"] == "No book with ISBN 0000"


def test_add_a_book_then_read_it(client: TestClient) -> None:
    created = client.post("/books", json={"isbn": "978-1491946008", "title": "Fluent Python"})

    assert created.status_code == 201
    assert created.json() == {"isbn": "978-1491946008", "title": "Fluent Python", "stock": 0}
    assert client.get("/books/978-1491946008").json()["title"] == "Fluent Python"


def test_adding_an_existing_book_is_a_409_conflict(client: TestClient) -> None:
    response = client.post("/books", json={"isbn": CLEAN_CODE, "title": "Clean Code"})

    assert response.status_code == 409
    assert "already exists" in response.json()["message"]
    assert bookstore.BOOKS[CLEAN_CODE]["stock"] == 3


@pytest.mark.parametrize(
    "body",
    [{"title": "No ISBN"}, ["not", "an", "object"], "null"],
    ids=["missing-isbn", "a-list", "null"],
)
def test_a_book_without_isbn_and_title_is_a_422(client: TestClient, body: object) -> None:
    response = client.post("/books", json=body)

    assert response.status_code == 422
    assert response.json()["message"] == "Request validation failed"
    assert response.json()["errors"][0]["location"][0] == "body"
    assert len(bookstore.BOOKS) == 2


def test_every_problem_of_a_new_book_is_listed(client: TestClient) -> None:
    response = client.post("/books", json={"isbn": 1, "stock": -1})

    assert response.status_code == 422
    assert [error["location"] for error in response.json()["errors"]] == [
        ["body", "isbn"],
        ["body", "title"],
        ["body", "stock"],
    ]


def test_malformed_json_is_a_400_not_a_500(client: TestClient) -> None:
    response = client.post("/books", body="{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 400


def test_delete_a_book_then_it_is_gone(client: TestClient) -> None:
    deleted = client.delete(f"/books/{CLEAN_CODE}")

    assert deleted.status_code == 204
    assert deleted.body == b""
    assert client.get(f"/books/{CLEAN_CODE}").status_code == 404
    assert client.delete(f"/books/{CLEAN_CODE}").status_code == 404


def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    response = client.put("/books")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"


def test_unknown_path_is_404(client: TestClient) -> None:
    assert client.get("/authors").status_code == 404


# --- composition: the staff router's authentication, CORS for the store's sites ----------------


def test_anyone_reads_the_catalog(anyone: TestClient) -> None:
    assert anyone.get("/books").status_code == 200
    assert anyone.get(f"/books/{CLEAN_CODE}").json()["title"] == "Clean Code"


def test_writes_without_the_staff_token_are_401_and_change_nothing(anyone: TestClient) -> None:
    added = anyone.post("/books", json={"isbn": "1", "title": "Sneaky"})
    deleted = anyone.delete(f"/books/{CLEAN_CODE}", headers={"Authorization": "Bearer guess"})

    assert (added.status_code, deleted.status_code) == (401, 401)
    assert added.headers["www-authenticate"] == "Bearer"
    assert set(bookstore.BOOKS) == {CLEAN_CODE, DESIGN_PATTERNS}


def test_the_store_sites_get_cors_headers_on_every_answer(anyone: TestClient) -> None:
    for origin in (SHOP, "https://admin.bookstore.example.com"):
        for answer in (
            anyone.get("/books", headers={"Origin": origin}),
            anyone.post("/books", headers={"Origin": origin}),  # the staff middleware's 401
            anyone.get("/authors", headers={"Origin": origin}),  # 404
        ):
            assert answer.headers["access-control-allow-origin"] == origin
            assert answer.headers["vary"] == "Origin"
    other = anyone.get("/books", headers={"Origin": "https://elsewhere.example.com"})
    assert "access-control-allow-origin" not in other.headers


def test_browsers_preflight_staff_writes_without_the_token(anyone: TestClient) -> None:
    preflight = anyone.options(
        f"/books/{CLEAN_CODE}",
        headers={
            "Origin": SHOP,
            "Access-Control-Request-Method": "DELETE",
            "Access-Control-Request-Headers": "authorization",
        },
    )

    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-methods"] == "GET, HEAD, DELETE"
    assert preflight.headers["access-control-allow-headers"] == "Authorization, Content-Type"
    assert preflight.headers["access-control-max-age"] == "600"


def test_the_app_is_three_routers() -> None:
    sources = {r.name.rsplit(".", 1)[-1]: r.source for r in bookstore.router.routes()}
    assert len(bookstore.catalog.routes()) == 2
    assert len(bookstore.staff.routes()) == 2
    assert len(bookstore.backoffice.routes()) == 4
    assert len(sources) == 8


# --- SQS orders: per-record, partial batch failures -----------------------------------------------


def test_orders_ship_one_by_one_and_only_the_bad_one_is_retried() -> None:
    # Given three orders, the second for a book that is out of stock
    event = sqs(
        [
            {"isbn": CLEAN_CODE, "quantity": 2},
            {"isbn": DESIGN_PATTERNS, "quantity": 1},
            {"isbn": CLEAN_CODE, "quantity": 1},
        ],
        queue="orders",
    )
    bad_message = event["Records"][1]["messageId"]

    # When the batch arrives
    result = dispatch(event)

    # Then both good orders shipped and only the bad message is reported for retry
    assert result == {"batchItemFailures": [{"itemIdentifier": bad_message}]}
    assert bookstore.SHIPPED == [CLEAN_CODE, CLEAN_CODE]
    assert bookstore.BOOKS[CLEAN_CODE]["stock"] == 0


def test_an_order_beyond_the_stock_fails_alone() -> None:
    event = sqs([{"isbn": CLEAN_CODE, "quantity": 5}, {"isbn": "0000"}], queue="orders")

    result = dispatch(event)

    failed = {failure["itemIdentifier"] for failure in result["batchItemFailures"]}
    assert failed == {record["messageId"] for record in event["Records"]}
    assert bookstore.SHIPPED == []


def test_a_message_that_is_not_an_order_fails_alone_and_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    event = sqs([{"isbn": CLEAN_CODE}, {"quantity": 0}, "not json"], queue="orders")
    bad = [record["messageId"] for record in event["Records"][1:]]

    result = dispatch(event)

    assert result == {"batchItemFailures": [{"itemIdentifier": i} for i in bad]}
    assert bookstore.SHIPPED == [CLEAN_CODE]
    assert f"sqs record {bad[0]} failed validation: payload.isbn: Field required" in caplog.text


def test_a_clean_batch_reports_no_failures() -> None:
    result = dispatch(sqs([{"isbn": CLEAN_CODE}], queue="orders"))

    assert result == {"batchItemFailures": []}
    assert bookstore.SHIPPED == [CLEAN_CODE]


def test_messages_from_another_queue_are_not_orders() -> None:
    dispatch(sqs([{"isbn": CLEAN_CODE}], queue="returns"))

    assert bookstore.SHIPPED == []


def test_fifo_order_queue_events_do_not_go_to_the_standard_queue_handler() -> None:
    dispatch(sqs([{"isbn": CLEAN_CODE}], queue="orders.fifo"))

    assert bookstore.SHIPPED == []


# --- DynamoDB Stream CDC, as in the 1.0 docs ------------------------------------------------------

BOOKS_STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/Books/stream/2024-01-01T00:00:00.000"


def one_record(event: dict[str, object], **fields: object) -> dict[str, object]:
    """The single record of a factory event, with ``fields`` changed."""
    record: dict[str, object] = event["Records"][0]
    record.update(fields)
    return record


def test_cdc_indexes_inserts_and_modifies_and_drops_removes() -> None:
    # Given an insert, then a price change, then another insert and its removal, in one batch
    event = {
        "Records": [
            one_record(
                dynamodb("INSERT", new_image={"Id": "101", "Title": "Book 101"}, table="Books")
            ),
            one_record(
                dynamodb(
                    "MODIFY",
                    old_image={"Id": "101", "Title": "Book 101", "Price": Decimal("29.99")},
                    new_image={"Id": "101", "Title": "Book 101", "Price": Decimal("25.99")},
                    table="Books",
                )
            ),
            one_record(dynamodb("INSERT", new_image={"Id": "102", "Title": "Emma"}, table="Books")),
            one_record(dynamodb("REMOVE", old_image={"Id": "102", "Title": "Emma"}, table="Books")),
        ]
    }

    # When the stream delivers it
    dispatch(event)

    # Then the index holds the latest version of what remains
    assert dict(bookstore.SEARCH_INDEX) == {
        "101": {"Id": "101", "Title": "Book 101", "Price": Decimal("25.99")}
    }


def test_cdc_takes_the_1_0_docs_insert_and_modify_events_from_the_books_stream() -> None:
    # The Insert and Modify events of the 1.0 DynamoDB docs, as the Books table's stream sends
    # them (the docs leave out eventSourceARN; the app listens to the Books table only).
    insert = {
        "eventID": "1",
        "eventName": "INSERT",
        "eventVersion": "1.0",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "eventSourceARN": BOOKS_STREAM,
        "dynamodb": {
            "Keys": {"Id": {"S": "101"}},
            "NewImage": {
                "Id": {"S": "101"},
                "Title": {"S": "Book 101"},
                "ISBN": {"S": "978-1234567890"},
                "Price": {"N": "29.99"},
            },
            "SequenceNumber": "111",
            "SizeBytes": 26,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }
    modify = {
        "eventName": "MODIFY",
        "eventSourceARN": BOOKS_STREAM,
        "dynamodb": {
            "OldImage": {"Id": {"S": "101"}, "Price": {"N": "29.99"}},
            "NewImage": {"Id": {"S": "101"}, "Price": {"N": "25.99"}},
        },
    }

    dispatch({"Records": [insert]})
    assert bookstore.SEARCH_INDEX["101"] == {
        "Id": "101",
        "Title": "Book 101",
        "ISBN": "978-1234567890",
        "Price": Decimal("29.99"),
    }

    dispatch({"Records": [modify]})
    assert dict(bookstore.SEARCH_INDEX) == {"101": {"Id": "101", "Price": Decimal("25.99")}}


def test_cdc_of_a_table_the_code_does_not_name_fails_loudly() -> None:
    # A stream the function is wired to but no table= filter names is a wiring mistake: the
    # batch fails (and is retried) instead of being acknowledged unprocessed.
    with pytest.raises(UnknownOriginError, match="table= filters: Books"):
        dispatch(dynamodb("INSERT", new_image={"Id": "7", "Name": "Ada"}, table="Authors"))

    assert bookstore.SEARCH_INDEX == {}


# --- S3 covers: bucket, prefix and suffix filters -------------------------------------------------


def test_only_jpg_covers_in_the_uploads_bucket_are_stored() -> None:
    dispatch(
        s3(
            ["covers/dune.jpg", "covers/dune.png", "notes/todo.jpg", "covers/emma cover.jpg"],
            bucket="bookstore-uploads",
        )
    )

    assert bookstore.COVERS == ["covers/dune.jpg", "covers/emma cover.jpg"]


def test_uploads_to_a_bucket_the_code_does_not_name_fail_loudly() -> None:
    with pytest.raises(UnknownOriginError, match="someone-elses-bucket"):
        dispatch(s3("covers/dune.jpg", bucket="someone-elses-bucket"))

    assert bookstore.COVERS == []


def test_uploads_the_filters_decline_are_acknowledged() -> None:
    dispatch(s3("notes/todo.txt", bucket="bookstore-uploads"))

    assert bookstore.COVERS == []


def test_covers_carried_by_sqs_are_stored_too() -> None:
    # An S3 notification delivered through an SQS queue reaches the same handler.
    import json

    notification = s3("covers/dune.jpg", bucket="bookstore-uploads")

    dispatch(sqs([json.dumps(notification)], queue="uploads"))

    assert bookstore.COVERS == ["covers/dune.jpg"]


# --- the nightly schedule -------------------------------------------------------------------------


def test_nightly_report_lists_out_of_stock_titles() -> None:
    event = scheduled_event("nightly-report")

    report = dispatch(event)

    assert report == f"{event['time']}: 2 titles, out of stock: Design Patterns"
    assert list(bookstore.REPORTS) == [report]


def test_other_schedules_do_not_run_the_report() -> None:
    dispatch(scheduled_event("hourly-cleanup"))

    assert bookstore.REPORTS == []


# --- the deployable handler module ----------------------------------------------------------------


def test_lambda_handler_answers_as_the_router_does() -> None:
    from lambda_universal_router.testing import http

    response = bookstore.lambda_handler(http("GET", f"/books/{CLEAN_CODE}"), LambdaContext())

    assert response["statusCode"] == 200


def test_the_examples_module_exposes_the_same_handler() -> None:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent.parent / "examples" / "bookstore.py"
    spec = importlib.util.spec_from_file_location("examples_bookstore", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    assert module.router is bookstore.router
    assert module.lambda_handler is bookstore.lambda_handler
