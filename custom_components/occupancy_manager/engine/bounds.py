"""The engine's time range, and arithmetic that saturates at its ends.

A ``datetime`` overflows near years 1 and 9999. Any duration the engine accepts may
be added to any moment it accepts, so every such sum goes through :func:`later`,
which stops at :data:`LATEST` instead of raising halfway through an input. The year
of margin on each side lets the host convert any engine timestamp to local time (or
add a little to it) without overflowing either.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

LATEST: Final = datetime(9999, 1, 1, tzinfo=UTC)
"""No expiry, threshold or lock end is later: "forever" for practical purposes."""
EARLIEST: Final = datetime(2, 1, 1, tzinfo=UTC)
"""No engine timestamp is earlier."""


CENTURY: Final = timedelta(days=36525)
CENTURY_BEFORE_LATEST: Final = LATEST - CENTURY
"""A duration under a century added to a moment before this cannot reach LATEST."""


def later(moment: datetime, duration: timedelta) -> datetime:
    """``moment + duration``, or :data:`LATEST` if that is later (or overflows)."""
    # Every sum the engine makes in practice is far from the end: two comparisons
    # settle it without building the timedelta ``LATEST - moment``.
    if duration < CENTURY and moment < CENTURY_BEFORE_LATEST:
        return moment + duration
    if duration >= LATEST - moment:
        return LATEST
    return moment + duration


def earlier(moment: datetime, duration: timedelta) -> datetime:
    """``moment - duration``, or :data:`EARLIEST` if that is earlier (or overflows)."""
    if duration >= moment - EARLIEST:
        return EARLIEST
    return moment - duration


def clamp(moment: datetime) -> datetime:
    """``moment`` brought into the engine's range."""
    return min(max(moment, EARLIEST), LATEST)
