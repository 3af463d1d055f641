"""Lambda@Edge: CloudFront hands over a viewer or origin request, or the response to one.

CloudFront writes headers as ``{"host": [{"key": "Host", "value": "example.com"}]}``: lower-case
names, each with a list of entries keeping the original spelling. :class:`CloudFrontHeaders`
reads and writes that form like a dict of strings. Changes made through the typed objects go
into the event itself, so a handler can change the request and return it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import UNSET, Event, Record, listing, mapping
from ._fields import base64_bytes, text

EVENT_TYPES = ("viewer-request", "origin-request", "origin-response", "viewer-response")


class CloudFrontHeaders(MutableMapping[str, str]):
    """CloudFront's headers as a case-insensitive mapping of name to first value."""

    __slots__ = ("_raw",)

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw

    def __getitem__(self, name: str) -> str:
        values = self.get_all(name)
        if not values:
            raise KeyError(name)
        return values[0]

    def __setitem__(self, name: str, value: str) -> None:
        self._raw[name.lower()] = [{"key": name, "value": value}]

    def __delitem__(self, name: str) -> None:
        del self._raw[name.lower()]

    def __iter__(self) -> Iterator[str]:
        # A name whose entries hold no text value reads as absent: iteration agrees with lookups.
        return (name for name in self._raw if self.get_all(name))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def get_all(self, name: str) -> list[str]:
        """Every value of header ``name`` (``Set-Cookie`` and ``Cookie`` may have several)."""
        entries = self._raw.get(name.lower())
        if not isinstance(entries, list):
            return []
        return [e["value"] for e in entries if isinstance(e, dict) and type(e.get("value")) is str]

    def add(self, name: str, value: str) -> None:
        """Add a value to header ``name``, keeping the ones it has."""
        entries = self._raw.get(name.lower())
        if not isinstance(entries, list):
            entries = self._raw[name.lower()] = []
        entries.append({"key": name, "value": value})

    def __repr__(self) -> str:
        return f"CloudFrontHeaders({sorted(self._raw)!r})"


def to_cloudfront(headers: Mapping[str, str | Iterable[str]]) -> dict[str, Any]:
    """``{"Content-Type": "text/html"}`` in CloudFront's form (a list value: several entries)."""
    converted: dict[str, Any] = {}
    for name, value in headers.items():
        values = [value] if isinstance(value, str) else list(value)
        converted[name.lower()] = [{"key": name, "value": v} for v in values]
    return converted


class _Message(Record):
    __slots__ = ("_headers",)

    def __init__(self, raw_record: dict[str, Any]) -> None:
        super().__init__(raw_record)
        self._headers: Any = UNSET

    @property
    def headers(self) -> CloudFrontHeaders:
        """The headers; reading and writing them changes the event (see the module docs)."""
        if self._headers is UNSET:
            raw = self.raw_record.get("headers")
            if not isinstance(raw, dict):
                raw = self.raw_record["headers"] = {}
            self._headers = CloudFrontHeaders(raw)
        headers: CloudFrontHeaders = self._headers
        return headers


class CloudFrontRequest(_Message):
    """The viewer's request, or the request CloudFront is about to send to the origin."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("method", "uri")

    @property
    def client_ip(self) -> str | None:
        """The viewer's IP address (IPv4 or IPv6)."""
        return text(self.raw_record, "clientIp")

    @property
    def method(self) -> str | None:
        """The HTTP method of the viewer's request."""
        return text(self.raw_record, "method")

    @property
    def uri(self) -> str | None:
        """The path of the requested object; set it to fetch another object."""
        return text(self.raw_record, "uri")

    @uri.setter
    def uri(self, value: str) -> None:
        self.raw_record["uri"] = value

    @property
    def querystring(self) -> str | None:
        """The query string without ``?``, ``""`` when there is none; settable."""
        return text(self.raw_record, "querystring")

    @querystring.setter
    def querystring(self, value: str) -> None:
        self.raw_record["querystring"] = value

    @property
    def origin(self) -> dict[str, Any]:
        """The origin (``{"s3": {...}}`` or ``{"custom": {...}}``) of origin requests; a dict
        an origin-request handler may change to pick another origin."""
        return mapping(self.raw_record, "origin")

    @property
    def body(self) -> bytes | None:
        """The request body when the association includes it, decoded; None otherwise."""
        raw = mapping(self.raw_record, "body")
        if "data" not in raw:
            return None
        if raw.get("encoding") == "text":
            return str(raw["data"]).encode("utf-8")
        return base64_bytes(raw["data"], "request body data")

    @property
    def body_truncated(self) -> bool:
        """Whether CloudFront cut the body short (past 40 KB on viewer requests, 1 MB on origin
        requests)."""
        return mapping(self.raw_record, "body").get("inputTruncated") is True

    def replace_body(self, data: bytes | str) -> None:
        """Send ``data`` on as the request body instead of the viewer's."""
        from base64 import b64encode

        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.raw_record["body"] = {
            "action": "replace",
            "encoding": "base64",
            "data": b64encode(raw).decode("ascii"),
        }


class CloudFrontResponse(_Message):
    """The origin's response, or the one CloudFront is about to send the viewer."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("status",)

    @property
    def status(self) -> int | None:
        """The HTTP status code (CloudFront sends it as text); settable."""
        value = text(self.raw_record, "status")
        return int(value) if value is not None and value.isdigit() else None

    @status.setter
    def status(self, value: int) -> None:
        self.raw_record["status"] = str(value)

    @property
    def status_description(self) -> str | None:
        """The reason phrase, such as ``"OK"``; settable."""
        return text(self.raw_record, "statusDescription")

    @status_description.setter
    def status_description(self, value: str) -> None:
        self.raw_record["statusDescription"] = value


class CloudFrontEvent(Event):
    """One Lambda@Edge invocation: the distribution, the trigger, the request (and response)."""

    __slots__ = ("_request", "_response")
    _repr_fields: ClassVar[tuple[str, ...]] = ("event_type", "distribution_id", "request")

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._request: Any = UNSET
        self._response: Any = UNSET

    @property
    def cf(self) -> dict[str, Any]:
        """The ``cf`` object of the single record CloudFront sends."""
        records = listing(self.raw_event, "Records")
        first = records[0] if records and isinstance(records[0], dict) else {}
        return mapping(first, "cf")

    def _config(self, key: str) -> str | None:
        return text(mapping(self.cf, "config"), key)

    @property
    def event_type(self) -> str | None:
        """``viewer-request``, ``origin-request``, ``origin-response`` or ``viewer-response``."""
        return self._config("eventType")

    @property
    def distribution_id(self) -> str | None:
        """The id of the CloudFront distribution."""
        return self._config("distributionId")

    @property
    def distribution_domain_name(self) -> str | None:
        """The distribution's domain name, ``d111111abcdef8.cloudfront.net``."""
        return self._config("distributionDomainName")

    @property
    def request_id(self) -> str | None:
        """CloudFront's id of the viewer request (``x-amz-cf-id``)."""
        return self._config("requestId")

    @property
    def request(self) -> CloudFrontRequest:
        """The request; on response triggers, the one the response answers."""
        if self._request is UNSET:
            self._request = CloudFrontRequest(mapping(self.cf, "request"))
        request: CloudFrontRequest = self._request
        return request

    @property
    def response(self) -> CloudFrontResponse | None:
        """The response on ``origin-response`` and ``viewer-response`` triggers, else None."""
        if self._response is UNSET:
            raw = self.cf.get("response")
            self._response = CloudFrontResponse(raw) if isinstance(raw, dict) else None
        response: CloudFrontResponse | None = self._response
        return response

    def respond(
        self,
        status: int = 200,
        *,
        body: bytes | str | None = None,
        headers: Mapping[str, str | Iterable[str]] | None = None,
        status_description: str | None = None,
    ) -> dict[str, Any]:
        """A response generated at the edge, in CloudFront's shape: returned from a request
        trigger it answers the viewer without going to the origin (or the cache)."""
        from http import HTTPStatus

        if status_description is None:
            try:
                status_description = HTTPStatus(status).phrase
            except ValueError:
                status_description = ""
        answer: dict[str, Any] = {
            "status": str(status),
            "statusDescription": status_description,
            "headers": to_cloudfront(headers or {}),
        }
        if isinstance(body, bytes):
            from base64 import b64encode

            answer["body"] = b64encode(body).decode("ascii")
            answer["bodyEncoding"] = "base64"
        elif body is not None:
            answer["body"] = body
            answer["bodyEncoding"] = "text"
        return answer


FILTERS: dict[str, Predicate] = {
    "event_type": lambda wanted, event: event.event_type in wanted,
    "distribution_id": lambda wanted, event: event.distribution_id in wanted,
}


def event_types(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """The decorator's ``event_type=`` checked against CloudFront's four triggers."""
    from lambda_universal_router._filters import choices

    return choices("event_type", value, EVENT_TYPES)
