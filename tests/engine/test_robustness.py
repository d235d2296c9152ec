"""Issue 11: no value the engine accepts raises later, ghosts, and a clock that goes back.

Every test here failed before its fix: huge durations overflowed ``datetime``
arithmetic mid-call, a lock released while another lock stayed left the parent
listing an occupant its child no longer had, and a backward clock jump stretched a
timer by the size of the jump.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json

import pytest

from custom_components.occupancy_manager.engine import (
    LATEST,
    Ladder,
    LocationConfig,
    LockState,
    OccupancyEngine,
)

from .common import T0, at, loc, secs

HUGE = (
    timedelta(hours=99_999_999),
    timedelta(seconds=1e12),
    timedelta.max,
)


def states(eng: OccupancyEngine) -> dict[str, object]:
    return {i: eng.state(i) for i in sorted(eng.location_ids())}


# -- 1. huge durations -----------------------------------------------------------------


@pytest.mark.parametrize("huge", HUGE)
@pytest.mark.parametrize(
    "field",
    [
        "default_timeout",
        "default_trailing_timeout",
        "recently_occupied_after",
        "extended_vacancy_after",
    ],
)
def test_huge_location_timings_never_overflow(field: str, huge: timedelta) -> None:
    house = LocationConfig(id="house", name="House")
    room = LocationConfig(id="room", name="Room", parent_id="house", **{field: huge})  # type: ignore[arg-type]
    eng = OccupancyEngine((house, room), T0)
    eng.trigger("room", "motion", at(1))
    eng.clear("room", "motion", at(2))
    eng.trigger("room", "presence", at(3), timeout=None)
    eng.clear("room", "presence", at(4), trailing=secs(0))
    eng.lock("room", "guard", at(5), state=LockState.OCCUPIED)
    eng.unlock("room", "guard", at(6))
    eng.advance(at(10_000))
    assert eng.next_deadline is None or eng.next_deadline <= LATEST
    fresh = OccupancyEngine((house, room), at(10_000))
    fresh.restore(json.loads(json.dumps(eng.snapshot())), at(10_000))
    assert states(fresh) == states(eng)


@pytest.mark.parametrize("huge", HUGE)
def test_huge_input_durations_saturate_and_apply_atomically(huge: timedelta) -> None:
    eng = OccupancyEngine(
        (loc("house"), loc("room", "house", recently_occupied_after=10**9)), T0
    )
    result = eng.trigger("room", "motion", at(1), timeout=huge)
    room = eng.state("room")
    # Stored and applied together: the flag, the parent and the deadline agree.
    assert room.occupied
    assert eng.state("house").occupied
    assert room.contributions[0].expires_at == LATEST
    assert result.next_deadline is not None
    assert result.next_deadline <= LATEST
    eng.clear("room", "motion", at(2), trailing=huge)
    assert eng.state("room").contributions[0].expires_at == LATEST
    eng.lock("room", "guard", at(3))
    eng.unlock("room", "guard", at(4))
    assert eng.state("room").contributions[0].expires_at == LATEST


def test_a_now_past_the_engine_range_is_refused_before_anything_changes() -> None:
    eng = OccupancyEngine((loc("room"),), T0)
    before = states(eng)
    with pytest.raises(ValueError, match="now"):
        eng.trigger("room", "motion", LATEST + timedelta(days=1))
    with pytest.raises(ValueError, match="now"):
        eng.advance(datetime.max.replace(tzinfo=UTC))
    assert states(eng) == before


# -- 2. corrupt snapshots ----------------------------------------------------------------


def _snapshot(**room: object) -> dict[str, object]:
    entry: dict[str, object] = {"occupied": False, "ladder": "vacant"}
    entry.update(room)
    return {"version": 1, "locations": {"room": entry}}


FAR = "9999-12-31T23:59:59+00:00"
NAIVE_FAR = "9999-12-31T23:59:59"


@pytest.mark.parametrize(
    "room",
    [
        {"vacant_since": FAR},
        {"vacant_since": NAIVE_FAR},
        {"last_activity": FAR, "occupied": True},
        {"occupied_since": FAR, "occupied": True},
        {"vacant_since": "0001-01-01T00:00:00+00:00"},
        {"vacant_since": "0001-01-01T00:00:00-05:00"},
        {"vacant_since": "9999-12-31T23:00:00-05:00"},
        {
            "occupied": True,
            "contributions": [{"source": "m", "remaining": 1e12}],
        },
        {
            "occupied": True,
            "contributions": [{"source": "m", "remaining": 8e13}],
        },
        {
            "occupied": True,
            "contributions": [{"source": "m", "expires_at": FAR}],
        },
        {
            "occupied": True,
            "contributions": [{"source": "m", "remaining": 1e12}],
            "locks": [{"source": "guard", "until": None}],
        },
        {
            "occupied": True,
            "contributions": [{"source": "m", "expires_at": FAR}],
            "locks": [{"source": "guard", "until": FAR}],
        },
        {"locks": [{"source": "guard", "until": FAR}]},
        {"contributions": [{"source": "m", "remaining": float("nan")}]},
        {"contributions": [{"source": "m", "remaining": float("inf")}]},
        {"contributions": [{"source": "m", "remaining": -1}]},
        {"contributions": [{"source": "m", "remaining": "10"}]},
        {"contributions": [{"source": "m", "expires_at": 12}]},
        {"contributions": "nope"},
        {"contributions": [{"source": ["m"]}]},
        {"locks": "nope"},
        {"locks": [{"source": "g", "until": [1]}]},
        {"child_occupants": {"x": "mike"}},
        {"child_occupants": ["x"]},
        {"occupied": "yes"},
        {"ladder": 3},
    ],
)
def test_corrupt_snapshots_restore_without_raising(room: dict[str, object]) -> None:
    eng = OccupancyEngine((loc("house"), loc("room", "house")), at(100))
    eng.restore(_snapshot(**room), at(100))
    for moment in (200, 10**6, 10**9):
        eng.trigger("room", "motion", at(moment), timeout=secs(60))
        eng.lock("room", "guard", at(moment + 1), state=LockState.OCCUPIED)
        eng.unlock_all("room", at(moment + 2))
        eng.advance(at(moment + 3))
        eng.vacate("room", at(moment + 4))
        eng.advance(at(moment + 100))
    snapshot = json.loads(json.dumps(eng.snapshot()))
    OccupancyEngine((loc("house"), loc("room", "house")), at(0)).restore(
        snapshot, at(10**9 + 200)
    )


def test_unlock_after_restoring_a_lock_that_expires_at_the_end_of_time() -> None:
    eng = OccupancyEngine((loc("room"),), at(0))
    eng.restore(
        _snapshot(
            occupied=True,
            contributions=[{"source": "m", "expires_at": FAR}],
            locks=[{"source": "guard", "until": None}],
        ),
        at(0),
    )
    assert eng.state("room").occupied
    eng.unlock("room", "guard", at(10))
    room = eng.state("room")
    assert room.occupied
    assert room.contributions[0].expires_at == LATEST


def test_future_past_timestamps_are_clamped_to_now() -> None:
    eng = OccupancyEngine((loc("room", quiet=False),), at(0))
    eng.restore(_snapshot(vacant_since=FAR), at(0))
    state = eng.state("room")
    assert state.vacant_since == at(0)
    assert state.ladder is Ladder.VACANT
    assert eng.next_deadline == at(3600)


# -- 3. ghost occupants ------------------------------------------------------------------


def test_unlocking_the_occupant_lock_leaves_no_ghost_in_the_parent() -> None:
    eng = OccupancyEngine((loc("house"), loc("room", "house")), T0)
    eng.trigger("room", "person.mike", at(0), timeout=None, occupant="Mike")
    eng.lock("room", "guard", at(1))
    eng.lock("room", "person.mike", at(2))
    result = eng.unlock("room", "person.mike", at(3))
    assert eng.state("room").occupants == frozenset()
    assert eng.state("house").occupants == frozenset()
    house = [t for t in result.transitions if t.location_id == "house"]
    assert house
    assert house[0].previous.occupants == {"Mike"}
    assert house[0].reason == "child:room"
    fresh = OccupancyEngine((loc("house"), loc("room", "house")), at(3))
    fresh.restore(json.loads(json.dumps(eng.snapshot())), at(3))
    assert states(fresh) == states(eng)
    # The guard still freezes the room's flag; releasing it vacates both.
    assert eng.state("room").occupied
    eng.unlock("room", "guard", at(4))
    assert not eng.state("room").occupied
    assert not eng.state("house").occupied


def test_a_locked_parent_keeps_its_frozen_view_of_its_children() -> None:
    eng = OccupancyEngine((loc("home"), loc("house", "home"), loc("room", "house")), T0)
    eng.trigger("room", "person.mike", at(0), timeout=None, occupant="Mike")
    eng.lock("house", "guard", at(1))
    eng.lock("room", "guard", at(1))
    eng.lock("room", "person.mike", at(2))
    eng.unlock("room", "person.mike", at(3))
    # house is frozen: it and its parent keep Mike until house thaws.
    assert eng.state("house").occupants == {"Mike"}
    assert eng.state("home").occupants == {"Mike"}
    eng.unlock("house", "guard", at(4))
    assert eng.state("house").occupants == frozenset()
    assert eng.state("home").occupants == frozenset()


# -- 4. a clock that jumps backwards -----------------------------------------------------


def test_one_motion_after_a_backward_jump_holds_only_its_timeout() -> None:
    eng = OccupancyEngine((loc("house"), loc("room", "house")), T0)
    eng.trigger("room", "motion", at(0), timeout=secs(300))
    back = at(-7200)
    eng.trigger("room", "motion", back, timeout=secs(300))
    (motion,) = eng.state("room").contributions
    assert motion.expires_at is not None
    assert motion.expires_at - back <= secs(300)
    eng.advance(back + secs(300))
    assert not eng.state("room").occupied
    assert not eng.state("house").occupied


def test_a_backward_jump_keeps_what_was_left_of_every_timer() -> None:
    eng = OccupancyEngine((loc("room", quiet=False), loc("hall")), T0)
    eng.trigger("room", "motion", at(0), timeout=secs(600))
    eng.advance(at(100))
    # 100 s in, the clock goes back an hour (seen on the next input, anywhere): 500 s
    # of the motion remain.
    back = at(100 - 3600)
    eng.trigger("hall", "motion", back)
    (motion,) = eng.state("room").contributions
    assert motion.expires_at == back + secs(500)
    assert eng.next_deadline == back + secs(200)  # recently_occupied_after (300 s)
    eng.advance(back + secs(500))
    state = eng.state("room")
    assert not state.occupied
    assert state.vacant_since == back + secs(500)
    assert eng.next_deadline == back + secs(500 + 3600)


def test_a_backward_jump_moves_lock_ends_too() -> None:
    eng = OccupancyEngine((loc("room"), loc("hall")), T0)
    eng.lock("room", "party", at(0), state=LockState.OCCUPIED, until=at(600))
    back = at(-3600)
    eng.vacate("hall", back)
    (lock,) = eng.state("room").locks
    assert lock.until == back + secs(600)
    eng.advance(back + secs(600))
    assert not eng.state("room").locked
    assert not eng.state("room").occupied


@pytest.mark.parametrize("late", [0.5, 59, 90, 7200])
def test_a_late_timer_changes_nothing(late: float) -> None:
    """Home Assistant calls a timer with the moment it was set for, however late.

    An input may have come in between (the loop was stalled): ``advance`` with a
    moment before the latest one is that late timer, never a clock jump, which
    the next input shows anyway.
    """
    eng = OccupancyEngine((loc("room"),), T0)
    eng.trigger("room", "motion", at(0), timeout=secs(300))
    eng.trigger("room", "motion", at(7200), timeout=secs(300))
    before = eng.state("room")
    result = eng.advance(at(7200 - late))
    assert result.transitions == ()
    assert eng.state("room") == before
    assert result.next_deadline == at(7500)


def test_a_small_step_back_is_jitter_not_a_jump() -> None:
    eng = OccupancyEngine((loc("room"), loc("hall")), T0)
    eng.trigger("room", "motion", at(10), timeout=secs(300))
    eng.trigger("hall", "motion", at(-50), timeout=secs(300))
    assert eng.state("room").contributions[0].expires_at == at(310)
    assert eng.state("hall").contributions[0].expires_at == at(250)


def test_a_restore_after_the_clock_went_back_keeps_the_remaining_time() -> None:
    eng = OccupancyEngine((loc("room"),), T0)
    eng.trigger("room", "motion", at(0), timeout=secs(600))
    eng.advance(at(100))
    snapshot = json.loads(json.dumps(eng.snapshot()))
    back = at(100 - 7200)
    fresh = OccupancyEngine((loc("room"),), back)
    fresh.restore(snapshot, back)
    (motion,) = fresh.state("room").contributions
    assert motion.expires_at == back + secs(500)


# -- found while writing the model --------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda e: e.trigger("room", "", T0),
        lambda e: e.clear("room", "", T0),
        lambda e: e.lock("room", "", T0),
    ],
)
def test_an_empty_source_id_is_refused(call) -> None:  # type: ignore[no-untyped-def]
    """A snapshot cannot carry an empty source id, so the engine must not take one."""
    eng = OccupancyEngine((loc("room"),), T0)
    with pytest.raises(ValueError, match="empty"):
        call(eng)
    assert eng.state("room") == OccupancyEngine((loc("room"),), T0).state("room")


def test_a_vacant_child_carries_no_occupants_to_its_parent() -> None:
    """Found by the snapshot fuzz test on the newest end: a restored locked child,
    frozen vacant yet holding its children's occupants, lent them to its parent
    (which had no contribution from it): identity outlived its contribution."""
    eng = OccupancyEngine(
        (loc("house"), loc("floor", "house"), loc("room", "floor")), T0
    )
    eng.trigger("room", "p", at(0), timeout=None, occupant="ann")
    eng.lock("floor", "guard", at(1))
    snapshot = json.loads(json.dumps(eng.snapshot()))
    snapshot["locations"]["floor"]["occupied"] = False
    fresh = OccupancyEngine(
        (loc("house"), loc("floor", "house"), loc("room", "floor")), at(2)
    )
    fresh.restore(snapshot, at(2))
    floor, house = fresh.state("floor"), fresh.state("house")
    assert floor.locked and not floor.occupied
    assert not house.occupied
    assert house.occupants == frozenset()
