"""``restore(report=False)`` into a running engine: the same state as a reported one.

A quiet restore marks every location as changed without recording what it showed
(restoring.py). These tests pin that nothing of the running engine's cached states,
queued deadlines or change log leaks through that shortcut.
"""

from __future__ import annotations

import pytest

from custom_components.occupancy_manager.engine import LockState, OccupancyEngine

from .common import at, secs
from .test_persistence import HOUSE, busy_house, compact, states, version_1


def other_house() -> OccupancyEngine:
    """A different busy state: other holders, other deadlines, another lock."""
    eng = OccupancyEngine(HOUSE, at(0))
    eng.trigger("bedroom", "presence", at(0), timeout=None, occupant="bob")
    eng.trigger("kitchen", "motion", at(5), timeout=secs(60))
    eng.lock("kitchen", "party", at(20), state=LockState.VACANT, until=at(400))
    return eng


@pytest.mark.parametrize("snapshot_of", [version_1, compact])
@pytest.mark.parametrize("moment", [30, 700, 6000])
def test_a_quiet_restore_into_a_running_engine_matches_a_reported_one(
    snapshot_of: object, moment: int
) -> None:
    snapshot = snapshot_of(other_house())  # type: ignore[operator]
    reported, quiet = busy_house(), busy_house()
    for eng in (reported, quiet):
        states(eng)  # every state cached, as the host's entities would have them
        eng.advance(at(20))
    reported.restore(snapshot, at(moment))
    silent = quiet.restore(snapshot, at(moment), report=False)
    assert silent.transitions == ()
    assert silent.next_deadline == reported.next_deadline == quiet.next_deadline
    assert states(quiet) == states(reported)
    for later in (moment, moment + 100, moment + 1000, moment + 9000):
        assert quiet.advance(at(later)) == reported.advance(at(later))
    assert quiet.trigger("hall", "motion", at(moment + 9001)) == reported.trigger(
        "hall", "motion", at(moment + 9001)
    )
