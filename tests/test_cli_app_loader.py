"""Naming an app on the command line: module:attr or path/to/file.py[:attr]."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lambda_universal_router import Router
from lambda_universal_router._cli.loader import (
    AppImportError,
    UsageError,
    load_app,
    owned_modules,
    reload_app,
    split_spec,
)
from lambda_universal_router._cli.main import main
from lambda_universal_router.testing import LambdaContext, http

ROUTER_APP = """
from lambda_universal_router import Router

router = Router()
VERSION = "one"


@router.get("/version")
def version(event, context):
    return {"version": VERSION}


def lambda_handler(event, context):
    return router.dispatch(event, context)
"""

HANDLER_ONLY_APP = """
from lambda_universal_router import Router

app = Router()


@app.custom()
def echo(event, context):
    return {"echo": event.event_data}


def lambda_handler(event, context):
    return app.dispatch(event, context)
"""


pytestmark = pytest.mark.usefixtures("isolated_app_dir")


def write(path: Path, source: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("app.py", ("app.py", None, True)),
        ("src/app.py:api", ("src/app.py", "api", True)),
        ("pkg.handlers:router", ("pkg.handlers", "router", False)),
        ("handlers", ("handlers", None, False)),
        ("C:\\work\\app.py:router", ("C:\\work\\app.py", "router", True)),
        ("C:\\work\\app.py", ("C:\\work\\app.py", None, True)),
        ("dir/app", ("dir/app", None, True)),
    ],
)
def test_split_spec(spec: str, expected: tuple[str, str | None, bool]) -> None:
    assert split_spec(spec) == expected


def test_a_file_path_loads_what_lambda_runs_and_finds_its_router(tmp_path: Path) -> None:
    write(tmp_path / "service" / "app.py", ROUTER_APP)

    app = load_app("service/app.py")

    assert app.target is app.module.lambda_handler
    assert app.attribute == "lambda_handler"
    assert app.router() is app.module.router
    assert app.name == "app"
    assert app.root == (tmp_path / "service").resolve()
    assert app.handler_name() == "app.lambda_handler"


def test_a_module_name_loads_from_the_current_directory(tmp_path: Path) -> None:
    write(tmp_path / "pkg" / "__init__.py", "")
    write(tmp_path / "pkg" / "handlers.py", ROUTER_APP)

    app = load_app("pkg.handlers:router")

    assert isinstance(app.target, Router)
    assert app.root == tmp_path.resolve()
    assert app.handler_name() == "pkg.handlers.lambda_handler"


def test_without_a_router_the_lambda_handler_function_is_the_app(tmp_path: Path) -> None:
    write(tmp_path / "fn.py", HANDLER_ONLY_APP)

    app = load_app("fn.py")

    assert app.attribute == "lambda_handler"
    assert app.invoke({"anything": 1}, None) == {"echo": {"anything": 1}}
    # Commands that read registrations find the module's only router.
    assert app.router() is app.module.app


def test_an_attribute_can_be_named(tmp_path: Path) -> None:
    write(tmp_path / "fn.py", HANDLER_ONLY_APP)

    app = load_app("fn.py:app")

    assert app.target is app.module.app
    assert app.invoke({"x": 1}, None) == {"echo": {"x": 1}}


def test_without_a_lambda_handler_the_router_is_the_app(tmp_path: Path) -> None:
    write(tmp_path / "plain.py", ROUTER_APP.replace("def lambda_handler", "def handle"))

    app = load_app("plain.py")

    assert app.attribute == "router"
    assert app.target is app.module.router


def test_the_wrapper_in_lambda_handler_runs(tmp_path: Path) -> None:
    wrapped = ROUTER_APP.replace(
        "    return router.dispatch(event, context)",
        "    answer = router.dispatch(event, context)\n"
        '    answer["headers"]["X-Wrapped"] = "yes"\n'
        "    return answer",
    )
    write(tmp_path / "wrapped.py", wrapped + "\nother = Router()\n")

    app = load_app("wrapped.py")
    answer = app.invoke(http("GET", "/version"), LambdaContext())

    assert answer["headers"]["X-Wrapped"] == "yes"
    # Two routers in the module: the one named router is the app's.
    assert app.router() is app.module.router


def test_a_function_app_without_one_router_cannot_list_routes(tmp_path: Path) -> None:
    write(tmp_path / "bare.py", "def lambda_handler(event, context):\n    return event\n")

    app = load_app("bare.py")

    with pytest.raises(UsageError, match=r"no Router objects; name the router itself"):
        app.router()
    assert app.handler_name() == "bare.lambda_handler"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("missing.py", "missing.py: no such file missing.py"),
        ("nowhere/app", "no such file nowhere/app (a module name needs no slashes"),
        ("nomodule:router", "nomodule:router: no module named nomodule (run from the directory"),
        ("app.py:nothing", "app.py:nothing: module app has no nothing; name the router as app.py:"),
        ("notes.txt", "notes.txt: notes.txt is not a .py file"),
        ("my-app", "my-app: 'my-app' is neither a module name nor a .py file"),
        ("app.py:VERSION", "app.py:VERSION: VERSION is a str, not a Router"),
    ],
)
def test_a_bad_app_name_says_what_to_fix(tmp_path: Path, spec: str, message: str) -> None:
    write(tmp_path / "app.py", ROUTER_APP)
    write(tmp_path / "notes.txt", "not python")

    with pytest.raises(UsageError) as raised:
        load_app(spec)

    assert message in str(raised.value)


def test_a_module_with_neither_router_nor_handler(tmp_path: Path) -> None:
    write(tmp_path / "empty.py", "X = 1\n")

    with pytest.raises(UsageError, match=r"has no lambda_handler or router; .*it defines: X"):
        load_app("empty.py")


def test_an_app_whose_code_raises_is_an_import_error_with_the_cause(tmp_path: Path) -> None:
    write(tmp_path / "broken.py", ROUTER_APP + "\nraise RuntimeError('half-written')\n")

    with pytest.raises(AppImportError) as raised:
        load_app("broken.py")

    assert isinstance(raised.value.error, RuntimeError)
    assert "broken" not in sys.modules  # a second try imports it afresh


def test_a_package_whose_own_imports_fail_is_an_import_error(tmp_path: Path) -> None:
    write(tmp_path / "shop" / "__init__.py", "import not_installed_anywhere\n")
    write(tmp_path / "shop" / "api.py", ROUTER_APP)

    with pytest.raises(AppImportError) as raised:
        load_app("shop.api")

    assert isinstance(raised.value.error, ModuleNotFoundError)


def test_reload_imports_changed_code_and_its_sibling_modules(tmp_path: Path) -> None:
    write(tmp_path / "settings.py", "GREETING = 'hello'\n")
    write(tmp_path / "app.py", ROUTER_APP.replace('"one"', "__import__('settings').GREETING"))
    app = load_app("app.py")
    assert app.module.VERSION == "hello"

    write(tmp_path / "settings.py", "GREETING = 'bonjour'\n")
    reloaded = reload_app(app)

    assert reloaded.module.VERSION == "bonjour"
    assert reloaded.target is not app.target
    assert sorted(owned_modules(app.root)) == ["app", "settings"]


def test_the_library_itself_is_never_reloaded() -> None:
    library_root = Path(__file__).resolve().parent.parent / "src"

    assert owned_modules(library_root) == []


def test_a_file_named_like_an_imported_module_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "json.py", ROUTER_APP)

    with pytest.raises(UsageError, match=r"module name 'json' is taken .* rename the file"):
        load_app("json.py")


# --- through the command line ---------------------------------------------------------------------


def test_a_bad_app_path_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["routes", "missing.py"])

    err = capsys.readouterr().err
    assert status == 2
    assert err == "lambda-router routes: error: missing.py: no such file missing.py\n"


def test_an_app_that_raises_on_import_exits_1_with_its_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "broken.py", "raise RuntimeError('half-written')\n")

    status = main(["routes", "broken.py"])

    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: half-written" in err
    assert err.rstrip().endswith(
        "lambda-router: error: broken.py raised RuntimeError while being imported (traceback above)"
    )
