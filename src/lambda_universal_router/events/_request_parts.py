"""The request parts API Gateway's non-HTTP events share: headers and query string.

A WebSocket ``$connect`` and a Lambda authorizer's REQUEST both carry the caller's HTTP headers
and query string in the same fields; both event classes read them through this mixin.
"""

from __future__ import annotations

from typing import Any

from ._base import UNSET, text_list_mapping, text_mapping


class RequestParts:
    """Headers and query string of the request API Gateway received."""

    __slots__ = ()
    raw_event: dict[str, Any]
    #: Cache slot (``UNSET`` until read) that each subclass declares in its ``__slots__``.
    _headers: Any

    @property
    def headers(self) -> dict[str, str]:
        """The request headers, keys in lower case (``{}`` when there are none)."""
        if self._headers is UNSET:
            raw = text_mapping(self.raw_event, "headers")
            self._headers = {str(name).lower(): value for name, value in raw.items()}
        headers: dict[str, str] = self._headers
        return headers

    @property
    def multi_value_headers(self) -> dict[str, list[str]]:
        """The headers with every value of repeated ones, as API Gateway sent them."""
        return text_list_mapping(self.raw_event, "multiValueHeaders")

    @property
    def query_string_parameters(self) -> dict[str, str]:
        """The query string (last value of repeated names), ``{}`` if none."""
        return text_mapping(self.raw_event, "queryStringParameters")

    @property
    def multi_value_query_string_parameters(self) -> dict[str, list[str]]:
        """The query string with every value of repeated names."""
        return text_list_mapping(self.raw_event, "multiValueQueryStringParameters")
