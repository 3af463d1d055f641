"""HTTP path templates and the route table: checked when registered, matched segment by segment.

A template such as ``/users/{id}/files/{path+}`` is a list of segments, each static text, a
``{name}`` parameter (one non-empty segment) or, last only, a ``{name+}`` greedy parameter (one or
more segments). Registered routes form a tree; each node holds a dict of static children, one
parameter child and one greedy endpoint, tried in that order at every segment with backtracking.
So the most specific route wins whatever the registration order, and a lookup costs time in
proportion to the depth of the path, not the number of routes.

Paths are compared after percent-decoding; the trailing slash is not significant (``/users/`` and
``/users`` are one route). Templates are compiled when registered, so a bad template or a duplicate
route fails at import time, not on the first request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lambda_universal_router._exceptions import DuplicateRouteError, InvalidRouteError

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration

#: Methods in the order ``Allow`` headers list them; others follow alphabetically.
_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_NAME_PUNCTUATION = frozenset("_-.")


class Template:
    """A parsed path template: its segments, parameter names and equivalence key."""

    __slots__ = ("greedy", "key", "names", "param_positions", "segments", "text")

    def __init__(self, text: object) -> None:
        segments, names, positions, greedy = _parse(text)
        #: The template as registered, without its trailing slash.
        self.text = "/" + "/".join(segments) if segments else "/"
        #: Each segment: static text (decoded), or the ``{name}`` / ``{name+}`` as written.
        self.segments = segments
        #: Parameter names in path order (the greedy one last).
        self.names = names
        #: Index in ``segments`` of each parameter.
        self.param_positions = positions
        #: Whether the last segment is ``{name+}``.
        self.greedy = greedy
        #: Equal for templates that match the same paths (``/users/{id}`` and ``/users/{uid}``).
        self.key = "/" + "/".join(
            ("{+}" if greedy and i == len(segments) - 1 else "{}") if i in positions else part
            for i, part in enumerate(segments)
        )


def _parse(text: object) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...], bool]:
    path = _checked_path(text)
    body = path[1:-1] if path.endswith("/") and len(path) > 1 else path[1:]
    parts = body.split("/") if body else []
    segments: list[str] = []
    names: list[str] = []
    positions: list[int] = []
    greedy = False
    for index, part in enumerate(parts):
        if greedy:
            raise InvalidRouteError(
                path, f"'{{{names[-1]}+}}' matches the rest of the path, so it must be last"
            )
        if not part:
            raise InvalidRouteError(path, "empty segment ('//'); remove the doubled '/'")
        if "{" not in part and "}" not in part:
            segments.append(_decode(part) if "%" in part else part)
            continue
        name, greedy = _parameter(path, part)
        if name in names:
            raise InvalidRouteError(path, f"parameter {name!r} appears twice; rename one")
        names.append(name)
        positions.append(index)
        segments.append(part)
    return tuple(segments), tuple(names), tuple(positions), greedy


def _checked_path(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidRouteError(repr(text), "a route path must be a string such as '/users/{id}'")
    if not text.startswith("/"):
        raise InvalidRouteError(text, f"a route path must start with '/' (write '/{text}')")
    for char in "?#":
        if char in text:
            raise InvalidRouteError(
                text,
                f"{char!r} cannot appear in a route path; query parameters are read from "
                "event.query_string_parameters, not matched",
            )
    return text


def _parameter(path: str, part: str) -> tuple[str, bool]:
    """The name of the parameter segment ``part`` (``{name}`` or ``{name+}``), and if greedy."""
    if part.count("{") != part.count("}"):
        raise InvalidRouteError(path, f"unbalanced braces in segment {part!r}")
    if not (part.startswith("{") and part.endswith("}")) or part.count("{") != 1:
        raise InvalidRouteError(
            path,
            f"a parameter must be a whole segment such as '{{name}}', not part of {part!r}",
        )
    name = part[1:-1]
    greedy = name.endswith("+")
    if greedy:
        name = name[:-1]
    if not name or not all(char.isalnum() or char in _NAME_PUNCTUATION for char in name):
        raise InvalidRouteError(
            path,
            f"invalid parameter name in {part!r}: use letters, digits, '_', '-' or '.'",
        )
    return name, greedy


def _decode(segment: str) -> str:
    from urllib.parse import unquote

    return unquote(segment)


class Route:
    """One handler on one method of one template, as the dispatcher calls it."""

    __slots__ = (
        "chain",
        "compress",
        "cors",
        "depth",
        "handler",
        "last",
        "method",
        "names",
        "offsets",
        "registration",
        "template",
    )

    def __init__(self, registration: Registration, method: str, template: Template) -> None:
        self.registration = registration
        self.handler: Callable[..., Any] = registration.call
        #: Set when the router compiles, for routes with middleware, CORS, compression or
        #: exception handlers of their own: the chain answering ``Response`` objects, and what
        #: is applied to its answer. None keeps the direct call of ``handler``.
        self.chain: Callable[[Any, Any], Any] | None = None
        self.cors: Any = None
        self.compress: Any = None
        #: The method as registered (``"ANY"`` for every method).
        self.method = method
        self.template = template
        #: Parameter names, in the order ``match`` returns their values.
        self.names = template.names
        #: Each parameter name with its position counted from the end of the path (-1: last).
        self.offsets = tuple(
            (name, i - len(template.segments))
            for name, i in zip(template.names, template.param_positions, strict=True)
        )
        #: Number of segments in the template.
        self.depth = len(template.segments)
        #: The parameter's name when it is the only one and the last segment (``/items/{id}``).
        self.last = (
            self.offsets[0][0] if len(self.offsets) == 1 and self.offsets[0][1] == -1 else None
        )

    def __repr__(self) -> str:
        return f"<Route {self.method} {self.template.text} -> {self.registration.name}>"


class Methods:
    """The routes of one template, by method, with HEAD falling back to GET."""

    __slots__ = ("any", "routes", "table")

    def __init__(self) -> None:
        #: Routes by the method they were registered for, ``"ANY"`` included.
        self.routes: dict[str, Route] = {}
        self.table: dict[str, Route] = {}
        self.any: Route | None = None

    def add(self, route: Route) -> None:
        self.routes[route.method] = route
        table = {method: r for method, r in self.routes.items() if method != "ANY"}
        if "HEAD" not in table and "GET" in table:
            table["HEAD"] = table["GET"]
        self.table = table
        self.any = self.routes.get("ANY")

    def find(self, method: str) -> Route | None:
        """The route for ``method``: registered for it, else GET for HEAD, else ANY."""
        return self.table.get(method) or self.any


class _Node:
    __slots__ = ("endpoint", "greedy", "param", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.greedy: Methods | None = None
        self.endpoint: Methods | None = None


class RouteTable:
    """Every HTTP route of a router, compiled into a tree as routes are added."""

    __slots__ = ("_by_key", "_root", "by_template")

    def __init__(self) -> None:
        self._root = _Node()
        self._by_key: dict[str, Methods] = {}
        #: Routes of non-greedy templates by their exact text, for events in which API Gateway
        #: already resolved the route (REST ``resource``, HTTP API ``routeKey``).
        self.by_template: dict[str, Methods] = {}

    def add(self, registration: Registration) -> None:
        """Compile ``registration``'s template into the tree, one route per method.

        Raises :class:`InvalidRouteError` for a template that cannot be parsed and
        :class:`DuplicateRouteError` when a method is already registered on an equivalent one.
        """
        template = Template(registration.path)
        methods = tuple(method.upper() for method in registration.methods or ("GET",))
        existing = self._by_key.get(template.key)
        for method in methods:
            if not method.isalpha():
                raise InvalidRouteError(
                    template.text, f"{method!r} is not an HTTP method (use e.g. 'GET' or 'ANY')"
                )
            if existing is not None and method in existing.routes:
                raise DuplicateRouteError(
                    method, existing.routes[method].template.text, registration.path or ""
                )
        if len(set(methods)) != len(methods):
            raise InvalidRouteError(template.text, f"a method is listed twice in {methods!r}")
        endpoint = self._endpoint(template)
        exact = None if template.greedy else self.by_template.setdefault(template.text, Methods())
        for method in methods:
            route = Route(registration, method, template)
            endpoint.add(route)
            if exact is not None:
                exact.add(route)

    def _endpoint(self, template: Template) -> Methods:
        endpoint = self._by_key.get(template.key)
        if endpoint is not None:
            return endpoint
        node = self._root
        last = len(template.segments) - 1
        for index, segment in enumerate(template.segments):
            if index not in template.param_positions:
                node = node.static.setdefault(segment, _Node())
            elif template.greedy and index == last:
                node.greedy = endpoint = Methods()
                self._by_key[template.key] = endpoint
                return endpoint
            else:
                if node.param is None:
                    node.param = _Node()
                node = node.param
        node.endpoint = endpoint = Methods()
        self._by_key[template.key] = endpoint
        return endpoint

    def methods_for(self, template: Template) -> Methods | None:
        """The routes registered on templates equivalent to ``template``, if any."""
        return self._by_key.get(template.key)

    def every_route(self) -> list[Route]:
        """Every route of the table, one per method of each registration."""
        return [route for methods in self._by_key.values() for route in methods.routes.values()]

    def match(self, segments: list[str], method: str) -> tuple[Route, list[str]] | None:
        """The most specific route for ``method`` on the decoded ``segments``, with the values
        of its parameters in order; None when no template matches with that method."""
        values: list[str] = []
        route = _find(self._root, segments, 0, method, values)
        return None if route is None else (route, values)

    def allowed(self, segments: list[str]) -> list[str]:
        """Methods some template matching ``segments`` accepts (empty: the path is unknown)."""
        found: set[str] = set()
        _collect(self._root, segments, 0, found)
        if "GET" in found:
            found.add("HEAD")
        return sorted(found, key=_method_rank)


def _method_rank(method: str) -> tuple[int, str]:
    rank = _METHOD_ORDER.index(method) if method in _METHOD_ORDER else len(_METHOD_ORDER)
    return rank, method


def _find(
    node: _Node, segments: list[str], index: int, method: str, values: list[str]
) -> Route | None:
    if index == len(segments):
        endpoint = node.endpoint
        return None if endpoint is None else endpoint.find(method)
    segment = segments[index]
    child = node.static.get(segment)
    if child is not None:
        route = _find(child, segments, index + 1, method, values)
        if route is not None:
            return route
    if not segment:
        return None
    child = node.param
    if child is not None:
        values.append(segment)
        route = _find(child, segments, index + 1, method, values)
        if route is not None:
            return route
        values.pop()
    greedy = node.greedy
    if greedy is not None:
        route = greedy.find(method)
        if route is not None:
            values.append("/".join(segments[index:]))
            return route
    return None


def _collect(node: _Node, segments: list[str], index: int, found: set[str]) -> None:
    if index == len(segments):
        if node.endpoint is not None:
            found.update(node.endpoint.routes)
        return
    segment = segments[index]
    child = node.static.get(segment)
    if child is not None:
        _collect(child, segments, index + 1, found)
    if segment:
        if node.param is not None:
            _collect(node.param, segments, index + 1, found)
        if node.greedy is not None:
            found.update(node.greedy.routes)
