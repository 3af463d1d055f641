"""Realistic events for APIs, identity and conversations: WebSocket APIs, API Gateway Lambda
authorizers, Cognito User Pool triggers (in ``_factories_cognito``), AppSync resolvers, Lex
bots, Bedrock agents and Amazon Connect contact flows.

Each factory returns the dict Lambda would pass to the function, shaped after the example events
in the AWS developer guide of the service, with every field AWS sends and plain Python keyword
arguments for the parts a test cares about. ``CATALOG`` maps ``"source"`` and ``"source:variant"``
to a zero-argument factory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from ._factories_cognito import SUB, cognito, trigger_sources
from ._shapes import ACCOUNT, JSON, REGION, clf, now, request_id, text, token

__all__ = [
    "CATALOG",
    "appsync",
    "appsync_batch",
    "authorizer",
    "bedrock_agent",
    "cognito",
    "connect",
    "lex",
    "websocket",
]


def _short_id() -> str:
    """The 16-character ids API Gateway gives WebSocket connections and requests."""
    return token(15) + "="


# --- API Gateway WebSocket -----------------------------------------------------------------------

_EVENT_TYPES = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}


def websocket(
    route_key: str = "$default",
    body: Any = None,
    *,
    connection_id: str | None = None,
    stage: str = "production",
    api_id: str = "abcdef1234",
    domain_name: str | None = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    authorizer: Mapping[str, Any] | None = None,
    source_ip: str = "203.0.113.25",
    region: str = REGION,
) -> JSON:
    """A WebSocket API event: ``$connect``, ``$disconnect``, or a message on ``route_key``.

    ``body`` (messages) is sent as text: strings unchanged, anything else as JSON. ``headers`` and
    ``query`` are the handshake's (``$connect``); ``authorizer`` is what a ``$connect`` authorizer
    returned.
    """
    moment = now()
    host = domain_name or f"{api_id}.execute-api.{region}.amazonaws.com"
    event_type = _EVENT_TYPES.get(route_key, "MESSAGE")
    context: JSON = {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": _short_id(),
        "requestTime": clf(moment),
        "messageDirection": "IN",
        "stage": stage,
        "connectedAt": int(moment * 1000) - 5000,
        "requestTimeEpoch": int(moment * 1000),
        "identity": {"sourceIp": source_ip},
        "requestId": _short_id(),
        "domainName": host,
        "connectionId": connection_id or _short_id(),
        "apiId": api_id,
    }
    if authorizer is not None:
        context["authorizer"] = dict(authorizer)
    event: JSON = {"requestContext": context, "isBase64Encoded": False}
    if event_type == "MESSAGE":
        context["messageId"] = _short_id()
        event["body"] = text(body if body is not None else {"action": route_key})
        return event
    if event_type == "CONNECT":
        context["identity"]["userAgent"] = "Mozilla/5.0 (X11; Linux x86_64) websocket-client"
        sent = {
            "Host": host,
            "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
            "Sec-WebSocket-Key": token(22) + "==",
            "Sec-WebSocket-Version": "13",
            "X-Amzn-Trace-Id": f"Root=1-{int(moment):08x}-{request_id().replace('-', '')[:24]}",
            "X-Forwarded-For": source_ip,
            "X-Forwarded-Port": "443",
            "X-Forwarded-Proto": "https",
            **(headers or {}),
        }
        if query:
            event["queryStringParameters"] = dict(query)
            event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    else:
        context["disconnectStatusCode"] = 1001
        context["disconnectReason"] = "Client-side close frame status not set"
        sent = {"Host": host, "X-Forwarded-For": source_ip, **(headers or {})}
    event["headers"] = sent
    event["multiValueHeaders"] = {name: [value] for name, value in sent.items()}
    return event


# --- API Gateway Lambda authorizers ---------------------------------------------------------------


def authorizer(
    kind: str = "token",
    *,
    token: str = "Bearer allow-me",
    method: str = "GET",
    path: str = "/orders/42",
    resource: str | None = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    api_id: str = "abcdef123",
    stage: str = "prod",
    source_ip: str = "203.0.113.25",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """An authorizer event: ``kind`` is ``"token"``, ``"request"`` (REST), ``"websocket"``
    (REQUEST on ``$connect``), ``"http"`` (HTTP API payload 2.0) or ``"http_v1"`` (payload 1.0).

    ``token`` is what the caller sent in the ``Authorization`` header (the identity source);
    ``resource`` is the REST resource template (default: ``path``).
    """
    moment = now()
    prefix = f"arn:aws:execute-api:{region}:{account}:{api_id}/{stage}"
    template = resource or path
    if kind == "token":
        return {
            "type": "TOKEN",
            "authorizationToken": token,
            "methodArn": f"{prefix}/{method}/{path.lstrip('/')}",
        }
    sent = {"Authorization": token, "User-Agent": "curl/8.4.0", **(headers or {})}
    if kind == "websocket":
        connect = websocket(
            "$connect",
            stage=stage,
            api_id=api_id,
            headers=sent,
            query=query,
            source_ip=source_ip,
            region=region,
        )
        return {
            "type": "REQUEST",
            "methodArn": f"{prefix}/$connect",
            "stageVariables": {},
            **connect,
        }
    if kind == "http":
        lowered = {name.lower(): value for name, value in sent.items()}
        return {
            "version": "2.0",
            "type": "REQUEST",
            "routeArn": f"{prefix}/{method}/{template.lstrip('/')}",
            "identitySource": [token],
            "routeKey": f"{method} {template}",
            "rawPath": path,
            "rawQueryString": "&".join(f"{k}={v}" for k, v in (query or {}).items()),
            "headers": lowered,
            "queryStringParameters": dict(query or {}),
            "requestContext": {
                "accountId": account,
                "apiId": api_id,
                "domainName": f"{api_id}.execute-api.{region}.amazonaws.com",
                "domainPrefix": api_id,
                "http": {
                    "method": method,
                    "path": path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": source_ip,
                    "userAgent": lowered["user-agent"],
                },
                "requestId": _short_id(),
                "routeKey": f"{method} {template}",
                "stage": stage,
                "time": clf(moment),
                "timeEpoch": int(moment * 1000),
            },
            "pathParameters": {},
            "stageVariables": {},
        }
    context: JSON = {
        "path": f"/{stage}{path}",
        "accountId": account,
        "resourceId": "05c7jb",
        "stage": stage,
        "requestId": request_id(),
        "identity": {"sourceIp": source_ip, "userAgent": sent["User-Agent"]},
        "resourcePath": template,
        "httpMethod": method,
        "apiId": api_id,
    }
    event: JSON = {
        "type": "REQUEST",
        "methodArn": f"{prefix}/{method}/{path.lstrip('/')}",
        "resource": template,
        "path": path,
        "httpMethod": method,
        "headers": sent,
        "multiValueHeaders": {name: [value] for name, value in sent.items()},
        "queryStringParameters": dict(query or {}),
        "multiValueQueryStringParameters": {k: [v] for k, v in (query or {}).items()},
        "pathParameters": {},
        "stageVariables": {},
        "requestContext": context,
    }
    if kind == "http_v1":
        event.update(version="1.0", identitySource=token, authorizationToken=token)
    elif kind != "request":
        raise ValueError(
            f"authorizer kind {kind!r}: use 'token', 'request', 'websocket', 'http' or 'http_v1'"
        )
    return event


# --- AppSync direct Lambda resolvers --------------------------------------------------------------


def _appsync_identity(kind: str | Mapping[str, Any], region: str) -> JSON | None:
    if not isinstance(kind, str):
        return dict(kind)
    if kind == "api_key":
        return None
    if kind == "iam":
        return {
            "accountId": ACCOUNT,
            "cognitoIdentityAuthProvider": None,
            "cognitoIdentityAuthType": None,
            "cognitoIdentityId": None,
            "cognitoIdentityPoolId": None,
            "sourceIp": ["203.0.113.25"],
            "userArn": f"arn:aws:sts::{ACCOUNT}:assumed-role/caller/session",
            "username": "AROAEXAMPLEROLEID:session",
        }
    if kind == "cognito":
        issuer = f"https://cognito-idp.{region}.amazonaws.com/{region}_EXAMPLE"
        claims = {"sub": SUB, "iss": issuer, "cognito:username": "jane-doe", "token_use": "id"}
        return {
            "claims": {**claims, "email": "jane@example.com"},
            "defaultAuthStrategy": "ALLOW",
            "groups": None,
            "issuer": issuer,
            "sourceIp": ["203.0.113.25"],
            "sub": SUB,
            "username": "jane-doe",
        }
    raise ValueError(f"AppSync identity {kind!r}: use 'cognito', 'iam', 'api_key' or a dict")


def appsync(
    field_name: str = "getPost",
    type_name: str = "Query",
    arguments: Mapping[str, Any] | None = None,
    *,
    source: Mapping[str, Any] | None = None,
    identity: str | Mapping[str, Any] = "cognito",
    headers: Mapping[str, str] | None = None,
    selection: list[str] | None = None,
    variables: Mapping[str, Any] | None = None,
    prev: Any = None,
    stash: Mapping[str, Any] | None = None,
    region: str = REGION,
) -> JSON:
    """The resolver context AppSync sends a direct Lambda resolver for ``type_name.field_name``.

    ``identity`` is ``"cognito"``, ``"iam"``, ``"api_key"`` (no identity) or the map itself;
    ``source`` is the parent object; ``prev`` the previous pipeline function's result.
    """
    fields = selection or ["id"]
    sent = {
        "content-type": "application/json",
        "host": f"abcdefghijklmnopqrstuvwxyz.appsync-api.{region}.amazonaws.com",
        "x-forwarded-for": "203.0.113.25",
        **(headers or {}),
    }
    return {
        "arguments": dict(arguments or {}),
        "identity": _appsync_identity(identity, region),
        "source": dict(source) if source is not None else None,
        "request": {"headers": sent, "domainName": None},
        "prev": None if prev is None else {"result": prev},
        "info": {
            "selectionSetList": fields,
            "selectionSetGraphQL": "{\n" + "".join(f"  {f}\n" for f in fields) + "}",
            "parentTypeName": type_name,
            "fieldName": field_name,
            "variables": dict(variables or {}),
        },
        "stash": dict(stash or {}),
    }


def appsync_batch(
    field_name: str = "relatedPosts",
    type_name: str = "Post",
    sources: list[Mapping[str, Any]] | None = None,
    **options: Any,
) -> list[JSON]:
    """A batched invocation: one resolver context per parent object in ``sources``."""
    parents = sources if sources is not None else [{"id": "post-1"}, {"id": "post-2"}]
    return [appsync(field_name, type_name, source=parent, **options) for parent in parents]


# --- Amazon Lex -----------------------------------------------------------------------------------


def _lex_v2_slot(value: str | None) -> JSON | None:
    if value is None:
        return None
    shown = {"originalValue": value, "interpretedValue": value, "resolvedValues": [value]}
    return {"shape": "Scalar", "value": shown}


def lex(
    intent: str = "OrderFlowers",
    slots: Mapping[str, str | None] | None = None,
    *,
    version: int = 2,
    invocation_source: str = "DialogCodeHook",
    transcript: str = "I would like to order some roses",
    session_attributes: Mapping[str, str] | None = None,
    confirmation: str = "None",
    bot: str = "OrderFlowersBot",
) -> JSON:
    """A Lex V2 (``version=2``) or V1 code hook event for ``intent`` with slot values as text."""
    values = dict(slots if slots is not None else {"FlowerType": "roses", "PickupDate": None})
    attributes = dict(session_attributes or {})
    if version == 1:
        return {
            "currentIntent": {
                "name": intent,
                "slots": values,
                "slotDetails": {
                    name: {"resolutions": [{"value": v}] if v else [], "originalValue": v}
                    for name, v in values.items()
                },
                "confirmationStatus": confirmation,
            },
            "bot": {"name": bot, "alias": "Prod", "version": "1"},
            "userId": "user-" + token(6),
            "inputTranscript": transcript,
            "invocationSource": invocation_source,
            "outputDialogMode": "Text",
            "messageVersion": "1.0",
            "sessionAttributes": attributes,
            "requestAttributes": None,
        }
    state = "ReadyForFulfillment" if invocation_source == "FulfillmentCodeHook" else "InProgress"
    shaped_intent = {
        "confirmationState": confirmation,
        "name": intent,
        "slots": {name: _lex_v2_slot(v) for name, v in values.items()},
        "state": state,
    }
    return {
        "messageVersion": "1.0",
        "invocationSource": invocation_source,
        "inputMode": "Text",
        "responseContentType": "text/plain; charset=utf-8",
        "sessionId": str(int(now() * 1000)),
        "inputTranscript": transcript,
        "bot": {
            "id": "ABCDEFGHIJ",
            "name": bot,
            "aliasId": "TSTALIASID",
            "aliasName": "TestBotAlias",
            "localeId": "en_US",
            "version": "DRAFT",
        },
        "interpretations": [
            {
                "intent": shaped_intent,
                "nluConfidence": {"score": 0.92},
                "interpretationSource": "Lex",
            }
        ],
        "sessionState": {
            "sessionAttributes": attributes,
            "activeContexts": [],
            "intent": shaped_intent,
            "originatingRequestId": request_id(),
        },
        "requestAttributes": {},
    }


# --- Agents for Amazon Bedrock --------------------------------------------------------------------


def _agent_parameter(name: str, value: Any) -> JSON:
    if isinstance(value, bool):
        return {"name": name, "type": "boolean", "value": str(value).lower()}
    if isinstance(value, int):
        return {"name": name, "type": "integer", "value": str(value)}
    if isinstance(value, float):
        return {"name": name, "type": "number", "value": str(value)}
    if isinstance(value, (list, tuple)):
        return {"name": name, "type": "array", "value": text(list(value))}
    return {"name": name, "type": "string", "value": str(value)}


def bedrock_agent(
    api_path: str | None = "/orders/{orderId}",
    http_method: str = "GET",
    parameters: Mapping[str, Any] | None = None,
    *,
    function: str | None = None,
    body: Mapping[str, Any] | None = None,
    action_group: str = "OrdersActionGroup",
    input_text: str = "Where is my order?",
    session_attributes: Mapping[str, str] | None = None,
    agent: str = "OrdersAgent",
) -> JSON:
    """A Bedrock agent action group event: an OpenAPI operation (``api_path``, ``http_method``,
    a JSON ``body``) or, with ``function=``, a function details call.

    Parameter values are plain Python values; their Bedrock ``type`` follows from them.
    """
    params = parameters if parameters is not None else ({} if function else {"orderId": 1234})
    event: JSON = {
        "messageVersion": "1.0",
        "agent": {"name": agent, "id": "AGENT12345", "alias": "TSTALIASID", "version": "DRAFT"},
        "inputText": input_text,
        "sessionId": str(int(now() * 1000)),
        "actionGroup": action_group,
    }
    if function is not None:
        event["function"] = function
    else:
        event["apiPath"] = api_path
        event["httpMethod"] = http_method
    event["parameters"] = [_agent_parameter(name, value) for name, value in params.items()]
    if body is not None and function is None:
        properties = [_agent_parameter(name, value) for name, value in body.items()]
        event["requestBody"] = {"content": {"application/json": {"properties": properties}}}
    event["sessionAttributes"] = dict(session_attributes or {})
    event["promptSessionAttributes"] = {}
    return event


# --- Amazon Connect -------------------------------------------------------------------------------


def connect(
    parameters: Mapping[str, str] | None = None,
    *,
    attributes: Mapping[str, str] | None = None,
    channel: str = "VOICE",
    customer: str = "+12065550100",
    queue: str = "BasicQueue",
    instance_id: str = "c8c0e68d-2200-4265-82c0-0a1b2c3d4e5f",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A contact flow's "Invoke AWS Lambda function" event with the block's ``parameters``."""
    contact = request_id()
    instance = f"arn:aws:connect:{region}:{account}:instance/{instance_id}"
    phone = channel == "VOICE"
    system = {"Address": "+12065550199", "Type": "TELEPHONE_NUMBER"}
    return {
        "Details": {
            "ContactData": {
                "Attributes": dict(attributes or {}),
                "AwsRegion": region,
                "Channel": channel,
                "ContactId": contact,
                "CustomerEndpoint": {"Address": customer, "Type": "TELEPHONE_NUMBER"}
                if phone
                else None,
                "InitialContactId": contact,
                "InitiationMethod": "INBOUND" if phone else "API",
                "InstanceARN": instance,
                "LanguageCode": "en-US",
                "MediaStreams": {"Customer": {"Audio": None}},
                "PreviousContactId": contact,
                "Queue": {"ARN": f"{instance}/queue/{request_id()}", "Name": queue},
                "SystemEndpoint": system if phone else None,
            },
            "Parameters": dict(parameters or {}),
        },
        "Name": "ContactFlowEvent",
    }


CATALOG: dict[str, Callable[[], Any]] = {
    "websocket": websocket,
    "websocket:connect": lambda: websocket("$connect"),
    "websocket:disconnect": lambda: websocket("$disconnect"),
    "websocket:message": lambda: websocket("sendmessage", {"action": "sendmessage", "data": "hi"}),
    "authorizer": authorizer,
    "authorizer:token": authorizer,
    "authorizer:request": lambda: authorizer("request"),
    "authorizer:http": lambda: authorizer("http"),
    "cognito": cognito,
    **{f"cognito:{name}": partial(cognito, name) for name in trigger_sources()},
    "cognito:TokenGeneration_v2": lambda: cognito("TokenGeneration_Authentication", version="2"),
    "cognito:TokenGeneration_v3": lambda: cognito("TokenGeneration_ClientCredentials", version="3"),
    "appsync": appsync,
    "appsync:batch": appsync_batch,
    "lex": lex,
    "lex:v2": lex,
    "lex:v1": lambda: lex(version=1),
    "bedrock_agent": bedrock_agent,
    "bedrock_agent:openapi": bedrock_agent,
    "bedrock_agent:function": lambda: bedrock_agent(function="get_weather"),
    "connect": connect,
}
