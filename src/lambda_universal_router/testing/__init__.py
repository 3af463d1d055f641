"""Testing helpers: realistic events for every source, a fake Lambda context, an HTTP test client.

    from lambda_universal_router.testing import LambdaContext, sqs

    result = router.dispatch(sqs(["first", "second"], queue="orders"), LambdaContext())

    client = router.test_client(flavor="http")
    response = client.get("/users/1")
    assert response.status_code == 200 and response.json() == {"id": "1"}

Stdlib only, and never imported by the router itself: tests and the command line load it.
"""

from __future__ import annotations

from ._catalog import generate, names
from ._client import Headers, TestClient, TestResponse
from ._context import CognitoIdentity, LambdaContext
from ._factories import custom, dynamodb, eventbridge, kafka, kinesis, s3, scheduled, sns, sqs
from ._http_factory import FLAVORS, http

__all__ = [
    "CognitoIdentity",
    "FLAVORS",
    "Headers",
    "LambdaContext",
    "TestClient",
    "TestResponse",
    "custom",
    "dynamodb",
    "eventbridge",
    "generate",
    "http",
    "kafka",
    "kinesis",
    "names",
    "s3",
    "scheduled",
    "sns",
    "sqs",
]
