"""``parent.include(child, prefix=...)``: composing routers."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import (
    ConfigurationError,
    DuplicateHandlerError,
    InvalidRouteError,
    NotFound,
    Router,
    RouterFrozenError,
    testing,
)


def _books() -> Router:
    books = Router()

    @books.get("/")
    def list_books(event: Any, context: Any) -> list[str]:
        return ["dune"]

    @books.get("/{isbn}")
    def get_book(event: Any, context: Any) -> dict[str, Any]:
        return dict(event.path_parameters)

    return books


def test_child_routes_go_under_the_prefix() -> None:
    # Given a child with "/" and "/{isbn}", included under /books
    app = Router()
    app.include(_books(), prefix="/books")
    client = app.test_client()

    # Then "/" became "/books" and "/{isbn}" became "/books/{isbn}"
    assert [r.path for r in app.routes()] == ["/books", "/books/{isbn}"]
    assert client.get("/books").json() == ["dune"]
    assert client.get("/books/42").json() == {"isbn": "42"}
    assert client.get("/42").status_code == 404


@pytest.mark.parametrize("flavor", testing.FLAVORS)
def test_included_routes_answer_in_every_flavor(flavor: str) -> None:
    app = Router()
    app.include(_books(), prefix="/books")
    assert app.test_client(flavor).get("/books/7").json() == {"isbn": "7"}


def test_platform_resolved_resource_of_an_included_route() -> None:
    app = Router()
    app.include(_books(), prefix="/books")
    answer = app.test_client().get("/books/7", resource="/books/{isbn}")
    assert answer.json() == {"isbn": "7"}


def test_prefix_parameters_reach_the_handler_and_includes_nest() -> None:
    shops = Router()
    shops.include(_books(), prefix="/books")
    app = Router()
    app.include(shops, prefix="/shops/{shop}")

    answer = app.test_client().get("/shops/north/books/9")

    assert answer.json() == {"shop": "north", "isbn": "9"}
    assert [r.path for r in app.routes()] == ["/shops/{shop}/books", "/shops/{shop}/books/{isbn}"]


def test_without_prefix_paths_are_unchanged_and_other_sources_keep_their_filters() -> None:
    child = Router()
    seen: list[str] = []

    @child.get("/ping")
    def ping(event: Any, context: Any) -> str:
        return "pong"

    @child.sqs(queue="orders", per_record=True)
    def order(message: Any, context: Any) -> None:
        seen.append(message.body)

    app = Router()
    app.include(child)

    assert app.test_client().get("/ping").text == "pong"
    assert app.dispatch(testing.sqs(["a"], queue="orders")) == {"batchItemFailures": []}
    assert app.routes()[1].filters == {"queue": frozenset({"orders"})}
    assert seen == ["a"]


def test_a_child_may_be_included_twice_under_different_prefixes() -> None:
    books = _books()
    app = Router()
    app.include(books, prefix="/v1/books")
    app.include(books, prefix="/v2/books")
    client = app.test_client()
    assert client.get("/v1/books/1").json() == {"isbn": "1"}
    assert client.get("/v2/books/2").json() == {"isbn": "2"}


@pytest.mark.parametrize("prefix", ["books", "/books/", "/", "", "/{rest+}", 3])
def test_bad_prefixes_are_refused(prefix: Any) -> None:
    with pytest.raises(ConfigurationError, match="prefix"):
        Router().include(_books(), prefix=prefix)


def test_a_prefix_parameter_repeated_in_a_child_route_is_refused() -> None:
    with pytest.raises(InvalidRouteError, match="isbn"):
        Router().include(_books(), prefix="/x/{isbn}")


def test_conflicting_routes_name_both_handlers_and_nothing_is_added() -> None:
    app = Router()

    @app.get("/books/{id}")
    def mine(event: Any, context: Any) -> None: ...

    with pytest.raises(ConfigurationError) as raised:
        app.include(_books(), prefix="/books")

    assert "get_book" in str(raised.value) and "mine" in str(raised.value)
    assert [r.path for r in app.routes()] == ["/books/{id}"]


def test_two_custom_handlers_conflict() -> None:
    child, app = Router(), Router()

    @child.custom()
    def theirs(event: Any, context: Any) -> None: ...

    @app.custom()
    def ours(event: Any, context: Any) -> None: ...

    with pytest.raises(DuplicateHandlerError, match=r"theirs.*ours"):
        app.include(child)


def test_a_router_cannot_include_itself() -> None:
    app = Router()
    with pytest.raises(ConfigurationError, match="itself"):
        app.include(app)


def test_including_after_dispatch_is_refused() -> None:
    app = _books()
    app.test_client().get("/")
    with pytest.raises(RouterFrozenError):
        app.include(Router(), prefix="/x")


def test_include_copies_what_the_child_holds_at_that_moment() -> None:
    child = _books()
    app = Router()
    app.include(child, prefix="/books")

    @child.get("/late/{x}")
    def late(event: Any, context: Any) -> str:
        return "late"

    assert app.test_client().get("/books/late").json() == {"isbn": "late"}
    assert app.test_client().get("/books/late/1").status_code == 404
    assert len(app.routes()) == 2


def test_a_child_that_dispatched_can_still_be_included() -> None:
    child = _books()
    assert child.test_client().get("/1").json() == {"isbn": "1"}
    app = Router()
    app.include(child, prefix="/books")
    assert app.test_client().get("/books/1").json() == {"isbn": "1"}


def test_exception_handlers_of_the_child_come_first_then_the_parent() -> None:
    class Missing(Exception):
        pass

    child = Router()

    @child.get("/child")
    def child_route(event: Any, context: Any) -> None:
        raise KeyError("x")

    @child.get("/missing")
    def missing(event: Any, context: Any) -> None:
        raise Missing()

    @child.exception_handler(KeyError)
    def child_keys(exc: Exception, event: Any) -> tuple[str, int]:
        return "child", 400

    app = Router()

    @app.exception_handler(LookupError)
    def parent_lookups(exc: Exception, event: Any) -> tuple[str, int]:
        return "parent", 409

    @app.exception_handler(Missing)
    def parent_missing(exc: Exception, event: Any) -> tuple[str, int]:
        return "parent missing", 410

    @app.get("/parent")
    def parent_route(event: Any, context: Any) -> None:
        raise KeyError("y")

    app.include(child)
    client = app.test_client()

    assert (client.get("/child").status_code, client.get("/child").text) == (400, "child")
    assert (client.get("/missing").status_code, client.get("/missing").text) == (
        410,
        "parent missing",
    )
    # The child's handler never applies to the parent's routes.
    assert (client.get("/parent").status_code, client.get("/parent").text) == (409, "parent")


def test_unknown_paths_under_a_prefix_are_the_parents_404() -> None:
    app = Router()
    app.include(_books(), prefix="/books")

    @app.exception_handler(NotFound)
    def not_found(exc: Exception, event: Any) -> tuple[str, int]:
        return "nothing here", 404

    assert app.test_client().get("/books/1/2").text == "nothing here"


def test_the_cli_listing_and_template_see_included_routes(tmp_path: Any) -> None:
    from lambda_universal_router._cli.main import main

    module = tmp_path / "composed_app.py"
    module.write_text(
        "from lambda_universal_router import Router\n"
        "books = Router()\n"
        "@books.get('/{isbn}')\n"
        "def get_book(event, context):\n"
        "    return {}\n"
        "router = Router()\n"
        "router.include(books, prefix='/books')\n",
        encoding="utf-8",
    )
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        main(["routes", f"{module}:router"])
    assert "/books/{isbn}" in out.getvalue()
    out = io.StringIO()
    with redirect_stdout(out):
        main(["template", f"{module}:router"])
    assert "/books/{isbn}" in out.getvalue()


def test_prefix_parameters_reach_typed_handlers_as_path_parameters() -> None:
    child = Router()

    @child.get("/{isbn}", status_code=203)
    def get_book(isbn: str, shop: str) -> dict[str, str]:
        return {"isbn": isbn, "shop": shop}

    app = Router()
    app.include(child, prefix="/shops/{shop}")
    reply = app.test_client().get("/shops/north/9")

    assert (reply.status_code, reply.json()) == (203, {"isbn": "9", "shop": "north"})
