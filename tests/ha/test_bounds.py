"""The bounds of durations and source ids (CONTRACT, revision 2), as pure functions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.occupancy_manager.bounds import (
    MAX_DURATION,
    MIN_DURATION,
    RefusedError,
    check_duration,
    check_source_id,
    clamp_duration,
)

DAY = 86400


@pytest.mark.parametrize(
    ("value", "zero_ok", "expected"),
    [
        ({"hours": 0, "minutes": 5, "seconds": 0}, False, timedelta(minutes=5)),
        ({"days": 3650}, False, MAX_DURATION),
        (1, False, MIN_DURATION),
        (1.5, False, timedelta(seconds=1.5)),
        ("00:02:00", False, timedelta(minutes=2)),
        ("90", False, timedelta(seconds=90)),
        (timedelta(hours=3), False, timedelta(hours=3)),
        ({"seconds": 0}, True, timedelta(0)),
        (0, True, timedelta(0)),
        ({"seconds": 0}, False, "duration_too_short"),
        (0, False, "duration_too_short"),
        (-1, False, "duration_too_short"),
        ("-00:00:05", False, "duration_too_short"),
        (0.5, False, "duration_too_short"),
        ({"milliseconds": 500}, False, "duration_too_short"),
        (-1, True, "duration_too_short_zero_ok"),
        (0.2, True, "duration_too_short_zero_ok"),
        (3650 * DAY + 1, False, "duration_too_long"),
        ({"days": 3650000}, False, "duration_too_long"),
        ({"hours": 99_999_999}, False, "duration_too_long"),
        (1e12, True, "duration_too_long"),
        (1e15, False, "duration_too_long"),
        (1e308, False, "duration_too_long"),
        ({"hours": 1e308, "minutes": 1e308}, False, "duration_invalid"),
        (float("inf"), False, "duration_invalid"),
        ("inf", False, "duration_invalid"),
        (float("nan"), True, "duration_invalid"),
        ({"seconds": float("nan")}, False, "duration_invalid"),
        ({"weeks": 1}, False, "duration_invalid"),
        ({}, False, "duration_invalid"),
        ({"seconds": "soon"}, False, "duration_invalid"),
        ({"seconds": True}, False, "duration_invalid"),
        (True, False, "duration_invalid"),
        ("soon", False, "duration_invalid"),
        ([5], False, "duration_invalid"),
    ],
)
def test_check_duration(value: object, zero_ok: bool, expected: object) -> None:
    assert check_duration(value, zero_ok=zero_ok) == expected


@pytest.mark.parametrize(
    ("value", "zero_ok", "expected"),
    [
        (0, False, MIN_DURATION),
        (-5, False, MIN_DURATION),
        (-5, True, timedelta(0)),
        (0.3, True, MIN_DURATION),
        ({"hours": 99_999_999}, False, MAX_DURATION),
        (float("nan"), False, timedelta(minutes=7)),
        ("garbage", False, timedelta(minutes=7)),
        (30, False, timedelta(seconds=30)),
    ],
)
def test_clamp_duration(value: object, zero_ok: bool, expected: timedelta) -> None:
    assert clamp_duration(value, timedelta(minutes=7), zero_ok=zero_ok) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("cooking\n", "cooking"),
        ("  party mode  ", "party mode"),
        (42, "42"),
        ("küche", "küche"),
    ],
)
def test_source_id_is_stripped(value: object, expected: str) -> None:
    assert check_source_id(value) == expected


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (None, "source_id_required"),
        ("", "source_id_required"),
        (" \n\t", "source_id_required"),
        ("location:kitchen", "source_id_reserved"),
        ("  location:kitchen", "source_id_reserved"),
        ({"a": 1}, "source_id_invalid"),
        (["a"], "source_id_invalid"),
        (True, "source_id_invalid"),
    ],
)
def test_source_id_refused(value: object, key: str) -> None:
    with pytest.raises(RefusedError) as err:
        check_source_id(value)
    assert err.value.key == key
