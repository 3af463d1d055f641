"""SES email receiving: a receipt rule's Lambda action hands over one received message.

SES sends the message's metadata and the receipt verdicts, never the body (store it with an S3
action to read it). A rule that invokes the function synchronously (``RequestResponse``) waits
for a disposition telling it whether to go on with the rule's next actions and the next rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from lambda_universal_router._exceptions import ConfigurationError, InvalidEventError
from lambda_universal_router._selection import Predicate

from ._base import Record, listing, mapping, text_listing
from ._fields import Batch, integer, text

#: The answers a synchronous receipt rule accepts, as ``{"disposition": ...}``.
DISPOSITIONS = frozenset({"CONTINUE", "STOP_RULE", "STOP_RULE_SET"})


def _verdict(raw: dict[str, Any], key: str) -> str | None:
    return text(mapping(raw, key), "status")


class SESCommonHeaders(Record):
    """The headers SES parsed out of the message for you (``mail.commonHeaders``)."""

    __slots__ = ()

    @property
    def from_(self) -> list[str]:
        """The From addresses, as written in the header (``"Jane <jane@example.com>"``)."""
        return text_listing(self.raw_record, "from")

    @property
    def to(self) -> list[str]:
        """The To addresses, as written in the header."""
        return text_listing(self.raw_record, "to")

    @property
    def cc(self) -> list[str]:
        """The Cc addresses, ``[]`` when the message has none."""
        return text_listing(self.raw_record, "cc")

    @property
    def bcc(self) -> list[str]:
        """The Bcc addresses, ``[]`` when the message has none."""
        return text_listing(self.raw_record, "bcc")

    @property
    def reply_to(self) -> list[str]:
        """The Reply-To addresses, ``[]`` when the message has none."""
        return text_listing(self.raw_record, "replyTo")

    @property
    def sender(self) -> list[str]:
        """The Sender header's addresses, ``[]`` when absent."""
        return text_listing(self.raw_record, "sender")

    @property
    def return_path(self) -> str | None:
        """The Return-Path address."""
        return text(self.raw_record, "returnPath")

    @property
    def message_id(self) -> str | None:
        """The Message-ID header (not SES's own id, which is ``mail.message_id``)."""
        return text(self.raw_record, "messageId")

    @property
    def date(self) -> str | None:
        """The Date header, as written by the sender."""
        return text(self.raw_record, "date")

    @property
    def subject(self) -> str | None:
        """The Subject header."""
        return text(self.raw_record, "subject")


class SESMail(Record):
    """What SES knows about the received message: envelope, ids and headers."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("message_id", "source")

    @property
    def message_id(self) -> str | None:
        """SES's id of the message; the S3 object key when an S3 action stored it."""
        return text(self.raw_record, "messageId")

    @property
    def source(self) -> str | None:
        """The envelope sender (MAIL FROM) address."""
        return text(self.raw_record, "source")

    @property
    def destination(self) -> list[str]:
        """Every envelope recipient (RCPT TO) address, for all the receipt rules."""
        return text_listing(self.raw_record, "destination")

    @property
    def timestamp(self) -> str | None:
        """When SES received the message, ISO 8601."""
        return text(self.raw_record, "timestamp")

    @property
    def headers_truncated(self) -> bool:
        """Whether SES cut the header list short (very large headers)."""
        return bool(self.raw_record.get("headersTruncated"))

    @property
    def headers(self) -> list[dict[str, str]]:
        """Every header in order, as ``{"name": ..., "value": ...}`` dicts (an entry whose name
        or value is not text is left out, as for every list and map of text)."""
        entries = listing(self.raw_record, "headers")
        if all(map(_is_header, entries)):
            return entries
        return [entry for entry in entries if _is_header(entry)]

    @property
    def common_headers(self) -> SESCommonHeaders:
        """From, To, Subject and the other headers SES parsed for you."""
        return SESCommonHeaders(mapping(self.raw_record, "commonHeaders"))

    def header(self, name: str) -> str | None:
        """The value of the first header called ``name`` (any case), or None."""
        wanted = name.lower()
        for header in self.headers:
            if header["name"].lower() == wanted:
                return header["value"]
        return None


def _is_header(entry: Any) -> bool:
    return (
        type(entry) is dict and type(entry.get("name")) is str and type(entry.get("value")) is str
    )


class SESReceipt(Record):
    """How SES judged the message and which of your addresses the receipt rule matched."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("recipients",)

    @property
    def recipients(self) -> list[str]:
        """The recipients this receipt rule matched (a subset of ``mail.destination``)."""
        return text_listing(self.raw_record, "recipients")

    @property
    def timestamp(self) -> str | None:
        """When the rule's actions ran, ISO 8601."""
        return text(self.raw_record, "timestamp")

    @property
    def processing_time_millis(self) -> int | None:
        """Milliseconds between receiving the message and invoking the action."""
        return integer(self.raw_record, "processingTimeMillis")

    @property
    def spam_verdict(self) -> str | None:
        """``PASS``, ``FAIL``, ``GRAY`` or ``PROCESSING_FAILED`` (None when scanning is off)."""
        return _verdict(self.raw_record, "spamVerdict")

    @property
    def virus_verdict(self) -> str | None:
        """``PASS``, ``FAIL``, ``GRAY`` or ``PROCESSING_FAILED`` (None when scanning is off)."""
        return _verdict(self.raw_record, "virusVerdict")

    @property
    def spf_verdict(self) -> str | None:
        """SPF check: ``PASS``, ``FAIL``, ``GRAY`` or ``PROCESSING_FAILED``."""
        return _verdict(self.raw_record, "spfVerdict")

    @property
    def dkim_verdict(self) -> str | None:
        """DKIM check: ``PASS``, ``FAIL``, ``GRAY`` or ``PROCESSING_FAILED``."""
        return _verdict(self.raw_record, "dkimVerdict")

    @property
    def dmarc_verdict(self) -> str | None:
        """DMARC check: ``PASS``, ``FAIL``, ``GRAY`` or ``PROCESSING_FAILED``."""
        return _verdict(self.raw_record, "dmarcVerdict")

    @property
    def dmarc_policy(self) -> str | None:
        """The sender domain's DMARC policy (``none``, ``quarantine``, ``reject``) on a failure."""
        return text(self.raw_record, "dmarcPolicy")

    @property
    def action(self) -> dict[str, Any]:
        """The action that ran: ``type`` (``Lambda``), ``functionArn``, ``invocationType``."""
        return mapping(self.raw_record, "action")

    @property
    def invocation_type(self) -> str | None:
        """``RequestResponse`` when SES waits for a disposition, ``Event`` when it does not."""
        return text(self.action, "invocationType")


class SESRecord(Record):
    """One received message: ``mail`` (the message) and ``receipt`` (the verdicts)."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("mail",)

    @property
    def event_source(self) -> str | None:
        """Always ``aws:ses``."""
        return text(self.raw_record, "eventSource")

    @property
    def event_version(self) -> str | None:
        """Version of the record format (``1.0``)."""
        return text(self.raw_record, "eventVersion")

    @property
    def mail(self) -> SESMail:
        """The message's envelope, ids and headers."""
        return SESMail(mapping(mapping(self.raw_record, "ses"), "mail"))

    @property
    def receipt(self) -> SESReceipt:
        """The receipt rule's verdicts and matched recipients."""
        return SESReceipt(mapping(mapping(self.raw_record, "ses"), "receipt"))


class SESEvent(Batch[SESRecord]):
    """A message received by an SES receipt rule with a Lambda action (one record per event)."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("records",)
    _record = SESRecord

    @property
    def record(self) -> SESRecord:
        """The one received message."""
        records = self.records
        if not records:
            raise InvalidEventError("This SES event has no records; SES always sends one")
        return records[0]

    @property
    def mail(self) -> SESMail:
        """The message's envelope, ids and headers (of the one record)."""
        return self.record.mail

    @property
    def receipt(self) -> SESReceipt:
        """The receipt rule's verdicts and matched recipients (of the one record)."""
        return self.record.receipt

    @staticmethod
    def disposition(value: str) -> dict[str, str]:
        """A synchronous rule's answer: ``CONTINUE``, ``STOP_RULE`` or ``STOP_RULE_SET``."""
        if value not in DISPOSITIONS:
            known = ", ".join(sorted(DISPOSITIONS))
            raise ValueError(f"SES dispositions are {known}, not {value!r}")
        return {"disposition": value}

    @staticmethod
    def continue_processing() -> dict[str, str]:
        """Go on with the rule's next actions and the next rules (also what ``None`` means)."""
        return {"disposition": "CONTINUE"}

    @staticmethod
    def stop_rule() -> dict[str, str]:
        """Skip the rest of this rule's actions; later rules still run."""
        return {"disposition": "STOP_RULE"}

    @staticmethod
    def stop_rule_set() -> dict[str, str]:
        """Stop: no further actions or rules run for this message."""
        return {"disposition": "STOP_RULE_SET"}


def recipient_patterns(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """``recipient=`` as lower-case addresses and ``@domain`` patterns (a whole domain)."""
    from lambda_universal_router._filters import names

    wanted = names("recipient", value)
    if wanted is None:
        return None
    bad = sorted(item for item in wanted if "@" not in item)
    if bad:
        raise ConfigurationError(
            f"recipient= takes addresses or '@domain' patterns, not {', '.join(bad)}"
        )
    return frozenset(item.lower() for item in wanted)


def _recipient(wanted: frozenset[str], event: SESEvent) -> bool:
    for record in event.records:
        for recipient in record.receipt.recipients:
            address = str(recipient).lower()
            if address in wanted or address[address.rfind("@") :] in wanted:
                return True
    return False


FILTERS: dict[str, Predicate] = {"recipient": _recipient}
