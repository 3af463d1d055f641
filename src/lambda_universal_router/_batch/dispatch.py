"""Batches that lose nothing: routing each record, running it, and reporting what failed.

Every record of a batch ends in exactly one of two states: processed successfully, or reported
failed (in ``batchItemFailures``, or by raising when the source cannot retry single records).
The rules per source (what a failure does to later records, how records are identified) are in
``rules``; envelopes (S3 inside SNS inside SQS, ...) in ``envelopes``; the reasoning for
each rule is in docs/batch.md.

A record no handler takes is acknowledged (or failed, with ``unmatched="fail"``) when its source's
filters merely declined it, as Lambda's own event filtering would. When it comes from a queue,
stream, table, topic or bucket that no identity filter names (``KnownOrigins``), the function is
wired to something its code does not handle: the record is always reported failed, loudly. So is
a record that reaches no handler at all (its carrier has no handler, and no handler takes what it
carries). A whole-batch handler sharing the batch answers for its own records only: an answer the
router cannot match to them fails them all (``_reported_by``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from types import CoroutineType
from typing import TYPE_CHECKING, Any, cast

from lambda_universal_router._app.middleware import waiting_for_coroutines
from lambda_universal_router._dispatch import UNMATCHED, call, load, logger, run_awaitable
from lambda_universal_router._exceptions import (
    BatchError,
    InvalidEventError,
    NoHandlerError,
    RecordValidationError,
    UnknownOriginError,
    UnmatchedEventError,
)
from lambda_universal_router._selection import Candidates
from lambda_universal_router._sources import BY_NAME, INNER_SOURCES
from lambda_universal_router.events._base import Record

from .answers import claims_a_report, reported
from .concurrency import run_as_tasks, run_in_threads, run_sequentially
from .envelopes import CARRIERS, S3_TEST
from .rules import BLOCK_KEY, CONTINUE, STOP, BatchRules, is_object

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lambda_universal_router._filters import Identity
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router
    from lambda_universal_router._selection import Predicate
    from lambda_universal_router._sources import Source

JSON = dict[str, Any]
#: A handler call: the registration, the typed record (or event) it receives, and its raw dict.
Unit = tuple["Registration", Any, JSON]
#: A whole-batch handler's share: its registration, the raw records it receives, and the
#: indexes of the batch records they belong to (carried records belong to their carrier).
_Whole = tuple["Registration", list[JSON], list[int]]

_CO_COROUTINE = 0x80


def is_async(handler: Callable[..., Any]) -> bool:
    """Whether calling ``handler`` returns a coroutine (without importing inspect)."""
    target = getattr(handler, "func", handler)  # functools.partial
    target = getattr(target, "__func__", target)  # bound methods
    code = getattr(target, "__code__", None)
    if code is None:  # a callable object: look at its class's __call__
        call_method = vars(type(target)).get("__call__")
        code = getattr(call_method, "__code__", None)
    return bool(code is not None and code.co_flags & _CO_COROUTINE)


class KnownOrigins:
    """Where the handlers of a source take records from: the values of their identity filters.

    There are none to check (``of`` gives None) when a handler has no identity filter: it takes
    records from anywhere.
    """

    __slots__ = ("identity", "named", "predicate")

    def __init__(self, identity: Identity, named: list[Any], predicate: Predicate) -> None:
        self.identity = identity
        self.named = named
        self.predicate = predicate

    @classmethod
    def of(
        cls,
        source: Source,
        registrations: Sequence[Registration],
        predicates: Mapping[str, Predicate],
    ) -> KnownOrigins | None:
        if source.identity is None or not registrations:
            return None
        identity: Identity = load(source.identity)
        named = [registration.filters.get(identity.filter) for registration in registrations]
        if any(value is None for value in named):
            return None
        return cls(identity, named, predicates[identity.filter])

    def knows(self, item: Any) -> bool:
        """Whether a typed record comes from a resource some identity filter names."""
        return any(self.predicate(value, item) for value in self.named)

    def names(self) -> list[str]:
        return sorted({str(name) for value in self.named for name in value})


class Handlers:
    """The registrations of one source, ready to choose a handler for each of its records."""

    __slots__ = ("candidates", "event_class", "item_class", "origins", "rules", "source")

    def __init__(self, source: Source, registrations: Sequence[Registration]) -> None:
        self.source = source
        self.rules: BatchRules = load(source.batch or "")
        from lambda_universal_router._names import filter_predicates

        predicates = filter_predicates(source)
        self.candidates = Candidates(registrations, predicates, source.name)
        self.event_class: Callable[[JSON], Any] = load(source.event)
        self.item_class: Callable[[JSON], Any] = load(self.rules.record)
        self.origins = KnownOrigins.of(source, registrations, predicates)

    def choose(self, raws: list[JSON]) -> list[Unit] | None:
        """A handler for every raw record, or None when any of them has none."""
        units = []
        for raw in raws:
            typed = self.item_class(raw)
            registration = self.candidates.select(typed)
            if registration is None:
                return None
            units.append((registration, typed, raw))
        return units


class _Item:
    """One record of the batch, what will process it, and its ordering key."""

    __slots__ = ("index", "key", "units")

    def __init__(self, index: int, key: Hashable | None, units: list[Unit] | None) -> None:
        self.index = index
        self.key = key
        #: Per-record handler calls; None for an unmatched record reported as failed.
        self.units = units


class BatchDispatcher:
    """Dispatches batch events: whole-batch handlers, per-record handlers, partial failures."""

    def __init__(self, source: Source, registrations: Sequence[Registration], router: Router):
        self.source = source
        self.router = router
        self.own = Handlers(source, registrations)
        self.rules = self.own.rules
        self.has_own = bool(registrations)
        self.per_record = any(r.per_record for r in registrations)
        self.concurrency = max((r.concurrency for r in registrations if r.per_record), default=1)
        self.asynchronous = any(r.per_record and is_async(r.call) for r in registrations)
        carried = INNER_SOURCES - {source.name} if source.name in CARRIERS else frozenset()
        self.inner = {
            name: Handlers(BY_NAME[name], found)
            for name in sorted(carried)
            if (found := router.registrations_for(name))
        }
        for handlers in self.inner.values():
            if any(r.per_record and is_async(r.call) for r in handlers.candidates):
                self.asynchronous = True
            if any(r.per_record for r in handlers.candidates):
                self.per_record = True
                self.concurrency = max(
                    self.concurrency,
                    *(r.concurrency for r in handlers.candidates if r.per_record),
                )
        every = [*registrations, *(r for h in self.inner.values() for r in h.candidates)]
        #: By registration id, the plain chains that wait for async code, run off the loop.
        self.off_loop = waiting_for_coroutines(every) if self.asynchronous else {}
        only = self.own.candidates.only
        fast = (
            only is not None
            and only.per_record
            and not self.inner
            and self.concurrency == 1
            and not self.asynchronous
            and self.rules.after_failure in (CONTINUE, STOP)
            and self.rules.partial
        )
        #: The one handler of the fast path (see ``_fast``), or None when it does not apply.
        self.fast_handler = only.call if fast and only is not None else None
        #: The one unfiltered whole-batch handler, which takes every event as delivered.
        self.whole_handler = (
            only.call if only is not None and not only.per_record and not self.inner else None
        )
        #: Whether ``custom()`` takes an event of this source that no handler takes (the sources
        #: that deliver one notification per invocation).
        self.custom_takes_unmatched = self.rules.single and bool(router.registrations_for("custom"))

    # --- routing -------------------------------------------------------------------------------

    def _layers(self, raw: JSON) -> list[tuple[str, list[JSON]]]:
        return CARRIERS[self.source.name](raw) if self.inner else []

    def _route(self, raw: JSON) -> list[Unit] | None:
        """The handler calls for one raw record, innermost envelope first; None if unmatched."""
        for name, raws in self._layers(raw):
            if name == S3_TEST:
                return []
            handlers = self.inner.get(name)
            if handlers is not None:
                units = handlers.choose(raws)
                if units is not None:
                    return units
        return self.own.choose([raw])

    # --- dispatch ------------------------------------------------------------------------------

    def __call__(self, event: JSON, variant: str, context: Any) -> Any:
        raws = self.rules.records(event)
        fifo = self.rules.fifo is not None and self.rules.fifo(raws)
        # PERF: one scan at C speed, instead of a check per record in the loop.
        if self.fast_handler is not None and not fifo and all(map(is_object, raws)):
            return self._fast(self.fast_handler, raws, context)
        bad = self._malformed(raws)
        if self.whole_handler is not None and raws and not bad:
            # Alone, its answer is Lambda's to read, exactly as in 1.0.
            return call(self.whole_handler, self.own.event_class(event), context)
        routed = [None if index in bad else self._route(raw) for index, raw in enumerate(raws)]
        declined = self._declined_by_envelopes(raws, routed)
        if all(units is None for units in routed) and (
            (self.custom_takes_unmatched and routed) or (not self.has_own and not declined)
        ):
            return self.router.fallback(self.source, event, context)

        whole, items, unknown, untaken = self._plan(raws, routed, bad, declined, self._keyed(fifo))
        origins = self.own.origins

        answers = [
            answer
            for index in sorted(whole)
            for answer in self._call_whole(event, raws, whole[index], context)
        ]
        if not items and len(answers) == 1 and len(set(answers[0][2])) == len(raws):
            return answers[0][1]  # one handler took every record: its answer is Lambda's to read
        results = [result for _, result, _ in answers]
        failed, errors = self._run(items, fifo, context)
        if bad:  # first, so the log names what was wrong with the batch
            errors[:0] = [
                (index, self._malformed_error(index, raws[index])) for index in sorted(bad)
            ]
        unknown_origin = None
        if origins is not None and unknown:
            unknown_origin = self._unknown_origin(origins, raws, unknown)
            logger().warning(
                "%d of %d %s", len(unknown), len(raws), unknown_origin, extra=UNMATCHED
            )
        if untaken:
            logger().warning(
                "%d of %d %s records reached no handler (no %s handler is registered, and no "
                "handler takes what they carry): reported failed",
                len(untaken),
                len(raws),
                self.source.name,
                self.source.name,
                extra=UNMATCHED,
            )
        self._log_failures(errors, len(failed.difference(unknown, untaken)), raws)
        if self._answers_partially(results):
            for registration, result, indexes in answers:
                failed |= self._reported_by(registration, result, indexes, raws)
        return self._answer(raws, failed, errors, results, unknown_origin, untaken=bool(untaken))

    def _declined_by_envelopes(
        self, raws: list[JSON], routed: list[list[Unit] | None]
    ) -> frozenset[int]:
        """Records no handler took that an envelope handler's other filters declined.

        Only asked when the carrier has no handler of its own: what it carries is then the only
        thing a handler can take, and a record carrying nothing a handler takes reached none.
        Declining is a choice among records of a known origin (docs/batch.md); a record from an
        origin no identity filter names was not declined.
        """
        if self.has_own or not self.inner:
            return frozenset()
        return frozenset(
            index
            for index, (raw, units) in enumerate(zip(raws, routed, strict=True))
            if units is None and type(raw) is dict and self._declined(raw)
        )

    def _declined(self, raw: JSON) -> bool:
        for name, carried in self._layers(raw):
            handlers = self.inner.get(name)
            origins = handlers.origins if handlers is not None else None
            if handlers is not None and (
                origins is None or all(origins.knows(handlers.item_class(r)) for r in carried)
            ):
                return True
        return False

    def _keyed(self, fifo: bool) -> bool:
        """Whether ordering keys matter: for lanes (concurrency, tasks) or for blocking a key
        after a failure. Run one by one under STOP or CONTINUE they do not."""
        return (
            fifo
            or self.concurrency > 1
            or self.asynchronous
            or self.rules.after_failure == BLOCK_KEY
        )

    def _plan(
        self,
        raws: list[JSON],
        routed: list[list[Unit] | None],
        bad: frozenset[int],
        declined: frozenset[int],
        keyed: bool,
    ) -> tuple[dict[int, _Whole], list[_Item], list[int], list[int]]:
        """Whole-batch handlers' records by registration, the records to run one by one, the
        indexes of records from an origin no identity filter names, and of records that reached
        no handler at all (the carrier has none, and no handler takes what they carry).
        ``keyed``: whether the items need their ordering keys."""
        whole: dict[int, _Whole] = {}
        items: list[_Item] = []
        unknown: list[int] = []
        untaken: list[int] = []
        unmatched_fail = self.router.unmatched_policy == "fail"
        # PERF: keys cost (DynamoDB's is the item key as JSON); computed only when they matter.
        order_key = self.rules.order_key if keyed else None
        origins = self.own.origins
        for index, (raw, units) in enumerate(zip(raws, routed, strict=True)):
            if index in bad:
                items.append(_Item(index, None, None))
                continue
            if units is None:
                if origins is not None and not origins.knows(self.own.item_class(raw)):
                    unknown.append(index)
                elif not self.has_own and index not in declined:
                    untaken.append(index)
                else:
                    self._log_unmatched(raw)
                    if not unmatched_fail:
                        continue
            per_record = []
            for unit in units or ():
                registration = unit[0]
                if registration.per_record:
                    per_record.append(unit)
                else:
                    _, carried, indexes = whole.setdefault(
                        registration.index, (registration, [], [])
                    )
                    carried.append(unit[2])
                    indexes.append(index)
            if per_record or units is None:
                key = order_key(raw) if order_key is not None else None
                items.append(_Item(index, key, per_record if units is not None else None))
        return whole, items, unknown, untaken

    def _call_whole(
        self, event: JSON, raws: list[JSON], share: _Whole, ctx: Any
    ) -> list[tuple[Registration, Any, list[int]]]:
        """Call a whole-batch handler with an event holding just the records routed to it:
        each answer, with the indexes of the records whose fate it decides."""
        registration, carried, indexes = share
        if registration.source == self.source.name:
            whole = event if len(carried) == len(raws) else self.rules.subset(event, carried)
            return [
                (registration, call(registration.call, self.own.event_class(whole), ctx), indexes)
            ]
        inner = self.inner[registration.source]
        if registration.source == "eventbridge":  # one event per call, as EventBridge delivers
            return [
                (registration, call(registration.call, inner.event_class(raw), ctx), [index])
                for raw, index in zip(carried, indexes, strict=True)
            ]
        result = call(registration.call, inner.event_class({"Records": carried}), ctx)
        return [(registration, result, indexes)]

    def _run(
        self, items: list[_Item], fifo: bool, context: Any
    ) -> tuple[set[int], list[tuple[int, BaseException]]]:
        """Run the per-record work; the indexes that failed, and the exceptions raised."""
        errors: list[tuple[int, BaseException]] = []
        if not items:
            return set(), errors
        after = self.rules.after_failure
        if after == CONTINUE and fifo:
            after = BLOCK_KEY
        if after == STOP and self.concurrency > 1:
            after = BLOCK_KEY
        if self.asynchronous:
            failed = run_awaitable(
                run_as_tasks(items, self._processor_async(context, errors), self.concurrency, after)
            )
        elif self.concurrency > 1:
            failed = run_in_threads(items, self._processor(context, errors), self.concurrency)
        else:
            failed = run_sequentially(items, self._processor(context, errors), after)
        return set(failed), errors

    @staticmethod
    def _processor(context: Any, errors: list[tuple[int, BaseException]]) -> Callable[[Any], bool]:
        def process(item: _Item) -> bool:
            if item.units is None:
                return False
            for registration, typed, _ in item.units:
                try:
                    result = registration.call(typed, context)
                    if type(result) is CoroutineType:
                        run_awaitable(result)
                except Exception as error:
                    errors.append((item.index, error))
                    return False
            return True

        return process

    def _processor_async(self, context: Any, errors: list[tuple[int, BaseException]]) -> Any:
        off_loop = self.off_loop

        async def process(item: _Item) -> bool:
            if item.units is None:
                return False
            for registration, typed, _ in item.units:
                try:
                    result = off_loop.get(id(registration), registration.call)(typed, context)
                    if type(result) is CoroutineType:
                        await result
                except Exception as error:
                    errors.append((item.index, error))
                    return False
            return True

        return process

    def _fast(self, handler: Callable[..., Any], raws: list[JSON], context: Any) -> JSON:
        """The common case at full speed: one unfiltered per-record handler, on a standard queue
        (a failure fails its record) or a stream (a failure fails the rest of the batch), and
        records that are all JSON objects."""
        make = self.own.item_class
        # PERF: for records built by Record.__init__, its one assignment made here, without a
        # frame of its own.
        plain = (
            cast("type[Record]", make)
            if getattr(make, "__init__", None) is Record.__init__
            else None
        )
        new = object.__new__
        record: Record
        stop = self.rules.after_failure == STOP
        failures: list[JSON] = []
        # PERF: the records themselves, not their positions (no enumerate in the loop): the
        # first error, and every validation error, placed after the loop.
        errors: list[tuple[JSON, BaseException]] = []
        # NOTE: after a failure on a stream, what this iterator has not reached is exactly what
        # is held back (a search by identity would start at a dict's first place in the batch).
        pending = iter(raws)
        for raw in pending:
            try:
                if plain is not None:
                    record = new(plain)
                    record.raw_record = raw
                else:
                    record = make(raw)
                result = handler(record, context)
                # PERF: handlers nearly always return None; test that before the type.
                if result is not None and type(result) is CoroutineType:
                    run_awaitable(result)
            except Exception as error:
                failures.append({"itemIdentifier": self.rules.record_id(raw)})
                if not errors or isinstance(error, RecordValidationError):
                    errors.append((raw, error))
                if stop:
                    failures.extend(self._held_back(pending))
                    break
        if errors:
            self._log_failures(placed(raws, errors), len(failures), raws)
        return {"batchItemFailures": failures}

    def _held_back(self, later: Iterator[JSON]) -> list[JSON]:
        """The answers for the records ``later`` than a failure on a stream: it resumes at the
        failure, so they wait too."""
        record_id = self.rules.record_id
        return [{"itemIdentifier": record_id(raw)} for raw in later]

    def _malformed(self, raws: list[Any]) -> frozenset[int]:
        """Positions of the records that are not JSON objects (reported failed, never read).

        Where Lambda cannot retry single records, such an event is invalid as a whole.
        """
        bad = frozenset(index for index, raw in enumerate(raws) if not is_object(raw))
        if bad and not self.rules.partial:
            first = min(bad)
            raise self._malformed_error(first, raws[first])
        return bad

    def _malformed_error(self, index: int, raw: Any) -> InvalidEventError:
        return InvalidEventError(
            f"record {index} of the {self.source.name} event is not a JSON object "
            f"(got {type(raw).__name__})"
        )

    # --- answers -------------------------------------------------------------------------------

    def _answers_partially(self, results: list[Any]) -> bool:
        """Whether the router answers Lambda with ``batchItemFailures`` of its own making.

        Per-record handlers (the template wires ReportBatchItemFailures for them) or a handler
        answering with ``batchItemFailures`` show the mapping reads partial answers.
        """
        return self.rules.partial and (
            self.per_record or any(claims_a_report(result) for result in results)
        )

    def _reported_by(
        self, registration: Registration, result: Any, indexes: list[int], raws: list[JSON]
    ) -> set[int]:
        """The records (``indexes``) a whole-batch handler's answer reports failed (``answers``)."""
        failed, problem = reported(result, indexes, raws, self.rules.record_id)
        if problem is not None:
            logger().warning(
                "%s handler %s answered with %s: its %d %s records are reported failed",
                registration.source,
                getattr(registration.handler, "__qualname__", registration.handler),
                problem,
                len(failed),
                self.source.name,
            )
        return failed

    def _answer(
        self,
        raws: list[JSON],
        failed: set[int],
        errors: list[tuple[int, BaseException]],
        results: list[Any],
        unknown_origin: UnknownOriginError | None = None,
        *,
        untaken: bool = False,
    ) -> Any:
        ids = [self.rules.record_id(raws[index]) for index in sorted(failed)]
        # NOTE: only an event source mapping with ReportBatchItemFailures reads a partial answer;
        # the others take it for success. Per-record handlers (the template wires it for them) or
        # a handler answering with batchItemFailures itself show it is on; otherwise failed
        # records fail the invocation, so that nothing is deleted unprocessed.
        if self.rules.partial and (
            self.per_record or (failed and any(claims_a_report(r) for r in results))
        ):
            return {"batchItemFailures": [{"itemIdentifier": i} for i in ids]}
        if failed:
            # Lambda cannot retry single records here: fail the invocation.
            if unknown_origin is not None:
                raise unknown_origin
            if untaken:
                raise NoHandlerError(self.source.name, sorted(self.inner))
            if len(failed) == 1 and len(errors) == 1:
                raise errors[0][1]
            if not errors:
                raise UnmatchedEventError(self.source.name)
            cause = errors[0][1] if errors else None
            raise BatchError(self.source.name, ids, len(raws)) from cause
        if len(results) == 1:
            return results[0]
        return results or None

    def _unknown_origin(
        self, origins: KnownOrigins, raws: list[JSON], unknown: list[int]
    ) -> UnknownOriginError:
        """The error naming where records that no identity filter names came from."""
        origin = origins.identity.origin
        where = {str(origin(self.own.item_class(raws[index])) or "?") for index in unknown}
        return UnknownOriginError(
            self.source.name, origins.identity.filter, sorted(where), origins.names()
        )

    def _log_unmatched(self, raw: JSON) -> None:
        log = logger()
        if log.isEnabledFor(10):
            log.debug(
                "No %s handler matched record %s (unmatched=%s)",
                self.source.name,
                self.rules.record_id(raw),
                self.router.unmatched_policy,
                extra=UNMATCHED,
            )

    def _log_failures(
        self, errors: list[tuple[int, BaseException]], failed: int, raws: list[JSON]
    ) -> None:
        if not failed:
            return
        log = logger()
        first = errors[0][1] if errors else None
        log.warning(
            "%d of %d %s records failed and are reported for retry",
            failed,
            len(raws),
            self.source.name,
            exc_info=(type(first), first, first.__traceback__) if first else None,
        )
        for index, error in errors:
            if isinstance(error, RecordValidationError):
                log.warning(
                    "%s record %s failed validation: %s",
                    self.source.name,
                    self.rules.record_id(raws[index]),
                    str(error).partition(": ")[2],
                )


def placed(
    raws: list[JSON], found: list[tuple[JSON, BaseException]]
) -> list[tuple[int, BaseException]]:
    """``(record, error)`` pairs, records in batch order, as ``(position, error)``: one pass
    that compares identities (equal records may repeat)."""
    placed: list[tuple[int, BaseException]] = []
    pending = iter(found)
    wanted, error = next(pending)
    for index, raw in enumerate(raws):
        if raw is wanted:
            placed.append((index, error))
            step = next(pending, None)
            if step is None:
                break
            wanted, error = step
    return placed
