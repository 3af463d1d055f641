"""Batches: the dispatcher for record batches, identity rules, concurrency and envelopes."""
