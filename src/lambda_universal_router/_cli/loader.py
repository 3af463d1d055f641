"""Finding the app a command works on: ``module:attr`` or ``path/to/file.py[:attr]``.

Without ``:attr`` the app is what Lambda runs: the module's ``lambda_handler`` function, so a
wrapper around the router is exercised locally too, or else its ``router`` (a :class:`Router`).
A handler function is enough to invoke or serve; the commands that read registrations
(``routes``, ``template``) need the router: the module's ``router``, or else the only ``Router``
among its globals.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambda_universal_router._router import Router


class UsageError(Exception):
    """Something on the command line to fix; the CLI prints it as one line and exits 2."""


class AppImportError(Exception):
    """The app's own code raised while it was imported; the CLI shows the traceback, exits 1."""

    def __init__(self, spec: str, error: BaseException) -> None:
        super().__init__(f"{spec} raised {type(error).__name__} while being imported")
        self.spec = spec
        self.error = error


DEFAULT_ATTRIBUTES = ("lambda_handler", "router")


class App:
    """A loaded app: what to call with each event, and where its code lives."""

    def __init__(self, spec: str, module: ModuleType, attribute: str, target: Any) -> None:
        #: The app as named on the command line.
        self.spec = spec
        #: The module holding it.
        self.module = module
        #: The attribute that was loaded (``lambda_handler``, ``router``, ...).
        self.attribute = attribute
        #: The router or the handler function.
        self.target = target
        #: The directory whose modules are the app's own (watched by ``serve --reload``).
        self.root = _module_root(module)

    @property
    def name(self) -> str:
        """A short name for messages and the template: the module's last dotted part."""
        return self.module.__name__.rsplit(".", 1)[-1]

    def invoke(self, event: Any, context: Any) -> Any:
        """Hand ``event`` to the app as Lambda would."""
        from lambda_universal_router._router import Router

        if isinstance(self.target, Router):
            return self.target.dispatch(event, context)
        return self.target(event, context)

    def router(self) -> Router:
        """The app's router, for commands that read registrations."""
        from lambda_universal_router._router import Router

        if isinstance(self.target, Router):
            return self.target
        named = getattr(self.module, "router", None)
        if isinstance(named, Router):
            return named
        found = [value for value in vars(self.module).values() if isinstance(value, Router)]
        if len(found) == 1:
            return found[0]
        raise UsageError(
            f"{self.spec} names a function and its module holds {len(found) or 'no'} Router "
            f"objects; name the router itself, as {self.module.__name__}:router"
        )

    def handler_name(self) -> str | None:
        """``module.function`` for the Lambda ``Handler`` setting, when the module has one."""
        for name in ("lambda_handler", "handler"):
            if callable(getattr(self.module, name, None)):
                return f"{self.module.__name__}.{name}"
        if callable(self.target) and not hasattr(self.target, "dispatch"):
            return f"{self.module.__name__}.{self.attribute}"
        return None


def split_spec(spec: str) -> tuple[str, str | None, bool]:
    """``(module or path, attribute or None, is_path)`` of an app spec."""
    head, sep, tail = spec.rpartition(":")
    if sep and tail.isidentifier() and head and not head.endswith(":"):
        where, attribute = head, tail
    else:
        where, attribute = spec, None
    is_path = where.endswith(".py") or "/" in where or "\\" in where
    return where, attribute, is_path


def load_app(spec: str) -> App:
    """Import the app named by ``spec``; :class:`UsageError` when the name leads nowhere."""
    where, attribute, is_path = split_spec(spec)
    if not is_path and Path(where).is_file():
        raise UsageError(f"{spec}: {where} is not a .py file")
    module = _load_file(spec, where) if is_path else _load_module(spec, where)
    names = (attribute,) if attribute else DEFAULT_ATTRIBUTES
    for name in names:
        target = getattr(module, name, None)
        if target is not None:
            if not callable(target) and not hasattr(target, "dispatch"):
                raise UsageError(f"{spec}: {name} is a {type(target).__name__}, not a Router")
            return App(spec, module, name, target)
    wanted = " or ".join(names)
    raise UsageError(
        f"{spec}: module {module.__name__} has no {wanted}; name the router as "
        f"{where}:NAME (it defines: {_public_names(module)})"
    )


def reload_app(app: App) -> App:
    """Import ``app`` again from source, with every module of its own directory."""
    for name in owned_modules(app.root):
        sys.modules.pop(name, None)
    return load_app(app.spec)


def owned_modules(root: Path | None) -> list[str]:
    """Names of loaded modules whose files are under ``root``, the library and venv excluded."""
    if root is None:
        return []
    prefixes = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    owned = []
    for name, module in list(sys.modules.items()):
        path = _module_file(module)
        if path is None or name.split(".")[0] == "lambda_universal_router":
            continue
        if path.is_relative_to(root) and not any(path.is_relative_to(p) for p in prefixes):
            owned.append(name)
    return owned


def watched_files(root: Path | None) -> list[Path]:
    """Source files of the modules :func:`owned_modules` names."""
    files = []
    for name in owned_modules(root):
        path = _module_file(sys.modules.get(name))
        if path is not None:
            files.append(path)
    return sorted(set(files))


def _module_file(module: ModuleType | None) -> Path | None:
    location = getattr(module, "__file__", None)
    return Path(location).resolve() if isinstance(location, str) else None


def _module_root(module: ModuleType) -> Path | None:
    path = _module_file(module)
    if path is None:
        return None
    # A package's root is the directory holding its top-level package.
    for _ in range(module.__name__.count(".") + (path.name == "__init__.py")):
        path = path.parent
    return path.parent


def _load_file(spec: str, where: str) -> ModuleType:
    import importlib.util

    path = Path(where)
    if not path.is_file():
        hint = "" if path.suffix == ".py" else " (a module name needs no slashes: pkg.module)"
        raise UsageError(f"{spec}: no such file {where}{hint}")
    if path.suffix != ".py":
        raise UsageError(f"{spec}: {where} is not a .py file")
    path = path.resolve()
    name = path.stem
    if not name.isidentifier():
        raise UsageError(f"{spec}: {path.name} cannot be a module name; rename it")
    # Like `python file.py`: the file's directory comes first, so its sibling modules import.
    directory = str(path.parent)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    loaded = sys.modules.get(name)
    if loaded is not None:
        if _module_file(loaded) == path:
            return loaded
        raise UsageError(f"{spec}: module name {name!r} is taken by {loaded!r}; rename the file")
    module_spec = importlib.util.spec_from_file_location(name, path)
    loader = module_spec.loader if module_spec is not None else None
    if module_spec is None or loader is None:
        raise UsageError(f"{spec}: {where} cannot be imported")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    _run(spec, lambda: loader.exec_module(module), name)
    return module


def _load_module(spec: str, where: str) -> ModuleType:
    import importlib.util
    from importlib import import_module

    if not all(part.isidentifier() for part in where.split(".")):
        raise UsageError(f"{spec}: {where!r} is neither a module name nor a .py file")
    if where in sys.modules:
        return sys.modules[where]
    # Like `python -m`: modules of the current directory import.
    if "" not in sys.path and str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        found = _run(spec, lambda: importlib.util.find_spec(where), where)
    except AppImportError as error:
        missing = getattr(error.error, "name", None) or where
        if not isinstance(error.error, ModuleNotFoundError) or not (
            f"{where}.".startswith(f"{missing}.")
        ):
            raise  # the app's package is there but its own imports fail
        found = None
    if found is None:
        raise UsageError(
            f"{spec}: no module named {where} (run from the directory that holds it, "
            "or give the file path)"
        )
    module: ModuleType = _run(spec, lambda: import_module(where), where)
    return module


def _run(spec: str, load: Callable[[], Any], name: str) -> Any:
    try:
        return load()
    except Exception as error:
        sys.modules.pop(name, None)
        raise AppImportError(spec, error) from error


def _public_names(module: ModuleType) -> str:
    names = [n for n in vars(module) if not n.startswith("_")]
    return ", ".join(sorted(names)[:8]) or "nothing"
