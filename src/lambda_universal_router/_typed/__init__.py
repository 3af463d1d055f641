"""Typed handlers: binding plans from signatures, conversions, JSON Schema and OpenAPI."""
