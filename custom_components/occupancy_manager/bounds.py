"""The bounds of every duration and source id a user can give (CONTRACT, revision 2).

One reading for the forms, the actions and the stored configuration, so a value one
boundary accepts can never crash another later. Pure: no Home Assistant imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
import math
import re
from typing import Final

MIN_DURATION: Final = timedelta(seconds=1)
MAX_DURATION: Final = timedelta(days=3650)
_MIN_SECONDS: Final = MIN_DURATION.total_seconds()
_MAX_SECONDS: Final = MAX_DURATION.total_seconds()

# Units the duration selector (and cv.time_period_dict) may send, in seconds.
_UNITS: Final = {
    "days": 86400.0,
    "hours": 3600.0,
    "minutes": 60.0,
    "seconds": 1.0,
    "milliseconds": 0.001,
}
_CLOCK = re.compile(r"^(-)?(\d+):(\d+)(?::(\d+(?:\.\d+)?))?$")

# Error keys (translations: config/options/subentry "error" and "exceptions").
DURATION_INVALID: Final = "duration_invalid"
DURATION_TOO_SHORT: Final = "duration_too_short"
DURATION_TOO_SHORT_ZERO_OK: Final = "duration_too_short_zero_ok"
DURATION_TOO_LONG: Final = "duration_too_long"

SOURCE_ID_REQUIRED: Final = "source_id_required"
SOURCE_ID_RESERVED: Final = "source_id_reserved"
SOURCE_ID_INVALID: Final = "source_id_invalid"
RESERVED_PREFIX: Final = "location:"


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:
            return None  # an integer past the float range measures nothing
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def duration_seconds(value: object) -> float | None:
    """Seconds of a duration given as the selector's dict, a number, text or a timedelta.

    None when ``value`` is not a duration at all (wrong type, unknown unit, NaN,
    infinite). Sums stay floats so an absurd value is measured, never overflows.
    """
    seconds: float | None
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, Mapping):
        if not value or not set(value) <= set(_UNITS):
            return None
        seconds = 0.0
        for unit, amount in value.items():
            number = _number(amount)
            if number is None:
                return None
            seconds += number * _UNITS[unit]
    elif isinstance(value, str) and (match := _CLOCK.match(value.strip())):
        sign, hours, minutes, secs = match.groups()
        # float(), not int(): a huge count becomes inf (refused below) instead of
        # raising OverflowError, or ValueError past Python's 4,300-digit limit.
        seconds = float(hours) * 3600.0 + float(minutes) * 60.0 + float(secs or 0)
        seconds = -seconds if sign else seconds
    else:
        seconds = _number(value)
    if seconds is None or not math.isfinite(seconds):
        return None
    return seconds


def check_duration(value: object, *, zero_ok: bool) -> timedelta | str:
    """The duration as a timedelta within bounds, or the error key that refuses it."""
    seconds = duration_seconds(value)
    if seconds is None:
        return DURATION_INVALID
    if seconds > _MAX_SECONDS:
        return DURATION_TOO_LONG
    if zero_ok and seconds == 0:
        return timedelta(0)
    if seconds < _MIN_SECONDS:
        return DURATION_TOO_SHORT_ZERO_OK if zero_ok else DURATION_TOO_SHORT
    return timedelta(seconds=seconds)


def clamp_duration(value: object, default: timedelta, *, zero_ok: bool) -> timedelta:
    """A stored duration brought within bounds; ``default`` when it is no duration."""
    seconds = duration_seconds(value)
    if seconds is None:
        return default
    if seconds > _MAX_SECONDS:
        return MAX_DURATION
    if zero_ok and seconds <= 0:
        return timedelta(0)
    if seconds < _MIN_SECONDS:
        return MIN_DURATION
    return timedelta(seconds=seconds)


class RefusedError(Exception):
    """A value outside the bounds; ``key`` is the translation key that says why."""

    def __init__(self, key: str) -> None:
        """Refuse for the reason ``key``."""
        super().__init__(key)
        self.key = key


def check_source_id(value: object) -> str:
    """The source id stripped of surrounding whitespace; raise RefusedError if none."""
    if value is None:
        raise RefusedError(SOURCE_ID_REQUIRED)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RefusedError(SOURCE_ID_INVALID)
    source_id = str(value).strip()
    if not source_id:
        raise RefusedError(SOURCE_ID_REQUIRED)
    if source_id.startswith(RESERVED_PREFIX):
        raise RefusedError(SOURCE_ID_RESERVED)
    return source_id
