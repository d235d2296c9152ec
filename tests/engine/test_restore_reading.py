"""A compact snapshot read location by location restores as decoding it first does.

``restoring.restore`` loads a compact snapshot's usual entries into their nodes as it
reads them, and hands every other entry to the decoder's records (restoring.py).
These tests pin that path to the general one, ``apply_records(decode(...))``, on
whole and damaged files: the same result, states, deadlines and warnings, in order.
"""

from __future__ import annotations

from collections.abc import Callable
import copy
from datetime import UTC, datetime, timedelta
import logging

from hypothesis import example, given, strategies as st
import pytest

from custom_components.occupancy_manager.engine import OccupancyEngine, Result
from custom_components.occupancy_manager.engine.compact import (
    QUICK_MICROSECONDS,
    Moments,
    decode,
)
from custom_components.occupancy_manager.engine.persistence import saved_at
from custom_components.occupancy_manager.engine.restoring import apply_records

from .common import at
from .test_persistence import HOUSE, busy_house, compact, states

type Locations = dict[str, dict[str, object]]


def _general(
    eng: OccupancyEngine, snapshot: dict[str, object], moment: int, *, report: bool
) -> Result:
    """What ``restore`` did before it read compact entries as it goes."""
    runtime = eng._runtime
    records = decode(snapshot, runtime.nodes)
    runtime.override = "restore"
    try:
        apply_records(runtime, records, at(moment), saved_at(snapshot), report=report)
    finally:
        runtime.override = None
    if report:
        return eng._result()
    deadline = runtime.next_deadline()
    runtime.discard_changes()
    return Result(next_deadline=deadline)


def _damage(change: Callable[[Locations], None]) -> dict[str, object]:
    snapshot = compact(busy_house())
    locations = snapshot["locations"]
    assert isinstance(locations, dict)
    change(locations)
    return snapshot


DAMAGE: dict[str, Callable[[Locations], None]] = {
    "none": lambda locations: None,
    "contributions not a list": lambda locations: locations["kitchen"].update(c=7),
    "a bad item among good ones": lambda locations: locations["kitchen"].update(
        c=[["a", None], [5, None], ["b", None, "ann"], "junk", ["location:x", None]]
    ),
    "a moment that is text": lambda locations: locations["kitchen"].update(s="soon"),
    "two faults in one entry": lambda locations: locations["kitchen"].update(
        s=[1], c=[["a", None], [None, None]]
    ),
    "a moment that is far": lambda locations: locations["house"].update(a=1e300),
    "an explicit null": lambda locations: locations["kitchen"].update(v=None),
    "a stated flag": lambda locations: locations["hall"].update(o=True),
    "an unknown location": lambda locations: locations.update(garage={"v": -5}),
    "an entry that is not a mapping": lambda locations: locations.update(house=[1]),
    "only a stamp": lambda locations: locations.update(kitchen={"a": -30}),
    "a lock on a usual room": lambda locations: locations["kitchen"].update(
        k=[["party", 300]]
    ),
    # Held sensors alone, as the encoder writes them (loaded at once), and out of its
    # order, twice, or with a child's key (loaded one by one).
    "held sensors in order": lambda locations: locations["house"].update(
        c=[["door", None], ["motion", None], ["tv", None]]
    ),
    "held sensors out of order": lambda locations: locations["house"].update(
        c=[["motion", None], ["door", None]]
    ),
    "a held sensor twice": lambda locations: locations["house"].update(
        c=[["door", None], ["door", None], ["tv", None]]
    ),
    "a held sensor and a child's key": lambda locations: locations["house"].update(
        c=[["door", None], ["location:kitchen", None], ["location:porch", None]]
    ),
    # Version 3's held sensors by id alone, and its moments in microseconds.
    "held sensors by id in order": lambda locations: locations["house"].update(
        c=["door", "motion", "tv"]
    ),
    "held sensors by id and as pairs": lambda locations: locations["house"].update(
        c=["door", ["motion", None], "tv"]
    ),
    "held sensors by id out of order": lambda locations: locations["house"].update(
        c=["motion", "door", "motion"]
    ),
    "an empty id and a child's key": lambda locations: locations["house"].update(
        c=["", "location:kitchen", "tv"]
    ),
    "a moment that is a float": lambda locations: locations["kitchen"].update(
        s=-30.5, a=float("nan")
    ),
    "a moment beyond a timedelta": lambda locations: locations["kitchen"].update(
        s=-(10**30), a=10**30
    ),
    "a moment before 1970": lambda locations: locations["hall"].update(
        s=-(10**17), a=-(10**16)
    ),
}


@pytest.mark.parametrize("report", [True, False])
@pytest.mark.parametrize("moment", [200, 900, 9000])
@pytest.mark.parametrize("damage", DAMAGE)
def test_reading_as_it_goes_restores_as_decoding_first(
    damage: str, moment: int, report: bool, caplog: pytest.LogCaptureFixture
) -> None:
    snapshot = _damage(DAMAGE[damage])
    ours, general = busy_house(), busy_house()
    for eng in (ours, general):
        states(eng)  # cached, as the host's entities would have them
        eng.advance(at(150))
    with caplog.at_level(logging.WARNING):
        got = ours.restore(copy.deepcopy(snapshot), at(moment), report=report)
        ours_warnings = [record.getMessage() for record in caplog.records]
        caplog.clear()
        expected = _general(general, copy.deepcopy(snapshot), moment, report=report)
        general_warnings = [record.getMessage() for record in caplog.records]
    assert got == expected
    assert ours_warnings == general_warnings
    assert states(ours) == states(general)
    assert ours.next_deadline == general.next_deadline
    for later in (moment + 100, moment + 1000, moment + 9000):
        assert ours.advance(at(later)) == general.advance(at(later))


def test_a_clock_that_went_back_moves_a_compact_snapshot_with_it() -> None:
    """Saved an hour after the restore's ``now``: the general way shifts every moment."""
    snapshot = compact(busy_house())
    snapshot["now"] = "2025-01-01T01:00:00+00:00"
    ours, general = OccupancyEngine(HOUSE, at(0)), OccupancyEngine(HOUSE, at(0))
    got = ours.restore(copy.deepcopy(snapshot), at(0))
    assert got == _general(general, snapshot, 0, report=True)
    assert states(ours) == states(general)


def test_a_lock_named_like_a_child_location_locks_nothing() -> None:
    """Only a location's own sources lock it; ``location:...`` is a child's key."""
    snapshot = compact(busy_house())
    locations = snapshot["locations"]
    assert isinstance(locations, dict)
    locations["kitchen"]["k"] = [["location:hall", None]]
    locations["bedroom"]["k"] = [["location:hall", None], ["sleep", 5000]]
    eng = OccupancyEngine(HOUSE, at(100))
    eng.restore(snapshot, at(100))
    kitchen, bedroom = eng.state("kitchen"), eng.state("bedroom")
    assert not kitchen.locked
    assert kitchen.occupied  # its contributions loaded as an unlocked room's
    assert bedroom.locked_by == frozenset({"sleep"})


def test_a_compact_entry_with_an_unknown_ladder_state_is_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    snapshot = compact(busy_house())
    locations = snapshot["locations"]
    assert isinstance(locations, dict)
    locations["bedroom"]["l"] = "sleepy"
    eng = OccupancyEngine(HOUSE, at(100))
    with caplog.at_level(logging.WARNING):
        eng.restore(snapshot, at(100))
    assert "skipping location 'bedroom': unknown ladder state 'sleepy'" in caplog.text
    assert not eng.state("bedroom").locked


@given(
    st.integers(-(4 * 10**15), 4 * 10**15).map(lambda micro: micro / 1e6)
    | st.floats(allow_nan=False)
    | st.integers(-(10**20), 10**20),
    st.integers(-(10**6), 10**6),
)
@example(-86365.204632, 0)  # as the encoder writes them
@example(-1234.5678905, 0)  # half a microsecond: timedelta rounds half to even
@example(-0.0000005, 1)
@example(3999999999.9999995, 0)
@example(-4e9, 0)
@example(8e13, 0)  # beyond a timedelta
def test_a_version_2_moment_reads_as_that_many_seconds_after_now(
    value: float, microseconds: int
) -> None:
    """A stamp's quick way (a multiple of a microsecond) is ``timedelta(0, value)``."""
    now = at(0) + timedelta(microseconds=microseconds)
    moments = Moments(now, 2)
    assert moments.stamp("kitchen", value, "s") == moments.moment(value, "s")


_NOW_US = (at(0) - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


@given(
    st.integers(-_NOW_US - 10**6, QUICK_MICROSECONDS - _NOW_US + 10**6)
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False),
    st.integers(-(10**6), 10**6),
)
@example(-86365204632, 0)  # as the encoder writes them
@example(-_NOW_US, 0)  # 1970: the quick way's first microsecond
@example(-_NOW_US - 1, 0)  # the microsecond before: the general way
@example(QUICK_MICROSECONDS - _NOW_US - 1, 0)  # the quick way's last microsecond
@example(QUICK_MICROSECONDS - _NOW_US, 0)
@example(QUICK_MICROSECONDS - _NOW_US - 1, 999_999)
@example(10**20, 0)  # beyond a timedelta
@example(-0.5, 1)  # a float: the general way
def test_a_version_3_moment_reads_as_that_many_microseconds_after_now(
    value: float, microseconds: int
) -> None:
    """A stamp's quick way (``fromtimestamp``) is ``timedelta(0, 0, value)``."""
    now = at(0) + timedelta(microseconds=microseconds)
    moments = Moments(now, 3)
    got = moments.stamp("kitchen", value, "s")
    assert got == moments.moment(value, "s")
    assert got is None or got.tzinfo is UTC
