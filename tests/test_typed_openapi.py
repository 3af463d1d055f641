"""The OpenAPI 3.1 document: every route, typed or not, checked by openapi-spec-validator."""

from __future__ import annotations

import datetime as dt
import enum
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

import pytest
from openapi_spec_validator import validate
from typing_extensions import NotRequired, TypedDict

from lambda_universal_router import ConfigurationError, Conflict, HTTPError, NotFound, Router
from lambda_universal_router._cli.main import main
from lambda_universal_router.params import Body, Cookie, Field, Header, Query


class Genre(enum.Enum):
    FICTION = "fiction"
    SCIENCE = "science"


class Rating(enum.IntEnum):
    BAD = 1
    GOOD = 5


@dataclass
class Author:
    """Who wrote it."""

    name: Annotated[str, Field(min_length=1, max_length=80, description="Full name")]
    born: dt.date | None = None


@dataclass
class Book:
    isbn: Annotated[str, Field(pattern="^[0-9-]+$")]
    title: str
    price: Annotated[Decimal, Field(gt=0)]
    genre: Genre
    authors: list[Author]
    tags: set[str] = field(default_factory=set)
    rating: Rating | None = None
    related: list[Book] = field(default_factory=list)


class Note(TypedDict):
    text: str
    pinned: NotRequired[bool]


def catalog() -> Router:
    router = Router()

    @router.get("/books", tags=["books"])
    def list_books(
        genre: Genre | None = None,
        page: Annotated[int, Query(alias="page-size"), Field(ge=1, le=100)] = 20,
        tag: list[str] | None = None,
        since: dt.datetime | None = None,
        kind: Literal["paper", "ebook"] = "paper",
        ratio: float = 1.0,
        flag: bool = False,
        ids: tuple[int, ...] = (),
    ) -> list[Book]:
        """List books.

        Filtered by genre, paged.
        """
        return []

    @router.post("/books", status_code=201, tags=["books"], responses=[Conflict])
    def add_book(book: Book, request_id: Annotated[str, Header(alias="X-Request-Id")]) -> Book:
        """Add a book."""
        return book

    @router.get("/books/{isbn}", responses=[NotFound], operation_id="getBook")
    def get_book(isbn: str, session: Annotated[str | None, Cookie()] = None) -> Book:
        raise NotFound()

    @router.delete("/books/{isbn}", status_code=204, deprecated=True)
    def delete_book(isbn: str) -> None:
        return None

    @router.put("/notes/{note_id}")
    def put_note(
        note_id: uuid.UUID, note: Note, extra: Annotated[dict[str, int], Body()]
    ) -> dict[str, Any]:
        return {}

    @router.any("/files/{path+}")
    def files(event: Any, context: Any) -> Any:
        return None

    @router.get("/legacy/{id}")
    def legacy(event, context):  # type: ignore[no-untyped-def]
        return {}

    @router.get("/hidden", include_in_schema=False)
    def hidden() -> None:
        return None

    @router.sqs(per_record=True)
    def not_http(message: Any, context: Any) -> None:
        return None

    return router


def test_the_document_validates_and_describes_every_route() -> None:
    document = catalog().openapi(
        title="Catalog", version="1.2.3", servers=["https://api.example.com"], description="d"
    )
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["info"] == {"title": "Catalog", "version": "1.2.3", "description": "d"}
    assert document["servers"] == [{"url": "https://api.example.com"}]
    paths = document["paths"]
    assert set(paths) == {"/books", "/books/{isbn}", "/notes/{note_id}", "/files/{path}",
                          "/legacy/{id}"}  # fmt: skip
    assert set(paths["/files/{path}"]) == {"get", "put", "post", "delete", "options", "head",
                                           "patch"}  # fmt: skip

    listing = paths["/books"]["get"]
    assert listing["summary"] == "List books."
    assert listing["description"] == "Filtered by genre, paged."
    assert listing["tags"] == ["books"]
    by_name = {p["name"]: p for p in listing["parameters"]}
    assert by_name["page-size"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 20,
    }
    assert by_name["tag"]["in"] == "query"
    assert by_name["genre"]["required"] is False
    ok = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"type": "array", "items": {"$ref": "#/components/schemas/Book"}}
    assert "422" in listing["responses"]

    adding = paths["/books"]["post"]
    assert set(adding["responses"]) == {"201", "422", "409"}
    assert adding["requestBody"]["required"] is True
    assert adding["parameters"][0] == {
        "name": "X-Request-Id",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
    }

    getting = paths["/books/{isbn}"]["get"]
    assert getting["operationId"] == "getBook"
    assert {p["in"] for p in getting["parameters"]} == {"path", "cookie"}
    assert "404" in getting["responses"]

    deleting = paths["/books/{isbn}"]["delete"]
    assert deleting["deprecated"] is True
    assert "content" not in deleting["responses"]["204"]

    legacy = paths["/legacy/{id}"]["get"]
    assert legacy["parameters"] == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert set(legacy["responses"]) == {"200"}

    note = paths["/notes/{note_id}"]["put"]
    assert note["parameters"][0]["schema"] == {"type": "string", "format": "uuid"}
    body = note["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == {"note", "extra"}


def test_named_types_are_components() -> None:
    schemas = catalog().openapi()["components"]["schemas"]
    book = schemas["Book"]
    assert book["required"] == ["isbn", "title", "price", "genre", "authors"]
    assert book["properties"]["price"]["exclusiveMinimum"] == 0
    assert book["properties"]["tags"] == {
        "type": "array",
        "items": {"type": "string"},
        "uniqueItems": True,
    }
    assert book["properties"]["related"]["items"] == {"$ref": "#/components/schemas/Book"}
    assert schemas["Genre"] == {"title": "Genre", "enum": ["fiction", "science"], "type": "string"}
    assert schemas["Rating"]["enum"] == [1, 5]
    assert schemas["Author"]["description"] == "Who wrote it."
    assert schemas["Author"]["properties"]["name"]["maxLength"] == 80
    assert schemas["Note"]["required"] == ["text"]
    assert "ValidationError" in schemas and "HTTPError" in schemas


def test_pydantic_models_use_their_own_schema() -> None:
    pydantic = pytest.importorskip("pydantic")

    class Tag(pydantic.BaseModel):
        label: str

    class Pet(pydantic.BaseModel):
        name: str
        tags: list[Tag] = []

    router = Router()

    def add(pet: Pet) -> Pet:
        return pet

    add.__annotations__ = {"pet": Pet, "return": Pet}
    router.post("/pets")(add)
    document = router.openapi()
    validate(document)
    assert set(document["components"]["schemas"]) >= {"Pet", "Tag", "ValidationError"}


class Gone(HTTPError):
    status_code = 410


class Teapot(HTTPError):
    status_code = 418
    default_message = "Short and stout"


class NoSuchBook(NotFound):
    default_message = "No such book"


class MissingShelf(NotFound):
    pass


class Locked(NotFound):
    status_code = 423


def test_user_errors_are_described_by_their_own_message_or_their_status() -> None:
    router = Router()

    @router.get("/old", responses=[Gone, Teapot, NoSuchBook, Locked])
    def old(event: Any, context: Any) -> Any:
        raise Gone()

    @router.get("/shelf", responses=[MissingShelf])
    def shelf(event: Any, context: Any) -> Any:
        raise MissingShelf()

    document = router.openapi()
    validate(document)
    old_answers = document["paths"]["/old"]["get"]["responses"]
    assert old_answers["410"]["description"] == "Gone"  # not the inherited 500 message
    assert old_answers["418"]["description"] == "Short and stout"
    assert old_answers["404"]["description"] == "No such book"
    assert old_answers["423"]["description"] == "Locked"  # not NotFound's message
    shelf_answers = document["paths"]["/shelf"]["get"]["responses"]
    assert shelf_answers["404"]["description"] == "Not Found"


def test_included_in_the_bookstore_example() -> None:
    from lambda_universal_router.examples.bookstore import router

    validate(router.openapi(title="Bookstore", version="1.0.0"))


def test_swagger_ui_page_and_document_are_served() -> None:
    router = catalog()
    router.enable_docs(path="/docs", title="Catalog", assets_url="https://assets.example.com/ui/")
    client = router.test_client()

    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "https://assets.example.com/ui/swagger-ui-bundle.js" in page.text
    assert '"openapi.json"' in page.text

    document = client.get("/openapi.json")
    assert document.status_code == 200
    validate(document.json())
    assert "/docs" not in document.json()["paths"]
    assert document.json()["info"]["title"] == "Catalog"


def test_the_cli_prints_the_document(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = tmp_path / "shop_app.py"
    app.write_text(
        "from lambda_universal_router import Router\n"
        "router = Router()\n"
        "@router.get('/items/{item_id}')\n"
        "def item(item_id: int) -> dict:\n"
        "    return {}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["openapi", f"{app}:router"]) == 0
    document = json.loads(capsys.readouterr().out)
    validate(document)
    assert document["info"] == {"title": "shop_app", "version": "0.1.0"}

    assert main(["openapi", f"{app}:router", "--format", "yaml", "--title", "Shop"]) == 0
    out = capsys.readouterr().out
    assert "openapi: 3.1.0" in out or 'openapi: "3.1.0"' in out
    assert "title: Shop" in out


@pytest.mark.parametrize(
    "responses",
    [[410], "NotFound", [NotFound, "Gone"], {999: "Nope"}, {404: 1}, {"404": "Missing"}, 7],
)
def test_responses_that_are_not_errors_or_statuses_are_refused_when_registered(
    responses: Any,
) -> None:
    router = Router()
    with pytest.raises(ConfigurationError, match=r"responses= on '/items'"):
        router.get("/items", responses=responses)


def test_responses_given_as_a_generator_are_kept_for_the_document() -> None:
    router = Router()

    @router.get("/items", responses=(error for error in (NotFound, Conflict)))
    def items(event: Any, context: Any) -> None:
        return None

    document = router.openapi(title="Shop", version="1")
    validate(document)
    assert {"404", "409"} <= set(document["paths"]["/items"]["get"]["responses"])
    assert document == router.openapi(title="Shop", version="1")
