"""EventBridge event patterns: the documented examples, edge cases and validation messages.

The cases restate, as our own data, the pattern/event/outcome facts of the EventBridge user guide
pages "Amazon EventBridge event patterns", "Matching null values and empty strings", "Arrays in
event patterns", "Content filtering" and "Comparison operators".
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from lambda_universal_router._exceptions import ConfigurationError
from lambda_universal_router._patterns.compile import EventPattern, compile_pattern

EC2_TERMINATED = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "111122223333",
    "time": "2017-12-22T18:43:48Z",
    "region": "us-west-1",
    "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"},
}

AUTOSCALING_LAUNCH = {
    "version": "0",
    "id": "3e3c153a-8339-4e30-8c35-687ebef853fe",
    "detail-type": "EC2 Instance Launch Successful",
    "source": "aws.autoscaling",
    "account": "123456789012",
    "time": "2015-11-11T21:31:47Z",
    "region": "us-east-1",
    "resources": [],
    "detail": {"eventVersion": "", "responseElements": None},
}

MACIE_ALERT = {
    "version": "0",
    "id": "3e355723-fca9-4de3-9fd7-154c289d6b59",
    "detail-type": "Macie Alert",
    "source": "aws.macie",
    "account": "123456789012",
    "time": "2017-04-24T22:28:49Z",
    "region": "us-east-1",
    "resources": [
        "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id",
        "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id",
    ],
    "detail": {
        "notification-type": "ALERT_CREATED",
        "name": "Scanning bucket policies",
        "tags": ["Custom_Alert", "Insider"],
        "risk-score": 80,
        "trigger": {"alert-type": "basic", "risk": 8},
    },
}

MACIE_FINDING = {
    "version": "0",
    "id": "0948ba87-d3b8-c6d4-f2da-732a1example",
    "detail-type": "Macie Finding",
    "source": "aws.macie",
    "account": "123456789012",
    "time": "2021-04-29T23:12:15Z",
    "region": "us-east-1",
    "resources": [],
    "detail": {
        "schemaVersion": "1.0",
        "type": "Policy:IAMUser/S3BucketEncryptionDisabled",
        "severity": {"score": 1, "description": "Low"},
        "count": 2,
    },
}

EC2_RUNNING = {
    "version": "0",
    "id": "ddddd4-aaaa-7777-4444-345dd43cc333",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "012345679012",
    "time": "2017-10-02T16:24:49Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
    "detail": {
        "c-count": 5,
        "d-count": 3,
        "x-limit": 301.8,
        "source-ip": "10.0.0.33",
        "instance-id": "i-000000aaaaaa00000",
        "state": "running",
    },
}

EC2_PENDING = {
    "version": "0",
    "id": "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "2015-11-11T21:29:54Z",
    "region": "us-east-1",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    "detail": {"instance-id": "i-abcd1111", "state": "pending"},
}

EC2_NESTED_COUNT = {
    "detail-type": "EC2 Instance State-change Notification",
    "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
    "detail": {"c-count": {"c1": 100}},
}

CLOUDWATCH = {"source": "aws.cloudwatch", "metricName": "CPUUtilization", "namespace": "AWS/EC2"}


def detail(**fields: Any) -> dict[str, Any]:
    """A minimal event carrying ``fields`` under ``detail``."""
    return {"source": "test", "detail": fields}


# (case id, pattern, event, whether EventBridge delivers the event)
DOCUMENTED: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    # Amazon EventBridge event patterns
    (
        "ec2-termination",
        {
            "source": ["aws.ec2"],
            "detail-type": ["EC2 Instance State-change Notification"],
            "detail": {"state": ["terminated"]},
        },
        EC2_TERMINATED,
        True,
    ),
    (
        "ec2-termination-other-state",
        {"source": ["aws.ec2"], "detail": {"state": ["terminated"]}},
        EC2_PENDING,
        False,
    ),
    ("match-values-ec2", {"source": ["aws.ec2", "aws.fargate"]}, EC2_TERMINATED, True),
    (
        "match-values-fargate",
        {"source": ["aws.ec2", "aws.fargate"]},
        {"source": "aws.fargate"},
        True,
    ),
    ("match-values-neither", {"source": ["aws.ec2", "aws.fargate"]}, {"source": "aws.s3"}, False),
    (
        "field-matching-null",
        {
            "source": ["aws.autoscaling"],
            "detail-type": ["EC2 Instance Launch Successful"],
            "detail": {"responseElements": [None]},
        },
        AUTOSCALING_LAUNCH,
        True,
    ),
    (
        "value-matching-macie-alert",
        {
            "source": ["aws.macie"],
            "detail-type": ["Macie Alert"],
            "detail": {"risk-score": [80], "trigger": {"risk": [8]}},
        },
        MACIE_ALERT,
        True,
    ),
    (
        "value-matching-macie-finding",
        {
            "source": ["aws.macie"],
            "detail-type": ["Macie Finding"],
            "detail": {"severity": {"score": [1]}, "count": [2]},
        },
        MACIE_FINDING,
        True,
    ),
    (
        "value-matching-other-score",
        {"source": ["aws.macie"], "detail": {"severity": {"score": [7]}}},
        MACIE_FINDING,
        False,
    ),
    # Matching null values and empty strings
    ("empty-string", {"detail": {"eventVersion": [""]}}, AUTOSCALING_LAUNCH, True),
    ("null-value", {"detail": {"responseElements": [None]}}, AUTOSCALING_LAUNCH, True),
    ("empty-string-is-not-null", {"detail": {"responseElements": [""]}}, AUTOSCALING_LAUNCH, False),
    ("null-is-not-empty-string", {"detail": {"eventVersion": [None]}}, AUTOSCALING_LAUNCH, False),
    # Arrays in event patterns
    (
        "arrays-intersection",
        {
            "resources": [
                "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
                "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
                "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
            ]
        },
        {
            "resources": [
                "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-"
                "b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
                "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
            ]
        },
        True,
    ),
    (
        "arrays-disjoint",
        {"resources": ["arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]},
        {"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]},
        False,
    ),
    # Content filtering: prefix and suffix
    ("prefix", {"time": [{"prefix": "2017-10-02"}]}, {"time": "2017-10-02T18:43:48Z"}, True),
    ("prefix-other-day", {"time": [{"prefix": "2017-10-02"}]}, EC2_TERMINATED, False),
    (
        "prefix-ignore-case",
        {"service": [{"prefix": {"equals-ignore-case": "eventb"}}]},
        {"service": "EventBridge"},
        True,
    ),
    (
        "prefix-ignore-case-upper",
        {"service": [{"prefix": {"equals-ignore-case": "eventb"}}]},
        {"service": "EVENTBRIDGE"},
        True,
    ),
    (
        "prefix-ignore-case-other",
        {"service": [{"prefix": {"equals-ignore-case": "eventb"}}]},
        {"service": "SNS"},
        False,
    ),
    ("suffix", {"FileName": [{"suffix": ".png"}]}, {"FileName": "image.png"}, True),
    ("suffix-other", {"FileName": [{"suffix": ".png"}]}, {"FileName": "image.jpg"}, False),
    ("suffix-is-case-sensitive", {"FileName": [{"suffix": ".png"}]}, {"FileName": "a.PNG"}, False),
    (
        "suffix-ignore-case",
        {"service": [{"suffix": {"equals-ignore-case": "tBridge"}}]},
        {"service": "EVENTBRIDGE"},
        True,
    ),
    (
        "suffix-ignore-case-other",
        {"service": [{"suffix": {"equals-ignore-case": "tBridge"}}]},
        {"service": "EventBus"},
        False,
    ),
    # Content filtering: anything-but
    (
        "anything-but-string",
        {"detail": {"state": [{"anything-but": "initializing"}]}},
        detail(state="running"),
        True,
    ),
    (
        "anything-but-string-excluded",
        {"detail": {"state": [{"anything-but": "initializing"}]}},
        detail(state="initializing"),
        False,
    ),
    (
        "anything-but-number",
        {"detail": {"x-limit": [{"anything-but": 123}]}},
        detail(**{"x-limit": 456}),
        True,
    ),
    (
        "anything-but-number-excluded",
        {"detail": {"x-limit": [{"anything-but": 123}]}},
        detail(**{"x-limit": 123}),
        False,
    ),
    (
        "anything-but-string-list",
        {"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}},
        detail(state="running"),
        True,
    ),
    (
        "anything-but-string-list-excluded",
        {"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}},
        detail(state="overloaded"),
        False,
    ),
    (
        "anything-but-number-list",
        {"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}},
        detail(**{"x-limit": 301.8}),
        True,
    ),
    (
        "anything-but-number-list-excluded",
        {"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}},
        detail(**{"x-limit": 200}),
        False,
    ),
    (
        "anything-but-prefix",
        {"detail": {"state": [{"anything-but": {"prefix": "init"}}]}},
        detail(state="post-init"),
        True,
    ),
    (
        "anything-but-prefix-excluded",
        {"detail": {"state": [{"anything-but": {"prefix": "init"}}]}},
        detail(state="initializing"),
        False,
    ),
    (
        "anything-but-suffix",
        {"detail": {"FileName": [{"anything-but": {"suffix": ".txt"}}]}},
        detail(FileName="notes.png"),
        True,
    ),
    (
        "anything-but-suffix-excluded",
        {"detail": {"FileName": [{"anything-but": {"suffix": ".txt"}}]}},
        detail(FileName="notes.txt"),
        False,
    ),
    (
        "anything-but-ignore-case",
        {"detail": {"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]}},
        detail(state="running"),
        True,
    ),
    (
        "anything-but-ignore-case-excluded",
        {"detail": {"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]}},
        detail(state="INITIALIZING"),
        False,
    ),
    (
        "anything-but-ignore-case-list-excluded",
        {
            "detail": {
                "state": [{"anything-but": {"equals-ignore-case": ["Stopped", "OverLoaded"]}}]
            }
        },
        detail(state="overloaded"),
        False,
    ),
    (
        "anything-but-wildcard",
        {"detail": {"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}},
        detail(FilePath="/usr/bin/python"),
        True,
    ),
    (
        "anything-but-wildcard-excluded",
        {"detail": {"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}},
        detail(FilePath="/usr/lib/python"),
        False,
    ),
    (
        "anything-but-wildcard-list-excluded",
        {"detail": {"FilePath": [{"anything-but": {"wildcard": ["*/lib/*", "*/bin/*"]}}]}},
        detail(FilePath="/usr/bin/python"),
        False,
    ),
    # Content filtering: numeric, IP address, exists
    (
        "numeric-all-fields",
        {
            "detail": {
                "c-count": [{"numeric": [">", 0, "<=", 5]}],
                "d-count": [{"numeric": ["<", 10]}],
                "x-limit": [{"numeric": ["=", 3.018e2]}],
            }
        },
        EC2_RUNNING,
        True,
    ),
    (
        "numeric-out-of-range",
        {"detail": {"c-count": [{"numeric": [">", 0, "<=", 4]}]}},
        EC2_RUNNING,
        False,
    ),
    ("numeric-price-is-100", {"Price": [100]}, {"Price": 100}, True),
    (
        "numeric-price-range",
        {"Price": [{"numeric": [">", 10, "<=", 20]}]},
        {"Price": 20},
        True,
    ),
    (
        "numeric-price-range-open-bottom",
        {"Price": [{"numeric": [">", 10, "<=", 20]}]},
        {"Price": 10},
        False,
    ),
    (
        "cidr-v4",
        {"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}},
        detail(sourceIPAddress="10.0.0.255"),
        True,
    ),
    (
        "cidr-v4-outside",
        {"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}},
        detail(sourceIPAddress="10.0.1.0"),
        False,
    ),
    (
        "cidr-v6",
        {"detail": {"sourceIPAddress": [{"cidr": "2001:db8:1234:1a00::/64"}]}},
        detail(sourceIPAddress="2001:db8:1234:1a00:ffff:ffff:ffff:ffff"),
        True,
    ),
    (
        "cidr-v6-outside",
        {"detail": {"sourceIPAddress": [{"cidr": "2001:db8:1234:1a00::/64"}]}},
        detail(sourceIPAddress="2001:db8:1234:1a01::"),
        False,
    ),
    ("exists-true", {"detail": {"state": [{"exists": True}]}}, EC2_PENDING, True),
    ("exists-true-missing", {"detail": {"state": [{"exists": True}]}}, EC2_NESTED_COUNT, False),
    ("exists-false-missing", {"detail": {"c-count": [{"exists": False}]}}, EC2_PENDING, True),
    (
        "exists-false-not-a-leaf",
        {"detail": {"c-count": [{"exists": False}]}},
        EC2_NESTED_COUNT,
        True,
    ),
    ("exists-false-present", {"detail": {"c-count": [{"exists": False}]}}, EC2_RUNNING, False),
    (
        "complex",
        {
            "time": [{"prefix": "2017-10-02"}],
            "detail": {
                "state": [{"anything-but": "initializing"}],
                "c-count": [{"numeric": [">", 0, "<=", 5]}],
                "d-count": [{"numeric": ["<", 10]}],
                "x-limit": [{"anything-but": [100, 200, 300]}],
                "source-ip": [{"cidr": "10.0.0.0/8"}],
            },
        },
        EC2_RUNNING,
        True,
    ),
    # Comparison operators
    ("equals", {"Name": ["Alice"]}, {"Name": "Alice"}, True),
    ("equals-is-case-sensitive", {"Name": ["Alice"]}, {"Name": "alice"}, False),
    ("equals-ignore-case", {"Name": [{"equals-ignore-case": "alice"}]}, {"Name": "ALICE"}, True),
    ("empty", {"LastName": [""]}, {"LastName": ""}, True),
    ("null", {"UserID": [None]}, {"UserID": None}, True),
    ("exists", {"ProductName": [{"exists": True}]}, {"ProductName": "Widget"}, True),
    ("does-not-exist", {"ProductName": [{"exists": False}]}, {"Price": 3}, True),
    ("not", {"Weather": [{"anything-but": ["Raining"]}]}, {"Weather": "Sunny"}, True),
    ("or-values", {"PaymentType": ["Credit", "Debit"]}, {"PaymentType": "Debit"}, True),
    (
        "and",
        {"Location": ["New York"], "Day": ["Monday"]},
        {"Location": "New York", "Day": "Tuesday"},
        False,
    ),
    (
        "or-fields",
        {"$or": [{"Location": ["New York"]}, {"Day": ["Monday"]}]},
        {"Location": "Boston", "Day": "Monday"},
        True,
    ),
    (
        "or-fields-neither",
        {"$or": [{"Location": ["New York"]}, {"Day": ["Monday"]}]},
        {"Location": "Boston", "Day": "Tuesday"},
        False,
    ),
    (
        "or-numeric",
        {
            "detail": {
                "$or": [
                    {"c-count": [{"numeric": [">", 0, "<=", 5]}]},
                    {"d-count": [{"numeric": ["<", 10]}]},
                    {"x-limit": [{"numeric": ["=", 3.018e2]}]},
                ]
            }
        },
        detail(**{"c-count": 50, "d-count": 50, "x-limit": 301.8}),
        True,
    ),
    (
        "or-with-and",
        {
            "source": ["aws.cloudwatch"],
            "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/ES"]}],
        },
        CLOUDWATCH,
        True,
    ),
    (
        "or-parallel",
        {
            "$or": [{"metricName": ["DiskReadOps"]}, {"namespace": ["AWS/EC2"]}],
            "detail": {"$or": [{"source": ["aws.cloudwatch"]}, {"detail-type": ["Alarm"]}]},
        },
        {**CLOUDWATCH, "detail": {"source": "aws.cloudwatch"}},
        True,
    ),
    (
        "or-nested-and-or",
        {
            "source": ["aws.cloudwatch"],
            "$or": [
                {"metricName": ["ReadLatency"]},
                {
                    "metricType": ["MetricType"],
                    "namespace": ["AWS/EC2", "AWS/ES"],
                    "$or": [{"metricId": [1234]}, {"spaceId": [1000]}],
                },
                {"scope": ["Service"]},
            ],
        },
        {**CLOUDWATCH, "metricType": "MetricType", "spaceId": 1000},
        True,
    ),
    (
        "or-nested-and-or-inner-fails",
        {
            "source": ["aws.cloudwatch"],
            "$or": [
                {"metricName": ["ReadLatency"]},
                {
                    "metricType": ["MetricType"],
                    "namespace": ["AWS/EC2", "AWS/ES"],
                    "$or": [{"metricId": [1234]}, {"spaceId": [1000]}],
                },
            ],
        },
        {**CLOUDWATCH, "metricType": "MetricType", "spaceId": 1001},
        False,
    ),
    (
        "wildcard",
        {"source": [{"wildcard": "Simple*Service"}]},
        {"source": "SimpleQueueService"},
        True,
    ),
    (
        "wildcard-other",
        {"source": [{"wildcard": "Simple*Service"}]},
        {"source": "SimpleQueue"},
        False,
    ),
    (
        "wildcard-folder",
        {"FileName": [{"wildcard": "dir/*.png"}]},
        {"FileName": "dir/holiday/beach.png"},
        True,
    ),
    (
        "wildcard-event-bus-arn",
        {"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]},
        {"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/orders"},
        True,
    ),
    (
        "wildcard-repeated-segments",
        {"FileName": [{"wildcard": "/Users/*/dir/dir/dir/dir/dir/doc.txt"}]},
        {"FileName": "/Users/ls_user/dir/dir/dir/dir/dir/doc.txt"},
        True,
    ),
]


@pytest.mark.parametrize(
    ("pattern", "event", "expected"),
    [case[1:] for case in DOCUMENTED],
    ids=[case[0] for case in DOCUMENTED],
)
def test_documented_examples(
    pattern: dict[str, Any], event: dict[str, Any], expected: bool
) -> None:
    assert compile_pattern(pattern).matches(event) is expected


def matches(pattern: dict[str, Any], event: Any) -> bool:
    return compile_pattern(pattern).matches(event)


# --- exact values -------------------------------------------------------------------------------


@pytest.mark.parametrize("literal", ["300", "300.0", "3.0e2", "3e2", "300.0000001"])
def test_numbers_compare_by_value_not_spelling(literal: str) -> None:
    # Given a pattern and an event that spell the same number differently
    pattern = json.loads('{"detail": {"limit": [300]}}')
    event = {"detail": {"limit": json.loads(literal)}}
    # Then they are equal (to EventBridge's six decimal places)
    assert matches(pattern, event)


def test_numbers_differing_in_the_sixth_decimal_differ() -> None:
    assert not matches({"n": [300]}, {"n": 300.000001})


def test_large_numbers_beyond_the_numeric_limits_still_match_exactly() -> None:
    assert matches({"n": [10**12]}, {"n": 1e12})
    assert not matches({"n": [10**12]}, {"n": 10**12 + 1})


def test_booleans_are_not_numbers_and_strings_are_not_numbers() -> None:
    assert not matches({"flag": [1]}, {"flag": True})
    assert not matches({"flag": [True]}, {"flag": 1})
    assert not matches({"n": [0]}, {"n": False})
    assert not matches({"n": [5]}, {"n": "5"})
    assert not matches({"n": ["5"]}, {"n": 5})
    assert matches({"flag": [True]}, {"flag": True})
    assert not matches({"flag": [True]}, {"flag": False})
    assert matches({"flag": [False]}, {"flag": False})


def test_field_names_are_case_sensitive() -> None:
    assert not matches({"Source": ["aws.ec2"]}, EC2_TERMINATED)


def test_null_matches_a_null_field_not_a_missing_one() -> None:
    assert matches({"a": [None]}, {"a": None})
    assert not matches({"a": [None]}, {})
    assert not matches({"a": [None]}, {"a": []})


# --- arrays and nested objects ------------------------------------------------------------------


def test_event_array_matches_when_any_element_matches_any_value() -> None:
    assert matches({"tags": ["b", "z"]}, {"tags": ["a", "b"]})
    assert not matches({"tags": ["y", "z"]}, {"tags": ["a", "b"]})
    assert matches({"tags": [{"prefix": "b"}]}, {"tags": ["a", ["b-nested"]]})


def test_empty_event_array_has_no_value_to_match() -> None:
    assert not matches({"resources": [{"anything-but": "x"}]}, {"resources": []})
    assert not matches({"resources": [{"exists": True}]}, {"resources": []})
    assert matches({"resources": [{"exists": False}]}, {"resources": []})


def test_object_field_does_not_match_a_leaf_array() -> None:
    event = {"detail": {"state": {"name": "running"}}}
    assert not matches({"detail": {"state": ["running"]}}, event)
    assert not matches({"detail": {"state": [{"anything-but": "x"}]}}, event)
    assert not matches({"detail": {"state": [{"exists": True}]}}, event)
    assert matches({"detail": {"state": [{"exists": False}]}}, event)


def test_nested_pattern_does_not_match_a_scalar() -> None:
    assert not matches({"detail": {"my-key": ["my-value"]}}, {"detail": '{"my-key": "my-value"}'})
    assert not matches({"detail": {"state": [{"anything-but": "x"}]}}, {"detail": None})


def test_nested_pattern_matches_one_element_of_an_array_of_objects() -> None:
    event = {
        "employees": [
            {"firstName": "John", "lastName": "Doe"},
            {"firstName": "Anna", "lastName": "Smith"},
            {"firstName": "Peter", "lastName": "Jones"},
        ]
    }
    assert matches({"employees": {"firstName": ["Anna"]}}, event)
    assert matches({"employees": {"firstName": ["Anna"], "lastName": ["Smith"]}}, event)
    # Fields from two different elements do not combine
    assert not matches({"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}, event)
    assert matches({"employees": {"firstName": ["Peter"]}}, {"employees": [event["employees"]]})


def test_exists_inside_an_array_of_objects() -> None:
    event = {"detail": {"automations": [{"key1": "v"}, {"id": "match-does-exist"}, {"key2": "v"}]}}
    assert matches({"detail": {"automations": {"id": [{"exists": True}]}}}, event)
    assert not matches({"detail": {"automations": {"name": [{"exists": True}]}}}, event)


def test_exists_false_holds_under_a_missing_parent() -> None:
    assert matches({"detail": {"c-count": [{"exists": False}]}}, {"source": "x"})
    assert matches({"detail": {"c-count": [{"exists": False}]}}, {"detail": "flat"})
    assert not matches({"detail": {"c-count": [{"exists": True}]}}, {"source": "x"})


def test_exists_applies_to_leaves_only() -> None:
    event = {"dynamodb": {"id": {"S": "test1234"}, "presentKey": {"S": "test123"}}}
    assert matches({"dynamodb": {"presentKey": {"S": [{"exists": True}]}}}, event)
    assert not matches({"dynamodb": {"presentKey": [{"exists": True}]}}, event)


def test_exists_true_matches_a_null_field() -> None:
    assert matches({"a": [{"exists": True}]}, {"a": None})


def test_or_of_anything_but_and_exists_false() -> None:
    pattern = {
        "dynamodb": {
            "NewImage": {"homemade": {"S": [{"anything-but": ["roses"]}, {"exists": False}]}}
        }
    }
    assert matches(pattern, {"dynamodb": {"NewImage": {"homemade": {"N": "789"}}}})
    assert matches(pattern, {"dynamodb": {"NewImage": {"purchased": {"N": "789"}}}})
    assert matches(pattern, {"dynamodb": {"NewImage": {"homemade": {"S": "tulips"}}}})
    assert not matches(pattern, {"dynamodb": {"NewImage": {"homemade": {"S": "roses"}}}})


def test_nested_or_inside_nested_objects() -> None:
    pattern = {
        "detail": {
            "$or": [
                {"a": {"$or": [{"b": ["1"]}, {"c": ["2"]}]}},
                {"d": [{"numeric": [">=", 10]}]},
            ]
        }
    }
    assert matches(pattern, {"detail": {"a": {"c": "2"}}})
    assert matches(pattern, {"detail": {"a": {"b": "0"}, "d": 10}})
    assert not matches(pattern, {"detail": {"a": {"b": "0"}, "d": 9.5}})


def test_events_may_be_any_mapping_and_hold_other_scalars() -> None:
    from decimal import Decimal
    from types import MappingProxyType

    event = MappingProxyType({"detail": MappingProxyType({"state": "running", "n": Decimal(1)})})
    assert matches({"detail": {"state": ["running"]}}, event)
    assert matches({"detail": {"n": [{"exists": True}]}}, event)
    assert not matches({"detail": {"n": [1]}}, event)


def test_non_object_events_never_match() -> None:
    pattern = compile_pattern({"a": [{"exists": False}]})
    not_objects: list[Any] = [[], "a", None, 3]
    for event in not_objects:
        assert not pattern.matches(event)


# --- operators ----------------------------------------------------------------------------------


def test_string_operators_ignore_other_types() -> None:
    for operator in (
        {"prefix": "1"},
        {"suffix": "1"},
        {"equals-ignore-case": "1"},
        {"wildcard": "1*"},
        {"cidr": "10.0.0.0/8"},
    ):
        assert not matches({"v": [operator]}, {"v": 10})
        assert not matches({"v": [operator]}, {"v": None})


def test_numeric_ignores_strings_and_booleans() -> None:
    assert not matches({"n": [{"numeric": [">", 0]}]}, {"n": "42"})
    assert not matches({"n": [{"numeric": [">", 0]}]}, {"n": True})
    assert not matches({"n": [{"numeric": [">", 0]}]}, {"n": None})
    # A string that is not a number matches through a string operator alongside
    pattern = {"n": [{"numeric": [">", 100]}, {"anything-but": "101"}]}
    assert matches(pattern, {"n": "42"})


def test_numeric_compares_ints_and_floats() -> None:
    assert matches({"n": [{"numeric": [">", 100]}]}, {"n": 101.0})
    assert matches({"n": [{"numeric": ["=", 5]}]}, {"n": 5.0})
    assert matches({"n": [{"numeric": [">=", 1.5, "<", 2]}]}, {"n": 1.5})
    assert not matches({"n": [{"numeric": [">=", 1.5, "<", 2]}]}, {"n": 2})


def test_numeric_ignores_values_beyond_the_limits() -> None:
    assert matches({"n": [{"numeric": [">", 0]}]}, {"n": 5.0e9})
    assert not matches({"n": [{"numeric": [">", 0]}]}, {"n": 5.0e9 + 1})
    assert not matches({"n": [{"numeric": ["<", 0]}]}, {"n": -(10**400)})


def test_anything_but_matches_null_and_other_types_but_not_missing() -> None:
    assert matches({"s": [{"anything-but": "initializing"}]}, {"s": None})
    assert matches({"s": [{"anything-but": "123"}]}, {"s": 123})
    assert matches({"s": [{"anything-but": 123}]}, {"s": "123"})
    assert matches({"s": [{"anything-but": {"prefix": "init"}}]}, {"s": 12})
    assert matches({"s": [{"anything-but": {"wildcard": "*/dir/*"}}]}, {"s": 123})
    assert matches({"s": [{"anything-but": {"prefix": ["init", "test"]}}]}, {"s": None})
    assert not matches({"s": [{"anything-but": "initializing"}]}, {})


def test_anything_but_on_an_array_needs_one_allowed_element() -> None:
    assert matches({"price": [{"anything-but": [100, 500]}]}, {"price": [100, 50]})
    assert not matches({"price": [{"anything-but": [100, 500]}]}, {"price": [100, 500.0]})


def test_anything_but_number_list_compares_by_value() -> None:
    pattern = json.loads('{"x": [{"anything-but": [1e2, 2.0E2]}]}')
    assert not matches(pattern, {"x": 100})
    assert not matches(pattern, {"x": 200.0})
    assert matches(pattern, {"x": 300})


def test_anything_but_prefix_and_suffix_lists() -> None:
    prefixes = {"s": [{"anything-but": {"prefix": ["init", "test"]}}]}
    assert matches(prefixes, {"s": "post-init"})
    assert not matches(prefixes, {"s": "testing"})
    suffixes = {"s": [{"anything-but": {"suffix": [".txt", ".md"]}}]}
    assert matches(suffixes, {"s": "a.png"})
    assert not matches(suffixes, {"s": "README.md"})


def test_anything_but_empty_wildcard_excludes_only_the_empty_string() -> None:
    pattern = {"s": [{"anything-but": {"wildcard": ""}}]}
    assert matches(pattern, {"s": "dir/init/file"})
    assert not matches(pattern, {"s": ""})


@pytest.mark.parametrize(
    ("pattern_text", "event_text"),
    [
        ("straße", "STRASSE"),
        ("École", "éCOLE"),
        ("ΣΑΣ", "σας"),
        ("", ""),
    ],
)
def test_equals_ignore_case_folds_unicode(pattern_text: str, event_text: str) -> None:
    assert matches({"v": [{"equals-ignore-case": pattern_text}]}, {"v": event_text})
    assert not matches({"v": [{"equals-ignore-case": pattern_text + "x"}]}, {"v": event_text})


def test_prefix_and_suffix_ignore_case_fold_unicode() -> None:
    assert matches({"v": [{"prefix": {"equals-ignore-case": "ÉCO"}}]}, {"v": "école"})
    assert matches({"v": [{"suffix": {"equals-ignore-case": "STRASSE"}}]}, {"v": "hauptstraße"})
    assert matches({"v": [{"anything-but": {"equals-ignore-case": "Ölfeld"}}]}, {"v": "olfeld"})
    assert not matches({"v": [{"anything-but": {"equals-ignore-case": "Ölfeld"}}]}, {"v": "ÖLFELD"})


@pytest.mark.parametrize(
    ("wildcard", "value", "expected"),
    [
        ("*", "", True),
        ("*", "anything", True),
        ("a*", "a", True),
        ("*a", "ba", True),
        ("*a", "ab", False),
        ("a*b*c", "abc", True),
        ("a*b*c", "aXbYc", True),
        ("a*b*c", "acb", False),
        ("ab*ba", "aba", False),
        ("ab*ba", "abba", True),
        ("a*a*a", "aaa", True),
        ("a*a*a", "aa", False),
        ("*.png", "a.png.txt", False),
        ("exact", "exact", True),
        ("exact", "exactly", False),
        ("\\*", "*", True),
        ("\\*", "x", False),
        ("a\\**", "a*bc", True),
        ("a\\**", "abc", False),
        ("back\\\\slash", "back\\slash", True),
        ("multi*\nline", "multi\n\nline", True),
    ],
)
def test_wildcard(wildcard: str, value: str, expected: bool) -> None:
    assert matches({"v": [{"wildcard": wildcard}]}, {"v": value}) is expected


@pytest.mark.parametrize(
    ("cidr", "address", "expected"),
    [
        ("10.0.0.0/24", "10.0.0.0", True),
        ("10.0.0.0/24", "9.255.255.255", False),
        ("10.0.0.1/24", "10.0.0.77", True),
        ("0.0.0.0/0", "255.255.255.255", True),
        ("10.0.0.5/32", "10.0.0.5", True),
        ("10.0.0.0/8", "not an address", False),
        ("10.0.0.0/8", "10.0.0", False),
        ("10.0.0.0/8", "10.0.0.1.2", False),
        ("10.0.0.0/8", "10.0.0.256", False),
        ("10.0.0.0/8", "10.0.0.01", False),
        ("10.0.0.0/8", "10.0.0.+1", False),
        ("10.0.0.0/8", "10.0.0.\N{SUPERSCRIPT TWO}", False),
        ("10.0.0.0/8", "10.0..1", False),
        ("10.0.0.0/8", "10.0.0.0", True),
        ("10.0.0.0/8", "::ffff:10.0.0.1", False),
        ("2001:db8::/32", "2001:DB8:ffff::1", True),
        ("2001:db8::/32", "2001:db9::1", False),
        ("2001:db8::/32", "10.0.0.1", False),
        ("2001:db8::/32", "2001:db8::zz", False),
        ("fe80::/10", "fe80::1%eth0", True),
        ("::/0", "::1", True),
    ],
)
def test_cidr(cidr: str, address: str, expected: bool) -> None:
    assert matches({"ip": [{"cidr": cidr}]}, {"ip": address}) is expected


# --- validation ---------------------------------------------------------------------------------


INVALID: list[tuple[str, Any, str]] = [
    ("not-an-object", ["source"], "pattern: an event pattern is a JSON object"),
    ("empty-pattern", {}, "pattern: empty object"),
    ("empty-nested", {"detail": {}}, "pattern['detail']: empty object"),
    ("scalar-leaf", {"source": "aws.ec2"}, "pattern['source']: a field's value is an array"),
    ("number-leaf", {"int": 42}, "pattern['int']: a field's value is an array"),
    ("empty-array", {"resources": []}, "pattern['resources']: empty array"),
    ("non-string-key", {1: ["a"]}, "pattern: field names are strings, got 1"),
    ("array-in-array", {"a": [["x"]]}, "pattern['a']: match values are strings, numbers"),
    ("nan", {"a": [float("nan")]}, "pattern['a']: match values must be finite numbers"),
    (
        "two-operators",
        {"a": [{"prefix": "a", "suffix": "b"}]},
        "pattern['a']: an operator object holds exactly one operator",
    ),
    ("empty-operator", {"a": [{}]}, "an operator object holds exactly one operator, got {}"),
    (
        "unknown-operator",
        {"detail": {"equal": [{"NUMERIC": ["=", 5]}]}},
        "pattern['detail']['equal']: unknown operator 'NUMERIC'; EventBridge accepts "
        "anything-but, cidr, equals-ignore-case, exists, numeric, prefix, suffix, wildcard",
    ),
    ("exists-string", {"a": [{"exists": "true"}]}, "exists takes true or false, got 'true'"),
    ("prefix-number", {"time": [{"prefix": 123}]}, "prefix takes a string, got 123"),
    ("prefix-list", {"time": [{"prefix": ["2022"]}]}, "prefix takes a string, got ['2022']"),
    (
        "prefix-unknown-option",
        {"time": [{"prefix": {"wildcard": "a*"}}]},
        "prefix takes a string or {'equals-ignore-case': 'text'}",
    ),
    ("suffix-list", {"f": [{"suffix": [".png"]}]}, "suffix takes a string, got ['.png']"),
    (
        "suffix-ignore-case-number",
        {"f": [{"suffix": {"equals-ignore-case": 1}}]},
        "suffix equals-ignore-case takes a string, got 1",
    ),
    (
        "ignore-case-list",
        {"t": [{"equals-ignore-case": ["ec2"]}]},
        "equals-ignore-case takes a string, got ['ec2']",
    ),
    (
        "ignore-case-object",
        {"t": [{"equals-ignore-case": {"prefix": "ec2"}}]},
        "equals-ignore-case takes a string",
    ),
    ("wildcard-number", {"arn": [{"wildcard": 123}]}, "wildcard takes a string, got 123"),
    (
        "wildcard-consecutive",
        {"arn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]},
        "pattern['arn']: wildcard 'arn:aws:events:us-east-1:**:event-bus/*' has consecutive '*' "
        "at index 25",
    ),
    (
        "wildcard-bad-escape",
        {"f": [{"wildcard": "a\\b"}]},
        "has a backslash at index 1 that escapes 'b'",
    ),
    ("wildcard-trailing-escape", {"f": [{"wildcard": "a\\"}]}, "escapes 'nothing'"),
    (
        "anything-but-null",
        {"s": [{"anything-but": None}]},
        "anything-but takes a string, a number, a non-empty list of only strings or only numbers",
    ),
    ("anything-but-bool", {"s": [{"anything-but": True}]}, "anything-but takes a string"),
    ("anything-but-empty", {"s": [{"anything-but": []}]}, "anything-but takes a string"),
    ("anything-but-mixed", {"s": [{"anything-but": ["a", 1]}]}, "only strings or only numbers"),
    ("anything-but-null-item", {"s": [{"anything-but": ["a", None]}]}, "only strings"),
    (
        "anything-but-numeric",
        {"s": [{"anything-but": {"numeric": [">", 1]}}]},
        "anything-but takes one of equals-ignore-case, prefix, suffix, wildcard in an object",
    ),
    (
        "anything-but-two-operators",
        {"s": [{"anything-but": {"prefix": "a", "suffix": "b"}}]},
        "anything-but takes one of",
    ),
    (
        "anything-but-prefix-empty",
        {"s": [{"anything-but": {"prefix": ""}}]},
        "anything-but prefix cannot be an empty string",
    ),
    (
        "anything-but-suffix-empty-in-list",
        {"s": [{"anything-but": {"suffix": [".txt", ""]}}]},
        "anything-but suffix cannot be an empty string",
    ),
    (
        "anything-but-prefix-number",
        {"s": [{"anything-but": {"prefix": 123}}]},
        "anything-but prefix takes a string or a non-empty list of strings, got 123",
    ),
    (
        "anything-but-prefix-list-type",
        {"s": [{"anything-but": {"prefix": [123, "test"]}}]},
        "anything-but prefix takes a string or a non-empty list of strings",
    ),
    (
        "anything-but-prefix-ignore-case",
        {"s": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]},
        "anything-but prefix takes a string or a non-empty list of strings",
    ),
    (
        "anything-but-ignore-case-number",
        {"s": [{"anything-but": {"equals-ignore-case": [123, 456]}}]},
        "anything-but equals-ignore-case takes a string or a non-empty list of strings",
    ),
    (
        "anything-but-wildcard-list-type",
        {"s": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]},
        "anything-but wildcard takes a string or a non-empty list of strings",
    ),
    (
        "anything-but-wildcard-consecutive",
        {"s": [{"anything-but": {"wildcard": ["a**"]}}]},
        "has consecutive '*'",
    ),
    (
        "numeric-not-a-number",
        {"detail": {"price": [{"numeric": [">", "x"]}]}},
        "pattern['detail']['price']: numeric expects pairs of comparison operator and number, "
        "got ['>', 'x']",
    ),
    ("numeric-missing-number", {"c": [{"numeric": [">", 0, "<"]}]}, "numeric expects pairs"),
    ("numeric-not-a-list", {"c": [{"numeric": 5}]}, "numeric expects pairs"),
    ("numeric-empty", {"c": [{"numeric": []}]}, "numeric expects pairs"),
    ("numeric-bool", {"c": [{"numeric": [">", True]}]}, "numeric expects pairs"),
    ("numeric-unknown-operator", {"c": [{"numeric": ["=>", 1]}]}, "numeric expects pairs"),
    ("numeric-unhashable-operator", {"c": [{"numeric": [[">"], 1]}]}, "numeric expects pairs"),
    (
        "numeric-two-lower-bounds",
        {"c": [{"numeric": [">", 0, ">", 0]}]},
        "a numeric range is a lower bound ('>' or '>=') followed by an upper bound",
    ),
    ("numeric-upper-first", {"c": [{"numeric": ["<", 5, ">", 0]}]}, "a numeric range is a lower"),
    ("numeric-equals-in-range", {"c": [{"numeric": ["=", 5, "<", 6]}]}, "a numeric range"),
    (
        "numeric-empty-range",
        {"c": [{"numeric": [">", 5, "<", 5]}]},
        "numeric range ['>', 5, '<', 5] is empty",
    ),
    ("numeric-inverted-range", {"c": [{"numeric": [">=", 6, "<=", 5]}]}, "is empty"),
    (
        "numeric-three-comparisons",
        {"c": [{"numeric": [">", 0, "<", 5, "<", 6]}]},
        "numeric takes one comparison or a range of two",
    ),
    (
        "numeric-beyond-limit",
        {"c": [{"numeric": ["<", 5.0e9 + 1]}]},
        "numeric matching works between -5.0e9 and 5.0e9 inclusive",
    ),
    ("numeric-infinite", {"c": [{"numeric": [">", float("-inf")]}]}, "between -5.0e9 and 5.0e9"),
    ("cidr-list", {"ip": [{"cidr": ["10.0.0.0/8"]}]}, "cidr takes a string like '10.0.0.0/24'"),
    ("cidr-no-mask", {"ip": [{"cidr": "10.0.0.1"}]}, "cidr '10.0.0.1' is not 'address/prefix"),
    ("cidr-two-slashes", {"ip": [{"cidr": "10.0.0.0/8/8"}]}, "is not 'address/prefix-length'"),
    ("cidr-bad-mask", {"ip": [{"cidr": "10.0.0.0/x"}]}, "is not 'address/prefix-length'"),
    ("cidr-mask-too-long", {"ip": [{"cidr": "10.0.0.0/33"}]}, "cidr '10.0.0.0/33' is not valid"),
    ("cidr-bad-address", {"ip": [{"cidr": "xx.11.xx/24"}]}, "cidr 'xx.11.xx/24' is not valid"),
    ("cidr-bad-v6", {"ip": [{"cidr": "xxxx:db8:1234:1a00::/64"}]}, "is not valid"),
    (
        "or-one-alternative",
        {"$or": [{"a": ["x"]}]},
        "pattern['$or']: $or takes a list of at least two",
    ),
    ("or-object", {"$or": {"a": ["x"]}}, "$or takes a list of at least two pattern objects"),
    ("or-not-objects", {"$or": [{"a": ["x"]}, "b"]}, "pattern['$or'][1]: each $or alternative"),
    (
        "or-invalid-alternative",
        {"detail": {"$or": [{"a": ["x"]}, {"b": []}]}},
        "pattern['detail']['$or'][1]['b']: empty array",
    ),
]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_patterns_are_rejected_with_the_reason(pattern: Any, message: str) -> None:
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        compile_pattern(pattern)


def test_configuration_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="empty array"):
        compile_pattern({"a": []})


# --- the compiled object ------------------------------------------------------------------------


def test_pattern_keeps_a_copy_of_the_original() -> None:
    # Given a pattern that the caller later changes
    original: dict[str, Any] = {"source": ["aws.ec2"], "detail": {"state": ["running"]}}
    compiled = compile_pattern(original)
    original["detail"]["state"].append("stopped")
    # Then the compiled pattern and its record of the pattern are unchanged
    assert compiled.pattern == {"source": ["aws.ec2"], "detail": {"state": ["running"]}}
    assert not compiled.matches({"source": "aws.ec2", "detail": {"state": "stopped"}})
    assert json.loads(json.dumps(compiled.pattern)) == compiled.pattern


def test_repr_shows_the_pattern() -> None:
    compiled = compile_pattern({"source": ["aws.ec2"]})
    assert isinstance(compiled, EventPattern)
    assert repr(compiled) == "EventPattern({'source': ['aws.ec2']})"
