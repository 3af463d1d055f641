"""The event-source-mapping poller behind ``lambda-router poll``: SQS, Kinesis, DynamoDB Streams."""
