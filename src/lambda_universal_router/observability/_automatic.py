"""The metrics of one invocation as EMF lines: per route, per handler, per batch, and the user's.

- HTTP, dimensions ``service`` and ``route`` (``"UNMATCHED"`` when no route took the request):
  ``Invocations``, ``Errors`` (5xx answers), ``ClientErrors`` (4xx), ``Duration``;
- every other handler, dimensions ``service`` and ``handler``: ``Invocations`` (calls: one per
  record for per-record handlers), ``Errors`` (calls that raised), ``Duration`` (per call);
- batches: ``Records`` and ``FailedRecords``, under the handler that took the batch (the source's
  name when several did);
- once per process, ``ColdStart`` with ``service`` and ``function_name``.
"""

from __future__ import annotations

from time import time

from lambda_universal_router._dispatch import load

from ._emf import MAX_VALUES, Template, documents, milliseconds
from ._metrics import pending

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from typing import Any

    from lambda_universal_router._batch.rules import BatchRules

    from ._config import Observability
    from ._context import Invocation
    from ._emf import Dimensions, Metrics

UNMATCHED = "UNMATCHED"
_HTTP = (
    ("Invocations", "Count"),
    ("Errors", "Count"),
    ("ClientErrors", "Count"),
    ("Duration", "Milliseconds"),
)
_HANDLER = (("Invocations", "Count"), ("Errors", "Count"), ("Duration", "Milliseconds"))
_BATCH = (("Records", "Count"), ("FailedRecords", "Count"))


class AutomaticMetrics:
    """Turns what an invocation recorded into EMF documents, with cached document shapes."""

    def __init__(self, config: Observability) -> None:
        self.service = config.service
        self.namespace = config.namespace
        self._templates: dict[tuple[str, str, bool], Template] = {}
        #: PERF: the HTTP templates by route, one dict lookup per request.
        self._routes: dict[str, Template] = {}
        self._rules: dict[str, BatchRules | None] = {}

    def _template(self, key: str, value: str | None, batch: bool = False) -> Template:
        value = value or UNMATCHED
        found = self._templates.get((key, value, batch))
        if found is None:
            shape = _HTTP if key == "route" else _HANDLER + _BATCH if batch else _HANDLER
            dimensions = (("service", self.service), (key, value))
            found = Template(self.namespace, dimensions, shape)
            self._templates[(key, value, batch)] = found
        return found

    def lines(
        self,
        invocation: Invocation,
        outcome: tuple[Any, BaseException | None, float],
        route: str | None,
        event: Any,
    ) -> list[str]:
        """The EMF documents of ``invocation``; ``outcome`` is (answer, error, seconds)."""
        answer, error, elapsed = outcome
        timestamp = int(time() * 1000)
        lines = []
        source = invocation.source
        if source == "http":
            status = answer.get("statusCode") if type(answer) is dict else None
            server = error is not None or (type(status) is int and status >= 500)
            client = type(status) is int and 400 <= status < 500
            template = self._routes.get(route or UNMATCHED)
            if template is None:
                template = self._routes[route or UNMATCHED] = self._template("route", route)
            # PERF: numbers go in as text; "%.3f" is the cheapest float formatting.
            duration = "%.3f" % (elapsed * 1e3)
            server_errors = "1" if server else "0"
            lines.append(
                template.render(timestamp, "1", server_errors, "1" if client else "0", duration)
            )
            if not (invocation.cold_start or invocation.metrics or pending):
                return lines
        groups: dict[Dimensions, Metrics] = {}
        if invocation.cold_start:
            cold = (("service", self.service), ("function_name", invocation.function_name or "-"))
            groups[cold] = {"ColdStart": ("Count", [1])}
        if source is not None and source != "http":
            self._handlers(invocation, outcome, event, timestamp, into=(lines, groups))
        user = invocation.metrics or []
        if pending:
            user = [*pending, *user]
            pending.clear()
        for name, value, unit, dimensions in user:
            keys = {key for key, _ in dimensions}
            full = dimensions if "service" in keys else (("service", self.service), *dimensions)
            metrics = groups.setdefault(full, {})
            found = metrics.get(name)
            if found is None:
                metrics[name] = (unit, [value])
            else:
                found[1].append(value)
        if groups:
            lines.extend(documents(self.namespace, timestamp, groups))
        return lines

    def _handlers(
        self,
        invocation: Invocation,
        outcome: tuple[Any, BaseException | None, float],
        event: Any,
        timestamp: int,
        *,
        into: tuple[list[str], dict[Dimensions, Metrics]],
    ) -> None:
        """Documents per handler called, with the batch's records under its handler."""
        answer, error, _ = outcome
        lines, groups = into
        per_handler: dict[str, list[Any]] = {}
        calls = invocation.calls
        if calls:
            # PERF: most invocations call one handler; split the calls with C-level zip.
            labels, durations, failures = zip(*calls, strict=True)
            if len(set(labels)) == 1:
                per_handler[labels[0].handler] = [len(calls), sum(failures), durations]
            else:
                for label, duration, failed in calls:
                    found = per_handler.get(label.handler)
                    if found is None:
                        found = per_handler[label.handler] = [0, 0, []]
                    found[0] += 1
                    found[1] += failed
                    found[2].append(duration)
        batch = self._batch(invocation.source or "", event, answer, error)
        owner = next(iter(per_handler)) if len(per_handler) == 1 else invocation.source
        for handler, (count, errors, durations) in per_handler.items():
            with_batch = batch is not None and handler == owner
            if len(durations) <= MAX_VALUES:
                values = [count, errors, milliseconds(durations)]
                if with_batch and batch is not None:
                    values += batch
                lines.append(
                    self._template("handler", handler, with_batch).render(timestamp, *values)
                )
                continue
            metrics: Metrics = {
                "Invocations": ("Count", [count]),
                "Errors": ("Count", [errors]),
                "Duration": ("Milliseconds", [round(d, 3) for d in durations]),
            }
            if with_batch and batch is not None:
                metrics["Records"] = ("Count", [batch[0]])
                metrics["FailedRecords"] = ("Count", [batch[1]])
            groups[(("service", self.service), ("handler", handler))] = metrics
        if batch is not None and owner not in per_handler and owner is not None:
            groups[(("service", self.service), ("handler", owner))] = {
                "Records": ("Count", [batch[0]]),
                "FailedRecords": ("Count", [batch[1]]),
            }

    def _batch(
        self, source: str, event: Any, answer: Any, error: BaseException | None
    ) -> list[int] | None:
        """``[records, failed records]`` of a batch event, None for other sources."""
        if source not in self._rules:
            from lambda_universal_router._sources import BY_NAME

            batch = BY_NAME[source].batch if source in BY_NAME else None
            self._rules[source] = load(batch) if batch else None
        rules = self._rules[source]
        if rules is None:
            return None
        try:
            records = len(rules.records(event))
        except Exception:  # an event the dispatcher rejected; its error is reported already
            return None
        if error is not None:
            return [records, records]
        failures = answer.get("batchItemFailures") if type(answer) is dict else None
        return [records, len(failures) if type(failures) is list else 0]
