"""S3 Object Lambda: a GetObject, HeadObject or ListObjects call through an Object Lambda access
point, for the function to answer in place of S3.

GetObject is answered out of band: the function sends the (transformed) object with the S3 API
``WriteGetObjectResponse``, using the route and token of the event. HeadObject and ListObjects
are answered with the function's return value. The helpers here build either answer; only
:meth:`S3ObjectLambdaEvent.write_response` calls AWS, through boto3 (the ``aws`` extra), which
it imports when called.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from lambda_universal_router._exceptions import InvalidEventError
from lambda_universal_router._selection import Predicate

from ._base import Event, mapping
from ._fields import text

#: Event key -> the S3 operation the caller made.
CONTEXTS = {
    "getObjectContext": "GetObject",
    "headObjectContext": "HeadObject",
    "listObjectsContext": "ListObjects",
    "listObjectsV2Context": "ListObjectsV2",
}
OPERATIONS = frozenset(CONTEXTS.values())


class S3ObjectLambdaEvent(Event):
    """The caller's request, where to read the original, and where the answer goes."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("operation", "x_amz_request_id")

    @property
    def x_amz_request_id(self) -> str | None:
        """The id of the caller's request to S3 Object Lambda."""
        return text(self.raw_event, "xAmzRequestId")

    @property
    def protocol_version(self) -> str | None:
        """The version of this event's format."""
        return text(self.raw_event, "protocolVersion")

    @property
    def operation(self) -> str | None:
        """``"GetObject"``, ``"HeadObject"``, ``"ListObjects"`` or ``"ListObjectsV2"``."""
        for key, operation in CONTEXTS.items():
            if key in self.raw_event:
                return operation
        return None

    def _context(self) -> dict[str, Any]:
        for key in CONTEXTS:
            if key in self.raw_event:
                return mapping(self.raw_event, key)
        return {}

    @property
    def input_s3_url(self) -> str | None:
        """A pre-signed URL that reads the original from the supporting access point."""
        return text(self._context(), "inputS3Url")

    @property
    def output_route(self) -> str | None:
        """The route ``WriteGetObjectResponse`` must be sent to (GetObject only)."""
        return text(mapping(self.raw_event, "getObjectContext"), "outputRoute")

    @property
    def output_token(self) -> str | None:
        """The token pairing ``WriteGetObjectResponse`` with this request (GetObject only)."""
        return text(mapping(self.raw_event, "getObjectContext"), "outputToken")

    @property
    def access_point_arn(self) -> str | None:
        """The ARN of the Object Lambda access point the caller used."""
        return text(mapping(self.raw_event, "configuration"), "accessPointArn")

    @property
    def supporting_access_point_arn(self) -> str | None:
        """The ARN of the S3 access point behind it, which holds the originals."""
        return text(mapping(self.raw_event, "configuration"), "supportingAccessPointArn")

    @property
    def payload(self) -> str | None:
        """The text configured on the access point for the function (``FunctionPayload``)."""
        return text(mapping(self.raw_event, "configuration"), "payload")

    @property
    def user_request_url(self) -> str | None:
        """The URL the caller requested from the Object Lambda access point."""
        return text(mapping(self.raw_event, "userRequest"), "url")

    @property
    def user_request_headers(self) -> dict[str, Any]:
        """The headers of the caller's request, as sent (``Range`` included)."""
        return mapping(mapping(self.raw_event, "userRequest"), "headers")

    @property
    def user_identity(self) -> dict[str, Any]:
        """Who made the request, in CloudTrail's ``userIdentity`` form."""
        return mapping(self.raw_event, "userIdentity")

    def response_parameters(
        self, body: Any = None, *, status_code: int = 200, **fields: Any
    ) -> dict[str, Any]:
        """The keyword arguments of boto3's ``write_get_object_response`` for this request.

        ``fields`` are further parameters of that API, such as ``ContentType``, ``ErrorCode``,
        ``ErrorMessage`` or ``Metadata``.
        """
        if self.output_route is None or self.output_token is None:
            raise InvalidEventError(
                f"A {self.operation} request has no getObjectContext to answer with "
                "WriteGetObjectResponse; return head_response() or list_response() instead"
            )
        parameters: dict[str, Any] = {
            "RequestRoute": self.output_route,
            "RequestToken": self.output_token,
            "StatusCode": status_code,
        }
        if body is not None:
            parameters["Body"] = body
        parameters.update(fields)
        return parameters

    def write_response(
        self, body: Any = None, *, status_code: int = 200, client: Any = None, **fields: Any
    ) -> dict[str, int]:
        """Send the GetObject answer with ``WriteGetObjectResponse`` and return what the
        function should return. ``client`` defaults to ``boto3.client("s3")``.
        """
        parameters = self.response_parameters(body, status_code=status_code, **fields)
        if client is None:
            from importlib import import_module

            client = import_module("boto3").client("s3")
        client.write_get_object_response(**parameters)
        return {"status_code": status_code}

    def head_response(
        self,
        status_code: int = 200,
        *,
        headers: Mapping[str, Any] | None = None,
        metadata: Mapping[str, str] | None = None,
        error_code: str | None = None,
        error_message: str | None = None,
    ) -> dict[str, Any]:
        """The answer to a HeadObject request: status, object headers, user metadata."""
        answer: dict[str, Any] = {"statusCode": status_code}
        if headers is not None:
            answer["headers"] = dict(headers)
        if metadata is not None:
            answer["metadata"] = dict(metadata)
        return _with_error(answer, error_code, error_message)

    def list_response(
        self,
        status_code: int = 200,
        *,
        xml: str | None = None,
        result: Mapping[str, Any] | None = None,
        error_code: str | None = None,
        error_message: str | None = None,
    ) -> dict[str, Any]:
        """The answer to a ListObjects(V2) request: the listing as S3's XML, or as a
        ``listBucketResult`` dict that S3 Object Lambda turns into XML.
        """
        answer: dict[str, Any] = {"statusCode": status_code}
        if xml is not None:
            answer["listResultXml"] = xml
        if result is not None:
            answer["listBucketResult"] = dict(result)
        return _with_error(answer, error_code, error_message)


def _with_error(
    answer: dict[str, Any], error_code: str | None, error_message: str | None
) -> dict[str, Any]:
    if error_code is not None:
        answer["errorCode"] = error_code
    if error_message is not None:
        answer["errorMessage"] = error_message
    return answer


def _access_point(wanted: frozenset[str], event: S3ObjectLambdaEvent) -> bool:
    arn = event.access_point_arn or ""
    return arn in wanted or arn.rsplit("/", 1)[-1] in wanted


FILTERS: dict[str, Predicate] = {
    "operation": lambda wanted, event: event.operation in wanted,
    "access_point": _access_point,
}


def operations(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """The decorator's ``operation=`` checked against the four S3 Object Lambda serves."""
    from lambda_universal_router._exceptions import ConfigurationError
    from lambda_universal_router._filters import names

    wanted = names("operation", value)
    if wanted is not None and not wanted <= OPERATIONS:
        unknown = ", ".join(sorted(wanted - OPERATIONS))
        known = ", ".join(sorted(OPERATIONS))
        raise ConfigurationError(f"operation= takes {known}, not {unknown}")
    return wanted
