"""Logs, metrics and traces for every handler: ``Router(observability=Observability(...))``.

    from lambda_universal_router import Router
    from lambda_universal_router.observability import Observability, logger, metrics

    router = Router(observability=Observability(service="orders", namespace="Shop"))
    log = logger()

    @router.sqs(queue="orders", per_record=True)
    def place(message, context):
        log.info("placing order", extra={"order_id": message.message_id})
        metrics.add("OrdersPlaced", 1)

Nothing here is imported unless the application imports it; see docs/observability.md.
"""

from __future__ import annotations

from ._config import Observability
from ._logs import logger
from ._metrics import metrics

__all__ = ["Observability", "logger", "metrics"]
