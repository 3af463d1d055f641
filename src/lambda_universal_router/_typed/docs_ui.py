"""Swagger UI for a router: a page that loads its assets from a CDN, and the document it shows."""

from __future__ import annotations

import html
import json
import posixpath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambda_universal_router._router import Router

#: Where the Swagger UI page loads ``swagger-ui.css`` and ``swagger-ui-bundle.js`` from.
DEFAULT_ASSETS = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{url: {url}, dom_id: "#swagger-ui"}});
</script>
</body>
</html>
"""


def enable(
    router: Router,
    *,
    path: str,
    openapi_path: str,
    title: str,
    version: str,
    assets_url: str,
) -> None:
    """Register the page at ``path`` and the document at ``openapi_path`` on ``router``."""
    from lambda_universal_router._http.response import Response

    # Relative, so the page finds the document behind a stage or base path prefix too.
    url = posixpath.relpath(openapi_path, posixpath.dirname(path.rstrip("/")) or "/")
    page = _PAGE.format(
        title=html.escape(title),
        assets=html.escape(assets_url.rstrip("/"), quote=True),
        url=json.dumps(url).replace("<", "\\u003c"),
    )
    built: list[dict[str, Any]] = []

    def openapi_document() -> dict[str, Any]:
        """The OpenAPI document, built on first request (every route is registered by then)."""
        if not built:
            built.append(router.openapi(title=title, version=version))
        return built[0]

    def docs_page(event: Any, context: Any) -> Response:
        return Response(200, page, content_type="text/html; charset=utf-8")

    def openapi_json(event: Any, context: Any) -> Response:
        return Response(200, openapi_document(), content_type="application/json")

    router.route(path, ("GET",), include_in_schema=False)(docs_page)
    router.route(openapi_path, ("GET",), include_in_schema=False)(openapi_json)
