"""Checks of the values an input carries: moments in UTC and in range, durations, ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .bounds import EARLIEST, LATEST
from .model import CHILD_SOURCE_PREFIX

_ZERO = timedelta(0)


def utc(value: datetime, name: str = "now", *, saturate: bool = False) -> datetime:
    """Return ``value`` in UTC; reject naive datetimes and moments out of range.

    With ``saturate`` a moment past the engine's range means "as late as possible".
    """
    tzinfo = value.tzinfo
    if tzinfo is not UTC:
        if tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
        try:
            value = value.astimezone(UTC)
        except OverflowError:
            if not saturate or value.year < LATEST.year:
                raise ValueError(f"{name} is out of range: {value!r}") from None
            value = LATEST
    if saturate:
        if value >= LATEST:
            return LATEST
    elif value >= LATEST:
        raise ValueError(f"{name} must be before {LATEST.isoformat()}, got {value!r}")
    if value < EARLIEST:
        raise ValueError(f"{name} must be after {EARLIEST.isoformat()}, got {value!r}")
    return value


def check_duration(value: timedelta, name: str, *, allow_zero: bool) -> None:
    """Reject a non-timedelta, a negative duration, or zero unless ``allow_zero``."""
    if not isinstance(value, timedelta):
        raise TypeError(f"{name} must be a timedelta, got {type(value).__name__}")
    if value < _ZERO or (value == _ZERO and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}, got {value}")


def check_source(source_id: str) -> None:
    """Reject an empty source id and the ``location:`` ids reserved for children."""
    if not source_id:
        raise ValueError("source id must not be empty")
    if source_id.startswith(CHILD_SOURCE_PREFIX):
        raise ValueError(
            f"source id {source_id!r} is reserved: {CHILD_SOURCE_PREFIX!r} marks child locations"
        )
