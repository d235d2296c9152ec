"""``advance`` applies at most a batch of due entries per call (issue 14).

An hour after start every location never occupied reaches ``extended_vacant`` at
once. One ``advance`` applies at most ``batch`` of those steps, in deadline order, and
hands back a deadline that is already due; each step keeps its own moment.
"""

from __future__ import annotations

import pytest

from custom_components.occupancy_manager.engine import Ladder, OccupancyEngine

from .common import T0, at, loc


def _home(batch: int) -> OccupancyEngine:
    """A home and five rooms, all reaching extended_vacant at t0 + 3600 s."""
    rooms = [loc(f"room{index}", "home", quiet=False) for index in range(5)]
    return OccupancyEngine([loc("home", quiet=False), *rooms], T0, batch=batch)


def _drain(eng: OccupancyEngine, now_seconds: float) -> list[list[str]]:
    """Call ``advance`` as a host with one timer does; the locations of each call."""
    calls = [[t.location_id for t in eng.advance(at(now_seconds)).transitions]]
    while (deadline := eng.next_deadline) is not None and deadline <= at(now_seconds):
        calls.append([t.location_id for t in eng.advance(deadline).transitions])
    return calls


def test_an_advance_applies_at_most_a_batch_of_ladder_steps() -> None:
    eng = _home(batch=2)
    result = eng.advance(at(3600))
    assert len(result.transitions) == 2
    assert {t.reason for t in result.transitions} == {"ladder"}
    # Already due: the host's timer fires again on its next turn.
    assert result.next_deadline == at(3600)


def test_every_step_comes_once_with_its_own_moment() -> None:
    eng = _home(batch=2)
    calls = _drain(eng, 3600)
    assert [len(call) for call in calls] == [2, 2, 2]
    reported = sorted(location for call in calls for location in call)
    assert reported == sorted(["home"] + [f"room{i}" for i in range(5)])
    assert eng.next_deadline is None
    for location_id in eng.location_ids():
        state = eng.state(location_id)
        assert state.ladder is Ladder.EXTENDED_VACANT
        assert state.vacant_since == T0


def test_the_default_batch_applies_a_small_home_in_one_call() -> None:
    eng = OccupancyEngine([loc("home", quiet=False)], T0)
    assert [t.location_id for t in eng.advance(at(3600)).transitions] == ["home"]
    assert eng.next_deadline is None


def test_a_waiting_location_shows_its_state_before_the_step() -> None:
    eng = _home(batch=1)
    [applied] = eng.advance(at(3600)).transitions
    waiting = next(i for i in sorted(eng.location_ids()) if i != applied.location_id)
    # As with a timer that has not fired yet: the next calls bring it.
    assert eng.state(waiting).ladder is Ladder.VACANT
    reported = [location for call in _drain(eng, 3600) for location in call]
    assert reported.count(waiting) == 1
    assert eng.state(waiting).ladder is Ladder.EXTENDED_VACANT


def test_an_input_first_applies_everything_due() -> None:
    eng = _home(batch=1)
    [applied] = eng.advance(at(3600)).transitions
    room = next(f"room{i}" for i in range(5) if f"room{i}" != applied.location_id)
    result = eng.trigger(room, "motion", at(3700))
    # Never cut short: the other four steps come with it (as with a late timer), and
    # the room's own step and the trigger make one change.
    assert len(result.transitions) == 5
    [mine] = [t for t in result.transitions if t.location_id == room]
    assert mine.previous.ladder is Ladder.VACANT
    assert mine.current.ladder is Ladder.OCCUPIED
    assert mine.reason == "trigger:motion"
    assert result.next_deadline is not None
    assert result.next_deadline > at(3700)


def test_a_batch_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="batch"):
        OccupancyEngine([loc("home")], T0, batch=0)
