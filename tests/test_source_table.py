"""The source table names code by ``"module:attribute"`` strings, resolved only when a router
compiles: every one of them must import, so a moved module cannot break a source silently."""

from __future__ import annotations

import pytest

from lambda_universal_router._dispatch import load
from lambda_universal_router._sources import SOURCES, Source

REFERENCES = ("event", "dispatcher", "filters", "identity", "batch")


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.name)
def test_every_module_attribute_string_resolves(source: Source) -> None:
    for field in REFERENCES:
        reference = getattr(source, field)
        if reference is not None:
            assert ":" in reference, f"{source.name}.{field} = {reference!r}"
            assert load(reference) is not None, f"{source.name}.{field} = {reference!r}"
