"""boto3, from the optional ``aws`` extra, imported only when the poller starts."""

from __future__ import annotations

from typing import Any

EXTRA = "lambda-universal-router[aws]"


class MissingExtraError(Exception):
    """boto3 is not installed; the message names the extra that brings it."""


def boto3() -> Any:
    """The boto3 module; :class:`MissingExtraError` naming the extra when it is not installed."""
    from importlib import import_module

    try:
        return import_module("boto3")
    except ImportError:
        raise MissingExtraError(
            f"polling needs boto3: pip install '{EXTRA}' (or pip install boto3)"
        ) from None


def client(service: str, *, region: str | None, endpoint_url: str | None) -> Any:
    """A boto3 client for ``service``, at ``endpoint_url`` when given (moto, LocalStack)."""
    session = boto3().session.Session(region_name=region)
    return session.client(service, endpoint_url=endpoint_url)


def default_region() -> str | None:
    """The region boto3 would use (AWS_REGION, AWS_DEFAULT_REGION, the profile), if any."""
    region: str | None = boto3().session.Session().region_name
    return region


def transient_errors() -> tuple[type[BaseException], ...]:
    """What a call to AWS raises when the service or the network fails: retried, never fatal."""
    from importlib import import_module

    exceptions = import_module("botocore.exceptions")
    return (exceptions.BotoCoreError, exceptions.ClientError)
