"""A small bookstore served by one Lambda function, laid out as three routers.

- ``catalog``: anyone may list and read books (``GET /books``, ``GET /books/{isbn}``).
- ``staff``: adding and deleting books (``POST /books``, ``DELETE /books/{isbn}``) needs the staff
  token; its authentication middleware runs for these routes only, never for the catalog's.
- ``backoffice``: the events of the store, below.
- ``router`` includes the three, both HTTP routers under ``/books``, and answers browsers of the
  store's web sites (CORS) on every route, 401s and 404s included.

Events:
- SQS ``orders`` queue: one order per message, processed one at a time; a bad order is retried
  alone (partial batch response).
- DynamoDB Stream of the ``Books`` table (key ``Id``): change data capture into a search index, as
  in the 1.0 documentation's CDC example.
- S3 uploads of cover images under ``covers/`` in the ``bookstore-uploads`` bucket.
- A nightly EventBridge schedule (the ``nightly-report`` rule) that reports stock.

State lives in memory so the example runs anywhere (``reset()`` restores it); a real function
would use DynamoDB and S3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from lambda_universal_router import CORS, Conflict, NotFound, Router, Unauthorized
from lambda_universal_router.events import (
    APIGatewayEvent,
    DynamoDBStreamEvent,
    S3Record,
    ScheduledEvent,
    SQSMessage,
)
from lambda_universal_router.params import Field

#: Sent as ``Authorization: Bearer <token>`` by staff. An example only: a real store verifies a
#: signed token (or lets an API Gateway authorizer do it) instead of comparing a constant.
STAFF_TOKEN = "staff-example-token"

catalog = Router()
staff = Router()
backoffice = Router()

#: The catalogue the HTTP API serves, by ISBN.
BOOKS: dict[str, dict[str, Any]] = {}
#: The search index the Books table's stream keeps in step, by the table's key ``Id``.
SEARCH_INDEX: dict[str, dict[str, Any]] = {}
#: Keys of the cover images stored.
COVERS: list[str] = []
#: ISBNs of the orders shipped.
SHIPPED: list[str] = []
#: Lines of the nightly reports.
REPORTS: list[str] = []


def reset() -> None:
    """Put the store back as it starts: two books, nothing indexed, stored, shipped or reported."""
    BOOKS.clear()
    BOOKS.update(
        {
            "978-0132350884": {"isbn": "978-0132350884", "title": "Clean Code", "stock": 3},
            "978-0201633610": {"isbn": "978-0201633610", "title": "Design Patterns", "stock": 0},
        }
    )
    for state in (SEARCH_INDEX, COVERS, SHIPPED, REPORTS):
        state.clear()


reset()


@catalog.get("/")
def list_books(event: APIGatewayEvent, context: Any) -> list[dict[str, Any]]:
    in_stock = event.query_string_parameters.get("in_stock") == "true"
    return [book for book in BOOKS.values() if not in_stock or book["stock"] > 0]


@catalog.get("/{isbn}")
def get_book(event: APIGatewayEvent, context: Any) -> dict[str, Any]:
    book = BOOKS.get(event.path_parameters["isbn"])
    if book is None:
        raise NotFound(f"No book with ISBN {event.path_parameters['isbn']}")
    return book


@staff.middleware
def require_staff(event: APIGatewayEvent, context: Any, call_next: Any) -> Any:
    """Staff routes answer 401 unless the request carries the staff token."""
    if event.get_header("authorization") != f"Bearer {STAFF_TOKEN}":
        raise Unauthorized("Staff only", headers={"WWW-Authenticate": "Bearer"})
    return call_next(event, context)


@dataclass
class NewBook:
    """A book to add to the catalogue."""

    isbn: str
    title: str
    stock: Annotated[int, Field(ge=0)] = 0


@staff.post("/", status_code=201, responses=[Conflict])
def add_book(book: NewBook) -> dict[str, Any]:
    """Add a book to the catalogue (typed: a body that does not fit is answered 422)."""
    if book.isbn in BOOKS:
        raise Conflict(f"Book {book.isbn} already exists")
    BOOKS[book.isbn] = {"isbn": book.isbn, "title": book.title, "stock": book.stock}
    return BOOKS[book.isbn]


@staff.delete("/{isbn}")
def delete_book(event: APIGatewayEvent, context: Any) -> tuple[str, int]:
    if BOOKS.pop(event.path_parameters["isbn"], None) is None:
        raise NotFound("No such book")
    return "", 204


@dataclass
class Order:
    """One order, the JSON body of a message of the ``orders`` queue."""

    isbn: str
    quantity: Annotated[int, Field(ge=1)] = 1


@backoffice.sqs(queue="orders", per_record=True)
def place_order(order: Order, message: SQSMessage) -> None:
    """Ship an order (typed: a message that is not an order fails, alone, and is logged)."""
    book = BOOKS.get(order.isbn)
    if book is None or book["stock"] < order.quantity:
        raise ValueError(f"Cannot fulfil order {message.message_id}: {order}")
    book["stock"] -= order.quantity
    SHIPPED.append(order.isbn)


@backoffice.dynamodb(table="Books")
def sync_search_index(event: DynamoDBStreamEvent, context: Any) -> None:
    """Change data capture, as in the 1.0 docs: index new versions, drop removed items."""
    for record in event.records:
        if record.event_name in ("INSERT", "MODIFY"):
            document = record.new_image or {}
            SEARCH_INDEX[str(document["Id"])] = document
        elif record.event_name == "REMOVE":
            keys = record.keys or record.old_image or {}
            SEARCH_INDEX.pop(str(keys["Id"]), None)


@backoffice.s3(bucket="bookstore-uploads", prefix="covers/", suffix=".jpg", per_record=True)
def store_cover(record: S3Record, context: Any) -> None:
    COVERS.append(record.s3_object.key or "")


@backoffice.schedule(rule="nightly-report")
def nightly_stock_report(event: ScheduledEvent, context: Any) -> str:
    low = sorted(book["title"] for book in BOOKS.values() if book["stock"] == 0)
    report = f"{event.time}: {len(BOOKS)} titles, out of stock: {', '.join(low) or 'none'}"
    REPORTS.append(report)
    return report


router = Router(
    cors=CORS(
        allow_origins=("https://bookstore.example.com", "https://*.bookstore.example.com"),
        allow_headers=("Authorization", "Content-Type"),
        max_age=600,
    )
)
router.include(catalog, prefix="/books")
router.include(staff, prefix="/books")
router.include(backoffice)


def lambda_handler(event: dict[str, Any], context: Any) -> Any:
    return router.dispatch(event, context)
