"""SQL text shared by the writer and the vendor modules."""

from __future__ import annotations

from collections.abc import Sized


def placeholders(values: Sized) -> str:
    """One "%s" per value, for an IN list whose values go in as query parameters."""
    return ", ".join(["%s"] * len(values))
