"""Reading a Kinesis or DynamoDB stream as Lambda's event source mapping does.

Every shard is read in order, one batch at a time; a child shard (after a split or merge) only
once its parents are read to their end. A batch's answer moves the shard's checkpoint:

- success: past the batch;
- a partial answer: to just before the lowest reported sequence number, retried from there;
- an exception, a timeout or an unusable answer: not at all; with ``bisect`` the batch is split
  in two and the halves retried (splitting uses no retry);
- after ``max_retries`` failed retries of the same first record (-1: never), the failed records
  are sent to the on-failure destination (when there is one) and skipped. A partial answer's skip
  covers the one reported record; a failed batch's skip covers the batch.

Checkpoints are written after every settled batch, so a restart re-reads at most the batch in
flight: redelivery, never loss. A shard without a checkpoint starts at ``TRIM_HORIZON`` unless it
existed at the stream's very first start (saved with the checkpoints) and the starting position
is ``LATEST``: then it starts at that first start, never at a restart, so nothing written while
the poller was stopped, or after a shard rotation, is skipped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from . import events
from .checkpoints import Checkpoints
from .context import App, Function, PollContext, invoke
from .destinations import Destination, failure_record
from .stream_apis import Position, Shard, StreamApi

LOG = logging.getLogger("lambda_universal_router.poll")

#: Seconds between reads of a shard that had nothing new (Lambda reads each shard once a second).
IDLE_READ = 0.25
#: Seconds between listings of the stream's shards, to find the children of a split.
REFRESH = 10.0
#: The longest pause before a failed batch is retried.
MAX_BACKOFF = 2.0


@dataclass(frozen=True)
class StreamSettings:
    batch_size: int = 100
    batch_window: float = 0.0
    starting_position: str = "LATEST"
    max_retries: int = -1
    bisect: bool = False


@dataclass
class _Reader:
    """One shard being read: its iterator, the records read but not settled, its retries."""

    shard: Shard
    iterator: str | None = None
    buffer: list[dict[str, Any]] = field(default_factory=list)
    #: The shard is closed and its last records are in ``buffer``.
    at_end: bool = False
    next_read: float = 0.0
    first_buffered: float = 0.0
    #: The first record of the failing batch, and how many invocations it has failed.
    failing: str | None = None
    failures: int = 0
    retry_at: float = 0.0
    #: While bisecting: the batch size, until the checkpoint passes this sequence number.
    bisect_size: int = 0
    bisect_until: str | None = None
    #: Records created before this time (epoch seconds) are dropped unread: they came before the
    #: first start of a ``LATEST`` DynamoDB stream, read from its ``TRIM_HORIZON``.
    skip_before: float | None = None


class StreamSource:
    """One stream: its shards, their checkpoints, and how each batch's answer moves them."""

    def __init__(
        self,
        api: StreamApi,
        *,
        settings: StreamSettings,
        function: Function,
        checkpoints: Checkpoints,
        destination: Destination | None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.api = api
        self.settings = settings
        self.function = function
        self.checkpoints = checkpoints
        self.destination = destination
        self.clock = clock
        self.wall_clock = wall_clock
        self.name = api.arn
        self._readers: dict[str, _Reader] = {}
        self._shards: dict[str, Shard] = {}
        self._first_start = checkpoints.is_new(api.arn)
        self._next_refresh = 0.0
        self._turn = 0

    # --- the loop's entry point -------------------------------------------------------------

    long_polls = False

    def close(self) -> None:
        """Release the checkpoints' state directory."""
        self.checkpoints.close()

    def poll_once(self, app: App) -> int:
        """Run at most one batch from the next shard that has one; the number of records."""
        if self.clock() >= self._next_refresh:
            self.refresh()
        readers = [self._readers[shard] for shard in sorted(self._readers)]
        count = len(readers)
        for offset in range(count):
            reader = readers[(self._turn + offset) % count]
            batch = self._next_batch(reader)
            if batch:
                self._turn = (self._turn + offset + 1) % count
                self._process(app, reader, batch)
                return len(batch)
        return 0

    def refresh(self) -> None:
        """List the shards again; start reading those whose parents are finished."""
        shards = self.api.shards()
        self._shards = {shard.id: shard for shard in shards}
        first_start, self._first_start = self._first_start, False
        if first_start:
            # NOTE: saved once, so every restart starts the shards it finds from this moment.
            self.checkpoints.start(self.name, self.wall_clock(), list(self._shards))
        for shard in shards:
            if shard.id in self._readers or self.checkpoints.finished(self.name, shard.id):
                continue
            if all(self._is_done(parent) for parent in shard.parents):
                reader = self._readers[shard.id] = _Reader(shard)
                if first_start and not shard.closed and self.settings.starting_position == "LATEST":
                    # NOTE: opened now, at the very first start, LATEST is exact; any later
                    # iterator (expired, restart, a child) starts at this start's time.
                    reader.iterator = self.api.iterator(shard.id, Position("LATEST"))
        self._next_refresh = self.clock() + REFRESH

    # --- batches ----------------------------------------------------------------------------

    def _is_done(self, shard: str) -> bool:
        # A parent no longer listed has aged out of the stream: nothing of it is left to read.
        return shard not in self._shards or self.checkpoints.finished(self.name, shard)

    def _next_batch(self, reader: _Reader) -> list[dict[str, Any]]:
        now = self.clock()
        if now < reader.retry_at:
            return []
        size = reader.bisect_size or self.settings.batch_size
        if len(reader.buffer) < size and not reader.at_end and now >= reader.next_read:
            self._read(reader, now)
        if not reader.buffer:
            if reader.at_end:
                self._finish(reader)
            return []
        waiting = self.clock() - reader.first_buffered < self.settings.batch_window
        if len(reader.buffer) < size and not reader.at_end and waiting:
            return []
        return reader.buffer[:size]

    def _read(self, reader: _Reader, now: float) -> None:
        if reader.iterator is None:
            reader.iterator = self.api.iterator(reader.shard.id, self._position(reader))
        try:
            records, reader.iterator = self.api.read(reader.iterator, self.settings.batch_size)
        except Exception as error:
            code = getattr(error, "response", {}).get("Error", {}).get("Code")
            if code != "ExpiredIteratorException":
                raise
            # An iterator lives five minutes: open a new one after what is buffered.
            last = reader.buffer[-1] if reader.buffer else None
            sequence = self.api.sequence(last) if last else self._settled(reader.shard.id)
            reader.iterator = self.api.iterator(
                reader.shard.id,
                Position("AFTER_SEQUENCE_NUMBER", sequence) if sequence else self._position(reader),
            )
            return
        kept = records if reader.skip_before is None else self._drop_older(reader, records)
        if kept and not reader.buffer:
            reader.first_buffered = now
        reader.buffer.extend(kept)
        if reader.iterator is None:
            reader.at_end = True
        elif not records:
            reader.next_read = now + IDLE_READ

    @staticmethod
    def _drop_older(reader: _Reader, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``records`` from the first one created at or after ``reader.skip_before``."""
        # NOTE: creation times are whole seconds, rounded down: the start's second is kept, and
        # once one record is kept, every later one is (their times need not be in order).
        since = int(reader.skip_before or 0)
        for index, record in enumerate(records):
            created = events.arrival(record)
            if created is None or created.timestamp() >= since:
                reader.skip_before = None
                return records[index:]
        return []

    def _settled(self, shard: str) -> str | None:
        return self.checkpoints.sequence(self.name, shard)

    def _position(self, reader: _Reader) -> Position:
        """Where a shard without a live iterator starts: after its checkpoint, else as set."""
        shard = reader.shard
        sequence = self._settled(shard.id)
        if sequence is not None:
            return Position("AFTER_SEQUENCE_NUMBER", sequence)
        if self.settings.starting_position == "TRIM_HORIZON" or self._created_later(shard):
            return Position("TRIM_HORIZON")
        started = self.checkpoints.started_at(self.name)
        if started is None:  # a state directory saved before first starts were
            return Position("LATEST")
        if self.api.has_timestamps:  # Kinesis: only what arrived since the first start
            return Position("AT_TIMESTAMP", timestamp=started)
        # NOTE: DynamoDB Streams has no AT_TIMESTAMP: read from the start, drop the older.
        reader.skip_before = started
        return Position("TRIM_HORIZON")

    def _created_later(self, shard: Shard) -> bool:
        """Whether ``shard`` was created after the stream's first start: all of it is new."""
        first = self.checkpoints.first_shards(self.name)
        if first is not None:
            return shard.id not in first
        # A state directory saved before first shards were: a child of a shard read here is new.
        return any(self.checkpoints.known(self.name, parent) for parent in shard.parents)

    def _finish(self, reader: _Reader) -> None:
        self.checkpoints.finish(self.name, reader.shard.id)
        del self._readers[reader.shard.id]
        LOG.info("shard %s of %s is finished", reader.shard.id, self.name)
        self._next_refresh = 0.0  # its children may start now

    # --- answers ----------------------------------------------------------------------------

    def _process(self, app: App, reader: _Reader, batch: list[dict[str, Any]]) -> None:
        shard = reader.shard.id
        role = self.function.role_arn
        event = {"Records": self.api.event_records(batch, shard, role)}
        identifiers = [self.api.sequence(record) for record in batch]
        verdict, context = invoke(app, event, identifiers, self.function, self.clock)
        if verdict.failed is None:
            if self.settings.bisect and len(batch) > 1:
                reader.bisect_size = (len(batch) + 1) // 2
                reader.bisect_until = identifiers[-1]
                LOG.warning("batch of %d records from %s failed; bisecting", len(batch), shard)
                return
            self._failed(reader, batch, batch, context)
            return
        if not verdict.failed:
            self._settle(reader, len(batch))
            return
        lowest = min(verdict.failed, key=int)
        done = identifiers.index(lowest)
        if done:
            self._settle(reader, done)
        self._failed(reader, reader.buffer[:1], batch[done:], context)

    def _failed(
        self,
        reader: _Reader,
        skipped: list[dict[str, Any]],
        retried: list[dict[str, Any]],
        context: PollContext,
    ) -> None:
        """Count a failed invocation of ``retried``; past the retries, skip ``skipped``."""
        head = self.api.sequence(retried[0])
        if reader.failing != head:
            reader.failing, reader.failures = head, 0
        reader.failures += 1
        limit = self.settings.max_retries
        if limit < 0 or reader.failures <= limit:
            reader.retry_at = self.clock() + min(MAX_BACKOFF, 0.05 * 2 ** (reader.failures - 1))
            return
        if self.destination is not None:
            record = failure_record(
                self.api,
                reader.shard.id,
                skipped,
                function=self.function,
                request_id=context.aws_request_id,
                invocations=reader.failures,
                now=datetime.fromtimestamp(self.wall_clock(), timezone.utc),
            )
            try:
                self.destination.send(record)
            except Exception:
                LOG.exception("the on-failure destination refused; the records are kept")
                reader.retry_at = self.clock() + MAX_BACKOFF
                return
        LOG.error(
            "skipping %d record(s) of %s after %d failed invocations (sequence numbers %s to %s)%s",
            len(skipped),
            reader.shard.id,
            reader.failures,
            self.api.sequence(skipped[0]),
            self.api.sequence(skipped[-1]),
            "" if self.destination else "; no --on-failure destination was given",
        )
        self._settle(reader, len(skipped))

    def _settle(self, reader: _Reader, count: int) -> None:
        """Move the checkpoint past the first ``count`` buffered records."""
        last = self.api.sequence(reader.buffer[count - 1])
        del reader.buffer[:count]
        reader.first_buffered = self.clock()
        self.checkpoints.advance(self.name, reader.shard.id, last)
        reader.failing, reader.failures, reader.retry_at = None, 0, 0.0
        if reader.bisect_until is not None and int(last) >= int(reader.bisect_until):
            reader.bisect_size, reader.bisect_until = 0, None
