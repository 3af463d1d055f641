"""``lambda-router template``: the HTTP API, its routes and its settings.

Each route becomes an event of the HTTP API (``HttpApi``) or the REST API (``Api``); with
``catch_all`` one route takes every request instead, so that the router answers 404, 405, OPTIONS
and HEAD as it does locally. REST APIs take every media type as binary, since the router decodes
base64 bodies itself. The router's CORS becomes the HTTP API's ``CorsConfiguration`` where the API
can say the same; otherwise preflight requests are routed to the function for the router to answer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .template import JSON, _Template, camel

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration


def write_routes(template: _Template, registrations: list[Registration]) -> None:
    """The API events for the HTTP routes, and the API's settings (binary types, CORS)."""
    rest = template.api == "rest"
    kind = "Api" if rest else "HttpApi"
    if rest:
        # The router decodes base64 request bodies itself: no per-type list is needed.
        template.globals["Api"] = {"BinaryMediaTypes": ["*/*"]}
    cors = _http_api_cors(template, registrations) if not rest else None
    if cors is not None:
        template.globals["HttpApi"] = {"CorsConfiguration": cors}
    if template.catch_all:
        if rest:
            template.event("AnyProxy", kind, {"Path": "/{proxy+}", "Method": "any"})
            template.event("AnyRoot", kind, {"Path": "/", "Method": "any"})
        else:
            template.event("Default", kind, {})  # no path and method: the $default route
        return
    preflights: dict[str, bool] = {}
    for registration in registrations:
        # API Gateway spells a greedy parameter {proxy+}; the router matches it by path anyway.
        path = re.sub(r"\{[^}/]+\+\}", "{proxy+}", registration.path or "/")
        methods = set(registration.methods)
        preflights[path] = preflights.get(path, False) or bool({"ANY", "OPTIONS"} & methods)
        for method in registration.methods:
            properties = {"Path": path, "Method": method.lower() if rest else method}
            template.event(_route_event(method, path), kind, properties)
    if cors is None and _has_cors(template, registrations):
        # The API cannot say what the router's CORS says: preflights go to the router.
        for path, answered in preflights.items():
            if not answered:
                method = "options" if rest else "OPTIONS"
                template.event(
                    _route_event("OPTIONS", path), kind, {"Path": path, "Method": method}
                )


def _route_event(method: str, path: str) -> str:
    return method.capitalize() + (camel(path) if path != "/" else "Root")


def _has_cors(template: _Template, registrations: list[Registration]) -> bool:
    return template.cors is not None or any(
        getattr(registration, "cors", None) for registration in registrations
    )


def _http_api_cors(template: _Template, registrations: list[Registration]) -> JSON | None:
    """The HTTP API's ``CorsConfiguration`` for the router's CORS, when the API can express it.

    It can for one router-wide setting of exact origins or ``*``; otherwise (per-route settings,
    ``https://*.example.com`` origins) the router answers the preflights itself.
    """
    cors = template.cors
    if cors is None or any(
        getattr(registration, "cors", None) is not None for registration in registrations
    ):
        return None
    origins = list(getattr(cors, "allow_origins", ()))
    if any("*" in origin and origin != "*" for origin in origins):
        return None
    methods = sorted({method for r in registrations for method in r.methods})
    configuration: JSON = {
        "AllowOrigins": origins,
        "AllowMethods": ["*"] if "ANY" in methods else [*methods, "OPTIONS"],
    }
    if getattr(cors, "allow_headers", ()):
        configuration["AllowHeaders"] = list(cors.allow_headers)
    if getattr(cors, "expose_headers", ()):
        configuration["ExposeHeaders"] = list(cors.expose_headers)
    if getattr(cors, "allow_credentials", False):
        configuration["AllowCredentials"] = True
    if getattr(cors, "max_age", None) is not None:
        configuration["MaxAge"] = int(cors.max_age)
    return configuration
