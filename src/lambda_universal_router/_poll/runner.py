"""``lambda-router poll``: build the sources, run one batch at a time, stop cleanly on a signal.

SIGINT or SIGTERM stops fetching; the batch in flight (a receive in progress included) is
finished and its answer applied, checkpoints are saved, and the process exits 0. A second SIGINT
stops at once, acknowledging nothing more: what was in flight is delivered again.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol

from .context import App, Function

LOG = logging.getLogger("lambda_universal_router.poll")

#: Seconds to wait before polling again when no source had anything (streams only).
IDLE = 0.2
#: Seconds to wait after AWS failed (throttling, a network error) before trying again.
ERROR_PAUSE = 1.0


class Source(Protocol):
    name: str
    #: Its receive waits for records (SQS), so the loop needs no pause of its own.
    long_polls: bool

    def poll_once(self, app: App) -> int: ...

    def close(self) -> None: ...


@dataclass
class PollOptions:
    """What ``lambda-router poll`` was told; validated by :func:`check`."""

    queues: Sequence[str] = ()
    kinesis: Sequence[str] = ()
    dynamodb: Sequence[str] = ()
    endpoint_url: str | None = None
    region: str | None = None
    batch_size: int | None = None
    batch_window: float = 0.0
    starting_position: str = "LATEST"
    max_retries: int = -1
    bisect: bool = False
    on_failure: str | None = None
    state_dir: str | None = None
    function_timeout: float = 30.0


class OptionsError(ValueError):
    """An option is out of range or does not fit the sources (the message says which)."""


def check(options: PollOptions) -> None:
    """Refuse what Lambda would refuse in an event source mapping, with the reason."""
    streams = [*options.kinesis, *options.dynamodb]
    if not options.queues and not streams:
        raise OptionsError(
            "name something to poll: --sqs QUEUE_URL, --kinesis STREAM or "
            "--dynamodb-stream STREAM_ARN"
        )
    if not 1 <= options.function_timeout <= 900:
        raise OptionsError("--function-timeout is 1 to 900 seconds, as on Lambda")
    if not 0 <= options.batch_window <= 300:
        raise OptionsError("--batch-window is 0 to 300 seconds, as on Lambda")
    size = options.batch_size
    if size is not None and not 1 <= size <= 10_000:
        raise OptionsError("--batch-size is 1 to 10000")
    if options.queues and size is not None and size > 10 and not options.batch_window:
        raise OptionsError(
            "an SQS --batch-size above 10 needs --batch-window (as on Lambda): "
            "give the seconds to gather a batch in"
        )
    if not -1 <= options.max_retries <= 10_000:
        raise OptionsError("--max-retries is -1 (retry until the record expires) to 10000")
    if options.on_failure and not streams:
        raise OptionsError(
            "--on-failure applies to --kinesis and --dynamodb-stream; an SQS queue sends "
            "failed messages to the dead-letter queue of its own redrive policy"
        )


def _warn(options: PollOptions) -> None:
    """Say what a legal but risky setting means, once, at start."""
    streams = [*options.kinesis, *options.dynamodb]
    if streams and options.state_dir is None:
        LOG.warning(
            "no --state-dir: stream checkpoints are kept in memory and a restart starts "
            "again from --starting-position"
        )
    if streams and options.max_retries >= 0 and not options.on_failure:
        LOG.warning(
            "--max-retries %d without --on-failure: records that keep failing are skipped "
            "and only this log says which",
            options.max_retries,
        )


def build_sources(options: PollOptions, function: Function, stop: threading.Event) -> list[Source]:
    """Connect to every source named in ``options`` (raises when one cannot be reached)."""
    from . import aws
    from .checkpoints import Checkpoints
    from .destinations import QueueDestination
    from .sqs import MAX_WAIT, QueueSettings, SqsQueue
    from .stream_apis import DynamoDBStream, KinesisStream, StreamApi
    from .streams import StreamSettings, StreamSource

    def client(service: str) -> Any:
        return aws.client(service, region=function.region, endpoint_url=options.endpoint_url)

    sources: list[Source] = []
    single = len(options.queues) + len(options.kinesis) + len(options.dynamodb) == 1
    if options.queues:
        sqs = client("sqs")
        # NOTE: beside other sources, a queue polls briefly so they are not starved.
        wait = min(MAX_WAIT, int(function.timeout)) if single else 1
        settings = QueueSettings(options.batch_size or 10, options.batch_window, wait)
        sources.extend(
            SqsQueue(sqs, url, settings=settings, function=function, stop=stop)
            for url in options.queues
        )
    if options.kinesis or options.dynamodb:
        checkpoints = Checkpoints(options.state_dir)
        destination = (
            QueueDestination(client("sqs"), options.on_failure) if options.on_failure else None
        )
        stream_settings = StreamSettings(
            batch_size=options.batch_size or 100,
            batch_window=options.batch_window,
            starting_position=options.starting_position,
            max_retries=options.max_retries,
            bisect=options.bisect,
        )
        apis: list[StreamApi] = []
        if options.kinesis:
            kinesis = client("kinesis")
            apis.extend(
                KinesisStream(kinesis, _stream_name(name), function.region)
                for name in options.kinesis
            )
        if options.dynamodb:
            dynamodb = client("dynamodbstreams")
            apis.extend(DynamoDBStream(dynamodb, arn, function.region) for arn in options.dynamodb)
        sources.extend(
            StreamSource(
                api,
                settings=stream_settings,
                function=function,
                checkpoints=checkpoints,
                destination=destination,
            )
            for api in apis
        )
    return sources


def _stream_name(name_or_arn: str) -> str:
    """A Kinesis stream's name, also from its ARN (``arn:...:stream/NAME``)."""
    return name_or_arn.rsplit("stream/", 1)[-1] if name_or_arn.startswith("arn:") else name_or_arn


def run(app: App, sources: Sequence[Source], stop: threading.Event) -> int:
    """Poll ``sources`` in turn, one batch at a time, until ``stop`` is set; returns 0."""
    from .aws import transient_errors

    transient = transient_errors()
    long_polls = any(source.long_polls for source in sources)
    while not stop.is_set():
        worked = 0
        for source in sources:
            if stop.is_set():
                break
            try:
                worked += source.poll_once(app)
            except transient as error:
                LOG.error("polling %s failed: %s; trying again", source.name, error)
                stop.wait(ERROR_PAUSE)
        if not worked and not long_polls:
            stop.wait(IDLE)
    LOG.info("stopped; every batch received was settled")
    return 0


@contextmanager
def stopping_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM set ``stop``; a second SIGINT raises KeyboardInterrupt."""

    def first(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        LOG.info("%s: finishing the batch in flight, then stopping", signal.Signals(signum).name)
        stop.set()

    previous = {number: signal.signal(number, first) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def poll(app: App, options: PollOptions, *, name: str) -> int:
    """Check ``options``, connect, and poll until SIGINT or SIGTERM; the exit status."""
    from . import aws

    check(options)
    _warn(options)
    region = options.region or aws.default_region()
    if not region:
        raise OptionsError("name the AWS region with --region (or set AWS_REGION)")
    function = Function(name, options.function_timeout, region)
    stop = threading.Event()
    with stopping_on_signals(stop):
        sources = build_sources(options, function, stop)
        try:
            function.account = _account(sources[0].name)
            LOG.info("polling %s", ", ".join(source.name for source in sources))
            return run(app, sources, stop)
        finally:
            for source in sources:
                source.close()


def _account(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 4 and parts[4] else Function.account
