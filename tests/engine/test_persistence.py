"""snapshot() / restore(): round trips, downtime, and whatever a store may hand back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
import json
import logging

import pytest

from custom_components.occupancy_manager.engine import (
    EARLIEST,
    Ladder,
    LockState,
    OccupancyEngine,
)
from custom_components.occupancy_manager.engine.persistence import encode as encode_v1

from .common import at, loc, secs

HOUSE = (
    loc("house", quiet=False),
    loc("kitchen", "house", quiet=False),
    loc("bedroom", "house", quiet=False),
    loc("hall", "house", follow=True, quiet=False),
)


def busy_house() -> OccupancyEngine:
    eng = OccupancyEngine(HOUSE, at(0))
    eng.trigger("kitchen", "motion", at(0), timeout=secs(600), occupant="ann")
    eng.trigger("kitchen", "presence", at(0), timeout=None)
    eng.clear("kitchen", "presence", at(10), trailing=secs(120))
    eng.trigger("bedroom", "motion", at(0), timeout=secs(900))
    eng.lock("bedroom", "sleep", at(100), state=LockState.OCCUPIED, until=at(5000))
    return eng


def version_1(eng: OccupancyEngine) -> dict[str, object]:
    """The snapshot in version 1 (what ``snapshot()`` writes by default)."""
    return json.loads(json.dumps(encode_v1(eng._runtime.order, eng._last)))


def compact(eng: OccupancyEngine) -> dict[str, object]:
    """The snapshot in the compact format (version 3)."""
    return json.loads(json.dumps(eng.snapshot(compact=True)))


def states(eng: OccupancyEngine) -> dict[str, object]:
    return {
        location_id: eng.state(location_id)
        for location_id in sorted(eng.location_ids())
    }


def test_snapshot_is_json_and_versioned() -> None:
    snapshot = busy_house().snapshot()
    assert snapshot["version"] == 1
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert busy_house().snapshot(compact=True)["version"] == 3


def test_round_trip_reproduces_every_state_and_deadline() -> None:
    eng = busy_house()
    eng.advance(at(150))
    snapshot = json.loads(json.dumps(eng.snapshot()))
    fresh = OccupancyEngine(HOUSE, at(150))
    fresh.restore(snapshot, at(150))
    assert states(fresh) == states(eng)
    assert fresh.next_deadline == eng.next_deadline
    # ... and both go on identically.
    for moment in (300, 601, 5000, 5500, 9000):
        assert (
            fresh.advance(at(moment)).transitions == eng.advance(at(moment)).transitions
        )
    assert states(fresh) == states(eng)


def test_restore_into_the_same_engine_is_silent() -> None:
    eng = busy_house()
    result = eng.restore(eng.snapshot(), at(0))
    assert result.transitions == ()


@pytest.mark.parametrize("moment", [0, 150, 700, 3000, 20000])
@pytest.mark.parametrize("snapshot_of", [version_1, compact])
def test_restore_without_report_leaves_the_same_state(
    moment: float, snapshot_of: Callable[[OccupancyEngine], dict[str, object]]
) -> None:
    snapshot = snapshot_of(busy_house())
    reported = OccupancyEngine(HOUSE, at(moment))
    quiet = OccupancyEngine(HOUSE, at(moment))
    result = reported.restore(snapshot, at(moment))
    assert result.transitions  # a fresh engine restored: every busy location changed
    silent = quiet.restore(snapshot, at(moment), report=False)
    assert silent.transitions == ()
    assert silent.next_deadline == result.next_deadline == quiet.next_deadline
    assert states(quiet) == states(reported)
    # Nothing of the restore is left to report with the next input.
    assert quiet.advance(at(moment)).transitions == ()
    assert quiet.advance(at(moment + 9000)) == reported.advance(at(moment + 9000))


def test_a_locked_vacant_location_keeps_its_lock_in_the_compact_format() -> None:
    eng = OccupancyEngine(HOUSE, at(0))
    eng.lock("kitchen", "away", at(10), state=LockState.VACANT, until=at(900))
    fresh = OccupancyEngine(HOUSE, at(20))
    fresh.restore(compact(eng), at(20))
    assert states(fresh) == states(eng)
    assert fresh.next_deadline == eng.next_deadline == at(900)


def test_downtime_expires_contributions_at_their_own_time() -> None:
    snapshot = busy_house().snapshot()
    later = OccupancyEngine(HOUSE, at(3000))
    later.restore(snapshot, at(3000))
    kitchen = later.state("kitchen")
    assert not kitchen.occupied
    assert kitchen.vacant_since == at(600)
    assert kitchen.occupants == frozenset()
    # The sleep lock and its suspended remainder survive any downtime.
    bedroom = later.state("bedroom")
    assert bedroom.locked_by == {"sleep"}
    assert {c.source_id: c.remaining for c in bedroom.contributions} == {
        "motion": secs(800),
        "sleep": None,
    }
    assert later.state("house").occupied


def test_lock_until_that_passed_while_down_releases_on_restore() -> None:
    snapshot = busy_house().snapshot()
    later = OccupancyEngine(HOUSE, at(20000))
    later.restore(snapshot, at(20000))
    bedroom = later.state("bedroom")
    assert not bedroom.locked
    assert not bedroom.occupied
    # Released at 5000, its 800 s remainder ran out at 5800.
    assert bedroom.vacant_since == at(5800)
    assert bedroom.ladder is Ladder.EXTENDED_VACANT


def test_naive_timestamps_are_read_as_utc() -> None:
    snapshot = version_1(busy_house())
    naive = json.loads(json.dumps(snapshot).replace("+00:00", ""))
    fresh = OccupancyEngine(HOUSE, at(50))
    fresh.restore(naive, at(50))
    expected = OccupancyEngine(HOUSE, at(50))
    expected.restore(snapshot, at(50))
    assert states(fresh) == states(expected)


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        ([1, 2, 3], "expected a mapping"),
        ("garbage", "expected a mapping"),
        ({"version": 99, "locations": {}}, "unsupported version 99"),
        ({"locations": {}}, "unsupported version None"),
        ({"version": 1, "locations": []}, "'locations' is not a mapping"),
    ],
)
def test_foreign_snapshots_are_ignored_with_a_warning(
    snapshot: object, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    eng = busy_house()
    before = states(eng)
    with caplog.at_level(logging.WARNING):
        result = eng.restore(snapshot, at(100))  # type: ignore[arg-type]
    assert result.transitions == ()
    assert states(eng) == before
    assert message in caplog.text


def test_unknown_locations_and_garbage_entries_are_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    snapshot = version_1(busy_house())
    locations = snapshot["locations"]
    assert isinstance(locations, dict)
    locations["garage"] = locations["kitchen"]
    locations["house"] = "not a mapping"
    locations["bedroom"]["occupied"] = "yes"
    locations["kitchen"]["contributions"].append({"source": 5})
    locations["kitchen"]["contributions"].append({"source": "x", "expires_at": "soon"})
    locations["kitchen"]["contributions"].append({"source": "y", "remaining": -4})
    locations["kitchen"]["locks"] = [{"until": None}]
    fresh = OccupancyEngine(HOUSE, at(0))
    with caplog.at_level(logging.WARNING):
        fresh.restore(snapshot, at(0))
    for text in (
        "'garage'",
        "'house'",
        "'bedroom'",
        "bad source id 5",
        "'expires_at'",
        "out of range",
    ):
        assert text in caplog.text
    kitchen = fresh.state("kitchen")
    assert {c.source_id for c in kitchen.contributions} == {"motion", "presence"}
    assert not kitchen.locked
    assert fresh.state("house").occupied  # re-derived from the kitchen
    assert not fresh.state("bedroom").occupied


def test_stale_snapshot_with_inconsistent_flags_is_repaired() -> None:
    snapshot = {
        "version": 1,
        "locations": {
            "house": {"occupied": True, "contributions": []},
            "kitchen": {
                "occupied": False,
                "contributions": [{"source": "m", "expires_at": at(100).isoformat()}],
            },
            "bedroom": {
                "occupied": True,
                "contributions": [{"source": "b", "remaining": 30.0}],
            },
        },
    }
    eng = OccupancyEngine(HOUSE, at(0))
    eng.restore(snapshot, at(50))
    assert eng.state("kitchen").occupied
    assert eng.state("house").occupied
    assert eng.state("hall").occupied
    # An unlocked suspended remainder restarts at restore time.
    assert {c.source_id: c.expires_at for c in eng.state("bedroom").contributions} == {
        "b": at(80)
    }
    eng.advance(at(100))
    assert not eng.state("kitchen").occupied
    assert not eng.state("house").occupied
    assert not eng.state("hall").occupied


def test_restored_occupancy_always_has_a_hold_or_a_deadline() -> None:
    snapshot = {
        "version": 1,
        "locations": {"kitchen": {"occupied": True, "ladder": "occupied"}},
    }
    eng = OccupancyEngine(HOUSE, at(0))
    result = eng.restore(snapshot, at(10))
    assert not eng.state("kitchen").occupied
    assert [t.reason for t in result.transitions] == []  # vacant before and after


# -- the compact format (version 3) and the old ones it replaced ----------------------


def varied_house() -> OccupancyEngine:
    """``busy_house`` with held sensors and moments off the whole second."""
    eng = busy_house()
    eng.trigger("kitchen", "door", at(50.000001), timeout=None)
    eng.trigger("house", "tv", at(60.5), timeout=None)
    eng.trigger("house", "lamp", at(70.25), timeout=secs(1000.5))
    eng.advance(at(100.123457))
    return eng


VARIED_HOUSE_IN_VERSION_2 = {
    "version": 2,
    "now": "2025-01-01T00:01:40.123457+00:00",
    "locations": {
        "house": {
            "s": -100.123457,
            "a": -29.873457,
            "c": [["lamp", 970.626543], ["tv", None]],
        },
        "kitchen": {
            "s": -100.123457,
            "a": -50.123456,
            "c": [
                ["door", None],
                ["motion", 499.876543, "ann"],
                ["presence", 29.876543, None, None, True],
            ],
        },
        "bedroom": {
            "s": -100.123457,
            "a": -100.123457,
            "c": [["motion", None, None, 800.0], ["sleep", None]],
            "k": [["sleep", 4899.876543]],
            "l": "occupied",
        },
        "hall": {"s": -100.123457},
    },
}
"""``varied_house`` as the releases that wrote version 2 saved it."""


@pytest.mark.parametrize("moment", [100.123457, 150, 600, 5000])
def test_every_older_version_restores_like_the_current_one(moment: float) -> None:
    eng = varied_house()
    current = compact(eng)
    assert current["version"] == 3
    expected = OccupancyEngine(HOUSE, at(moment))
    restored = expected.restore(current, at(moment))
    assert states(expected) == states(eng) or moment != 100.123457
    for old in (version_1(eng), VARIED_HOUSE_IN_VERSION_2):
        fresh = OccupancyEngine(HOUSE, at(moment))
        assert fresh.restore(json.loads(json.dumps(old)), at(moment)) == restored
        assert states(fresh) == states(expected)
        assert fresh.next_deadline == expected.next_deadline


def test_the_compact_format_writes_microseconds_and_held_sensors_by_id() -> None:
    locations = compact(varied_house())["locations"]
    assert isinstance(locations, dict)
    assert locations["house"] == {
        "s": -100_123_457,
        "a": -29_873_457,
        "c": [["lamp", 970_626_543], "tv"],
    }
    assert locations["kitchen"]["c"][0] == "door"
    assert locations["bedroom"]["k"] == [["sleep", 4_899_876_543]]
    # A duration stays in seconds, as in version 2.
    assert locations["bedroom"]["c"] == [["motion", None, None, 800.0], "sleep"]


@pytest.mark.parametrize("moment", [150, 600, 5000])
def test_an_old_snapshot_restores_like_the_compact_one(moment: float) -> None:
    eng = busy_house()
    eng.advance(at(100))
    old, new = version_1(eng), compact(eng)
    assert len(json.dumps(new)) < len(json.dumps(old)) / 2
    from_old = OccupancyEngine(HOUSE, at(moment))
    from_new = OccupancyEngine(HOUSE, at(moment))
    assert from_old.restore(old, at(moment)) == from_new.restore(new, at(moment))
    assert states(from_old) == states(from_new)
    assert from_old.next_deadline == from_new.next_deadline


def test_compact_moments_are_exact_to_the_microsecond_and_far_ones_survive() -> None:
    eng = OccupancyEngine(HOUSE, at(0.000001))
    eng.trigger("kitchen", "motion", at(10.123457), timeout=secs(600.000001))
    eng.trigger("bedroom", "motion", at(11), timeout=secs(10**11))  # saturates
    eng.lock("bedroom", "party", at(12), until=at(10**9 + 0.5))
    eng.lock("hall", "party", at(12), until=at(5 * 10**9 + 0.25))  # written as ISO text
    snapshot = compact(eng)
    fresh = OccupancyEngine(HOUSE, at(13))
    fresh.restore(snapshot, at(13))
    assert states(fresh) == states(eng)
    assert fresh.next_deadline == eng.next_deadline


def test_compact_snapshot_writes_only_what_a_restore_reads() -> None:
    eng = busy_house()
    locations = compact(eng)["locations"]
    assert isinstance(locations, dict)
    # The house's contribution from the kitchen is derived again on restore.
    assert "c" not in locations["house"]
    assert "l" not in locations["kitchen"]
    # A locked location keeps everything it froze.
    assert locations["bedroom"]["l"] == "occupied"
    # Moments are microseconds after the snapshot's now (the engine's latest, t0+100).
    assert locations["bedroom"]["k"] == [["sleep", 4_900_000_000]]
    assert "o" not in locations["kitchen"]  # occupied: it has an occupied_since
    assert locations["kitchen"]["s"] == -100_000_000


def test_compact_garbage_entries_are_skipped(caplog: pytest.LogCaptureFixture) -> None:
    snapshot = compact(busy_house())
    locations = snapshot["locations"]
    assert isinstance(locations, dict)
    locations["garage"] = locations["kitchen"]
    locations["house"] = "not a mapping"
    locations["bedroom"]["o"] = "yes"
    kitchen = locations["kitchen"]
    kitchen["c"] += [
        [5, None],
        ["x", "soon"],
        ["y", None, None, -4],
        ["z", None, 7],
        ["w", None, None, None, "yes"],
        ["v", 1e300, None, 5],
        7,
        "",  # a held sensor without an id
    ]
    kitchen["k"] = [["sleep"], [None, None]]
    kitchen["a"] = [1]
    fresh = OccupancyEngine(HOUSE, at(0))
    with caplog.at_level(logging.WARNING):
        fresh.restore(snapshot, at(0))
    for text in (
        "'garage'",
        "'house'",
        "'bedroom'",
        "bad source id 5",
        "'expires_at'",
        "out of range",
        "occupant is not a string",
        "'trailing' is not a boolean",
        "both an expiry and a remaining time",
        "not a list of 2 to 5 items",
        "not a [source, until] pair",
        "ignoring 'a' is not a moment",
    ):
        assert text in caplog.text
    room = fresh.state("kitchen")
    assert {c.source_id for c in room.contributions} == {"motion", "presence"}
    assert not room.locked
    assert fresh.state("house").occupied  # re-derived from the kitchen
    assert not fresh.state("bedroom").occupied


def test_a_version_2_contribution_is_never_a_source_id_alone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    snapshot = {
        "version": 2,
        "now": at(0).isoformat(),
        "locations": {"kitchen": {"s": -60, "c": ["m", ["n", None]]}},
    }
    eng = OccupancyEngine(HOUSE, at(0))
    with caplog.at_level(logging.WARNING):
        eng.restore(snapshot, at(0))
    assert "skipping contribution: not a list of 2 to 5 items: 'm'" in caplog.text
    assert [c.source_id for c in eng.state("kitchen").contributions] == ["n"]


@pytest.mark.parametrize("version", [2, 3])
@pytest.mark.parametrize("value", [float("nan"), True, {"t": 1}])
def test_compact_moment_that_is_not_a_number_is_skipped(
    version: int, value: object, caplog: pytest.LogCaptureFixture
) -> None:
    snapshot = {
        "version": version,
        "now": at(0).isoformat(),
        "locations": {"kitchen": {"o": True, "c": [["m", value]]}},
    }
    eng = OccupancyEngine(HOUSE, at(0))
    with caplog.at_level(logging.WARNING):
        eng.restore(snapshot, at(0))
    assert "is not a moment" in caplog.text
    assert not eng.state("kitchen").occupied


def test_compact_snapshot_without_locations_is_ignored(
    caplog: pytest.LogCaptureFixture,
) -> None:
    eng = busy_house()
    before = states(eng)
    with caplog.at_level(logging.WARNING):
        assert eng.restore({"version": 2, "locations": []}, at(100)).transitions == ()
    assert states(eng) == before
    assert "'locations' is not a mapping" in caplog.text


@pytest.mark.parametrize("now", [None, "yesterday"])
def test_compact_snapshot_without_a_valid_now_is_ignored(
    now: object, caplog: pytest.LogCaptureFixture
) -> None:
    snapshot = compact(busy_house())
    snapshot["now"] = now
    eng = OccupancyEngine(HOUSE, at(0))
    with caplog.at_level(logging.WARNING):
        assert eng.restore(snapshot, at(0)).transitions == ()
    assert not eng.state("kitchen").occupied
    assert "no valid 'now'" in caplog.text


def test_compact_occupied_flag_that_disagrees_with_its_timestamps_is_kept() -> None:
    snapshot = {
        "version": 2,
        "now": at(0).isoformat(),
        "locations": {
            "kitchen": {"o": True, "c": [["m", 60]]},
            "bedroom": {"o": False, "s": -10, "v": -5},
        },
    }
    eng = OccupancyEngine(HOUSE, at(0))
    eng.restore(snapshot, at(0))
    assert eng.state("kitchen").occupied
    assert eng.state("kitchen").contributions[0].expires_at == at(60)
    assert not eng.state("bedroom").occupied


def test_a_corrupt_child_contribution_of_a_locked_location_carries_no_identity() -> (
    None
):
    """Found by the snapshot fuzz test: a child's contribution restored into a locked
    location with an occupant (or an expiry) kept it after the unlock, so the
    location's own snapshot no longer reproduced it."""
    eng = OccupancyEngine(HOUSE, at(0))
    eng.trigger("kitchen", "p", at(0), timeout=None)
    eng.lock("house", "guard", at(1))
    snapshot = compact(eng)
    snapshot["locations"]["house"]["c"] = [["location:kitchen", 500, "ghost"]]
    fresh = OccupancyEngine(HOUSE, at(2))
    fresh.restore(snapshot, at(2))
    fresh.unlock_all("house", at(3))
    house = fresh.state("house")
    assert [(c.source_id, c.expires_at, c.occupant) for c in house.contributions] == [
        ("location:kitchen", None, None)
    ]
    assert house.occupants == frozenset()
    again = OccupancyEngine(HOUSE, at(3))
    again.restore(compact(fresh), at(3))
    assert states(again) == states(fresh)


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        (float("nan"), None),  # not a moment: dropped alone, with a warning
        (1e13, at(100)),  # after now: now (nothing happened in the future)
        (1e300, at(100)),  # beyond a timedelta: the end of time, then now
        (-1e300, EARLIEST),  # before the start of time: its start
        ("2025-01-01", at(0)),  # ISO text (a date alone: its midnight)
    ],
)
def test_compact_stamps_beyond_a_timedelta_are_dropped_or_brought_in_range(
    value: object, moment: datetime | None, caplog: pytest.LogCaptureFixture
) -> None:
    snapshot = {
        "version": 2,
        "now": at(100).isoformat(),
        "locations": {"kitchen": {"s": value, "a": value, "c": [["m", None]]}},
    }
    eng = OccupancyEngine(HOUSE, at(0))
    with caplog.at_level(logging.WARNING):
        eng.restore(snapshot, at(100))
    kitchen = eng.state("kitchen")
    assert kitchen.occupied
    assert kitchen.occupied_since == kitchen.last_activity == moment
    assert ("ignoring 's' is not a moment" in caplog.text) is (moment is None)


def test_compact_contributions_that_are_not_a_list_skip_the_location(
    caplog: pytest.LogCaptureFixture,
) -> None:
    snapshot = {
        "version": 2,
        "now": at(0).isoformat(),
        "locations": {"kitchen": {"s": -60, "c": "m"}},
    }
    eng = OccupancyEngine(HOUSE, at(0))
    with caplog.at_level(logging.WARNING):
        eng.restore(snapshot, at(0))
    assert "skipping location 'kitchen': 'c' is not a list" in caplog.text
    assert not eng.state("kitchen").occupied


@pytest.mark.parametrize("snapshot_of", [version_1, compact])
def test_a_remaining_time_too_large_for_a_float_is_skipped_alone(
    snapshot_of: Callable[[OccupancyEngine], dict[str, object]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Found by the session's old-vs-new restores: ``math.isfinite(10**400)`` raised
    OverflowError out of ``restore``."""
    eng = busy_house()
    snapshot = snapshot_of(eng)
    bedroom = snapshot["locations"]["bedroom"]  # type: ignore[index]
    motion = bedroom["contributions" if "contributions" in bedroom else "c"][0]
    if isinstance(motion, dict):
        motion["remaining"] = 10**400
    else:
        motion[3] = 10**400
    fresh = OccupancyEngine(HOUSE, at(100))
    with caplog.at_level(logging.WARNING):
        fresh.restore(snapshot, at(100))
    assert "remaining time out of range: 1000" in caplog.text
    bedroom_state = fresh.state("bedroom")
    assert bedroom_state.locked_by == frozenset({"sleep"})
    assert [c.source_id for c in bedroom_state.contributions] == ["sleep"]
