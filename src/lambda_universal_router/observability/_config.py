"""The settings of observability, from arguments first, then environment variables."""

from __future__ import annotations

import os

from lambda_universal_router._exceptions import ConfigurationError

#: Level names accepted by ``log_level=`` and the environment variables, as ``logging`` has them.
LEVELS = {"DEBUG": 10, "INFO": 20, "WARN": 30, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}
#: Lambda's Advanced Logging Controls name TRACE and FATAL too; they map onto the nearest level.
_LAMBDA_LEVELS = {**LEVELS, "TRACE": 10, "FATAL": 50}

#: Debug records held per invocation by ``buffer_debug=True`` before the oldest are dropped.
DEFAULT_BUFFER_SIZE = 200


class Observability:
    """What to record for every invocation: JSON logs, CloudWatch metrics, OpenTelemetry traces.

    Every argument is optional. ``service`` defaults to ``$LUR_SERVICE``, then the function's
    name; ``namespace`` (of the metrics) to ``$LUR_NAMESPACE``, then the service; ``log_level``
    to ``$LUR_LOG_LEVEL``, then ``$AWS_LAMBDA_LOG_LEVEL``, then INFO.
    """

    __slots__ = (
        "buffer_debug",
        "buffer_size",
        "debug_sample_rate",
        "level",
        "log_event",
        "logs",
        "metrics",
        "namespace",
        "service",
        "traces",
    )

    def __init__(
        self,
        *,
        service: str | None = None,
        namespace: str | None = None,
        log_level: str | int | None = None,
        log_event: bool = False,
        debug_sample_rate: float = 0.0,
        buffer_debug: bool = False,
        buffer_size: int = DEFAULT_BUFFER_SIZE,
        logs: bool = True,
        metrics: bool = True,
        traces: bool = True,
    ) -> None:
        env = os.environ
        #: The service name: the ``service`` key of logs, a dimension of every metric.
        self.service = _name(
            "service",
            service or env.get("LUR_SERVICE") or env.get("AWS_LAMBDA_FUNCTION_NAME") or "service",
        )
        #: The CloudWatch namespace the metrics go to.
        self.namespace = _name("namespace", namespace or env.get("LUR_NAMESPACE") or self.service)
        #: The numeric ``logging`` level below which records are not written.
        self.level = _level(log_level, env)
        #: Whether each incoming event is logged (Authorization and Cookie headers redacted).
        self.log_event = _flag("log_event", log_event)
        #: The share of invocations (0 to 1) logged at DEBUG whatever the level.
        self.debug_sample_rate = _rate(debug_sample_rate)
        #: Whether DEBUG records are held per invocation and written only if it fails.
        self.buffer_debug = _flag("buffer_debug", buffer_debug)
        #: How many DEBUG records one invocation holds at most (the oldest are dropped).
        self.buffer_size = _size(buffer_size)
        #: Whether the process's log records are written as JSON lines with correlation ids.
        self.logs = _flag("logs", logs)
        #: Whether CloudWatch metrics are written (Embedded Metric Format) after each invocation.
        self.metrics = _flag("metrics", metrics)
        #: Whether spans are made, when opentelemetry-api is installed with a tracer provider.
        self.traces = _flag("traces", traces)
        from ._logs import name_service_logger

        name_service_logger(self.service)

    def __repr__(self) -> str:
        return f"Observability(service={self.service!r}, namespace={self.namespace!r})"


def _name(option: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 255:
        raise ConfigurationError(
            f"{option}= takes a non-empty name of at most 255 characters, not {value!r}"
        )
    return value


def _level(value: str | int | None, env: os._Environ[str] | dict[str, str]) -> int:
    if value is None:
        named = env.get("LUR_LOG_LEVEL")
        if named:
            return _level_named(named, "LUR_LOG_LEVEL")
        named = env.get("AWS_LAMBDA_LOG_LEVEL")
        if named and named.upper() in _LAMBDA_LEVELS:
            return _LAMBDA_LEVELS[named.upper()]
        return LEVELS["INFO"]
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str):
        return _level_named(value, "log_level=")
    raise ConfigurationError(f"log_level= takes a level name such as 'INFO', not {value!r}")


def _level_named(name: str, where: str) -> int:
    level = LEVELS.get(name.strip().upper())
    if level is None:
        known = ", ".join(sorted(LEVELS))
        raise ConfigurationError(f"{where} takes one of {known}, not {name!r}")
    return level


def _flag(option: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigurationError(f"{option}= takes True or False, not {value!r}")
    return value


def _rate(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0.0 <= float(value) <= 1.0
    ):
        raise ConfigurationError(f"debug_sample_rate= takes a number from 0 to 1, not {value!r}")
    return float(value)


def _size(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"buffer_size= takes a whole number of at least 1, not {value!r}")
    return value
