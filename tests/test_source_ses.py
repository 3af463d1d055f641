"""SES email receiving: detection, the typed message, routing by recipient, dispositions."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import (
    ConfigurationError,
    InvalidEventError,
    Router,
    UnmatchedEventError,
)
from lambda_universal_router._classify import classify
from lambda_universal_router.events import SESEvent
from tests.conftest import load_event


def test_ses_events_are_recognised() -> None:
    for name in ("ses/event.json", "ses/request_response.json"):
        source, variant = classify(load_event(name))
        assert (source.name, variant) == ("ses", "")


def test_the_message_and_its_verdicts_are_typed() -> None:
    event = SESEvent(load_event("ses/event.json"))

    mail, receipt = event.mail, event.receipt
    assert mail.message_id == "b1t0s1qm7c4o1rk2d3v9oq6lh0e5sde1example"
    assert mail.source == "alice@sender.example.org"
    assert mail.destination == ["orders@shop.example.com", "support@shop.example.com"]
    assert mail.timestamp == "2024-03-14T09:26:53.589Z"
    assert mail.headers_truncated is False
    assert mail.header("content-type") == "text/plain; charset=UTF-8"
    assert mail.header("X-Missing") is None
    assert mail.common_headers.from_ == ["Alice Example <alice@sender.example.org>"]
    assert mail.common_headers.to == ["orders@shop.example.com"]
    assert mail.common_headers.cc == ["support@shop.example.com"]
    assert mail.common_headers.bcc == []
    assert mail.common_headers.subject == "Order #1234: where is my parcel?"
    assert mail.common_headers.message_id == "<CAF4exampleZQ@mail.sender.example.org>"
    assert mail.common_headers.return_path == "alice@sender.example.org"
    assert receipt.recipients == ["orders@shop.example.com"]
    assert receipt.spam_verdict == receipt.virus_verdict == "PASS"
    assert receipt.spf_verdict == receipt.dkim_verdict == receipt.dmarc_verdict == "PASS"
    assert receipt.dmarc_policy is None
    assert receipt.processing_time_millis == 412
    assert receipt.invocation_type == "Event"
    assert receipt.action["functionArn"].endswith(":function:inbound-mail")
    assert event.records[0].event_source == "aws:ses"
    assert event.records[0].event_version == "1.0"


def test_failed_checks_read_as_plain_strings() -> None:
    receipt = SESEvent(load_event("ses/request_response.json")).receipt

    assert receipt.spam_verdict == "FAIL"
    assert receipt.dkim_verdict == "GRAY"
    assert receipt.dmarc_verdict == "FAIL"
    assert receipt.dmarc_policy == "reject"
    assert receipt.invocation_type == "RequestResponse"


def test_repr_names_the_message_not_its_headers() -> None:
    text = repr(SESEvent(load_event("ses/event.json")))

    assert "b1t0s1qm7c4o1rk2d3v9oq6lh0e5sde1example" in text
    assert "parcel" not in text


def test_a_partial_event_reads_as_empty_values() -> None:
    event = SESEvent({"Records": [{"eventSource": "aws:ses", "ses": {}}]})

    assert event.mail.message_id is None
    assert event.mail.headers == []
    assert event.mail.common_headers.from_ == []
    assert event.receipt.recipients == []
    assert event.receipt.spam_verdict is None


def test_an_event_without_records_says_so() -> None:
    with pytest.raises(InvalidEventError, match="no records"):
        _ = SESEvent({"Records": []}).mail


def _router(log: list[str]) -> Router:
    router = Router()

    @router.ses()
    def anything(event: SESEvent, context: Any) -> None:
        log.append("anything")

    # Equally specific filters: the first registered wins, so addresses go before domains.
    @router.ses(recipient=["Orders@Shop.Example.com", "sales@shop.example.com"])
    def orders(event: SESEvent, context: Any) -> None:
        log.append("orders")

    @router.ses(recipient="@shop.example.com")
    def shop(event: SESEvent, context: Any) -> None:
        log.append("shop")

    return router


def test_the_most_specific_recipient_filter_wins() -> None:
    log: list[str] = []
    router = _router(log)

    router.dispatch(load_event("ses/event.json"), {})
    event = load_event("ses/event.json")
    event["Records"][0]["ses"]["receipt"]["recipients"] = ["support@shop.example.com"]
    router.dispatch(event, {})
    router.dispatch(load_event("ses/request_response.json"), {})

    assert log == ["orders", "shop", "anything"]


def test_a_message_no_filter_accepts_is_acknowledged_or_failed_as_configured() -> None:
    for unmatched in ("ack", "fail"):
        router = Router(unmatched=unmatched)
        router.ses(recipient="@other.example")(lambda event, context: "ses")
        if unmatched == "ack":
            assert router.dispatch(load_event("ses/event.json"), {}) is None
        else:
            with pytest.raises(UnmatchedEventError, match="No ses handler"):
                router.dispatch(load_event("ses/event.json"), {})


@pytest.mark.parametrize("bad", ["shop.example.com", "", ["ok@x.example", "nobody"]])
def test_recipient_filters_are_checked_when_registered(bad: Any) -> None:
    router = Router()
    with pytest.raises(ConfigurationError, match="recipient="):
        router.ses(recipient=bad)


def test_a_synchronous_rule_gets_the_disposition_back() -> None:
    router = Router()

    @router.ses()
    def gate(event: SESEvent, context: Any) -> dict[str, str]:
        if event.receipt.spam_verdict == "FAIL" or event.receipt.dmarc_verdict == "FAIL":
            return SESEvent.stop_rule_set()
        return SESEvent.continue_processing()

    assert router.dispatch(load_event("ses/request_response.json"), {}) == {
        "disposition": "STOP_RULE_SET"
    }
    assert router.dispatch(load_event("ses/event.json"), {}) == {"disposition": "CONTINUE"}


def test_disposition_helpers() -> None:
    assert SESEvent.stop_rule() == {"disposition": "STOP_RULE"}
    assert SESEvent.disposition("STOP_RULE_SET") == {"disposition": "STOP_RULE_SET"}
    with pytest.raises(ValueError, match="CONTINUE, STOP_RULE, STOP_RULE_SET"):
        SESEvent.disposition("DROP")


@given(
    local=st.from_regex(r"[a-z0-9._]{1,12}", fullmatch=True),
    domain=st.from_regex(r"[a-z0-9]{1,10}\.example", fullmatch=True),
    upper=st.booleans(),
)
def test_domain_patterns_match_any_address_of_the_domain(
    local: str, domain: str, upper: bool
) -> None:
    address = f"{local}@{domain}"
    event = load_event("ses/event.json")
    event["Records"][0]["ses"]["receipt"]["recipients"] = [address.upper() if upper else address]
    router = Router()
    router.ses(recipient=f"@{domain}")(lambda event, context: "domain")
    router.ses(recipient="@elsewhere.test")(lambda event, context: "elsewhere")

    assert router.dispatch(event, {}) == "domain"
