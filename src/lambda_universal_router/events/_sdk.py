"""The boto3 clients that report helpers (CodePipeline, CodeDeploy) use when given none.

boto3 is imported only when a helper needs a client, and each client is created once per
execution environment: creating one costs far more than the call it makes.
"""

from __future__ import annotations

from functools import cache
from typing import Any


def client(service: str, given: Any = None) -> Any:
    """``given`` when there is one, else a shared boto3 client for ``service``."""
    return given if given is not None else _shared(service)


@cache
def _shared(service: str) -> Any:
    from importlib import import_module

    try:
        boto3 = import_module("boto3")
    except ImportError:
        raise ModuleNotFoundError(
            f"Calling {service} needs boto3 (the Lambda Python runtime includes it; elsewhere "
            "pip install boto3), or pass client= with a client of your own"
        ) from None
    return boto3.client(service)
