"""``parent.include(child, prefix=...)``: one router's registrations added to another.

As FastAPI's ``include_router`` and Flask's blueprints do, the child's registrations are copied
when included, with their prefix, so registering on the child afterwards changes nothing in the
parent ("register first, include last"). What belongs to the child travels with each copy and
stays scoped to it: the child's middleware (before the route's own), its exception handlers
(tried before the parent's) and its CORS and compression settings (where the route has none).
"""

from __future__ import annotations

from lambda_universal_router._exceptions import (
    ConfigurationError,
    DuplicateHandlerError,
    RouterFrozenError,
)
from lambda_universal_router._registry import Registration, binds_parameters

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from lambda_universal_router._router import Router


def include(parent: Router, child: Router, prefix: str | None) -> None:
    """Add copies of ``child``'s registrations to ``parent``; HTTP paths go under ``prefix``.

    Raises :class:`ConfigurationError` naming both handlers on a conflict, before anything is
    added, and :class:`RouterFrozenError` once ``parent`` has dispatched.
    """
    if parent._dispatchers is not None:
        raise RouterFrozenError()
    if child is parent:
        raise ConfigurationError("A router cannot include itself")
    start = _check_prefix(prefix)
    copies = [
        _copy(parent, child, registration, start, len(parent._registrations) + offset)
        for offset, registration in enumerate(child._registrations)
    ]
    for registration in copies:
        _check_conflict(parent, registration)
    for registration in copies:
        if registration.source == "http":
            parent._routes().add(registration)
        elif registration.source == "custom":
            parent._custom = registration
        parent._registrations.append(registration)


def _check_prefix(prefix: object) -> str:
    if prefix is None:
        return ""
    from lambda_universal_router._http.routing import Template

    if not isinstance(prefix, str) or not prefix.startswith("/") or prefix.endswith("/"):
        raise ConfigurationError(
            f"include(prefix={prefix!r}): a prefix starts with '/' and does not end with one, "
            "such as '/books' or '/shops/{shop}'"
        )
    if Template(prefix).greedy:
        raise ConfigurationError(
            f"include(prefix={prefix!r}): a prefix cannot end in a greedy '{{name+}}' parameter"
        )
    return prefix


def _copy(
    parent: Router, child: Router, registration: Registration, prefix: str, index: int
) -> Registration:
    path = registration.path
    if path is not None and prefix:
        path = prefix if path.strip("/") == "" else prefix + path
    scoped = tuple(
        middleware
        for middleware, sources in child._middlewares
        if sources is None or registration.source in sources
    )
    copy = Registration(
        registration.source,
        registration.handler,
        index=index,
        filters=registration.filters,
        per_record=registration.per_record,
        concurrency=registration.concurrency,
        path=path,
        methods=registration.methods,
        status_code=registration.status_code,
        docs=registration.docs,
        middlewares=scoped + registration.middlewares,
        cors=child.cors if registration.cors is None else registration.cors,
        compress=child.compress if registration.compress is None else registration.compress,
    )
    if path != registration.path and (
        registration.binding is not None or binds_parameters(copy.handler, copy.path_names)
    ):
        # A typed handler binds its parameters by name: the prefix's ones are path ones now.
        from lambda_universal_router._typed.signature import bind

        bind(copy)
    else:
        copy.call = registration.target or registration.call
        copy.binding = registration.binding
    handlers = registration.exception_handlers
    if child._exception_handlers:
        handlers = (*handlers, dict(child._exception_handlers))
    copy.exception_handlers = handlers
    return copy


def _check_conflict(parent: Router, registration: Registration) -> None:
    if registration.source == "custom":
        if parent._custom is not None:
            raise DuplicateHandlerError(
                f"Only one custom handler can be registered: including {registration.name} "
                f"conflicts with {parent._custom.name}"
            )
        return
    if registration.source != "http" or parent._route_table is None:
        return
    from lambda_universal_router._http.routing import Template

    template = Template(registration.path)
    existing = parent._route_table.methods_for(template)
    if existing is None:
        return
    for method in registration.methods:
        taken = existing.routes.get(method.upper())
        if taken is not None:
            raise ConfigurationError(
                f"Including {registration.name} for {method} {template.text} conflicts with "
                f"{taken.registration.name} for {method} {taken.template.text}; give one of "
                "them another path, method or prefix"
            )
