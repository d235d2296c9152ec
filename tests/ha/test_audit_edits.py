"""An edit that leaves a room occupied fires nothing: no flip, event, action or mode.

Found by the audit of round 9 (contract, revision 2, "Edits are live"): an edit
that gives a source that is on a new kind (a presence sensor filed as a state door,
motion turned presence) or swaps one held sensor for another that is on too, first
ended the old contribution at once and only then re-synchronised the new one. The
room went vacant and occupied again within the edit: two changed events per
location, every ``to: "on"`` automation and the occupied scene ran again.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import pytest

from .common import set_state
from .test_live_edits import KITCHEN, MOTION, PRESENCE, Watch, _edit, _occupied_home

OTHER_PRESENCE = "binary_sensor.kitchen_mmwave"


def _assert_still_occupied_and_quiet(hass: HomeAssistant, watch: Watch) -> None:
    assert hass.states.get(KITCHEN).state == "on"
    watch.assert_never_unavailable()
    flips = [write for write in watch.writes if write[1] != write[2]]
    assert flips == []
    watch.assert_nothing_fired()


@pytest.mark.parametrize(
    "changes",
    [
        {"presence_sources": [], "state_door_sources": [PRESENCE]},
        {"presence_sources": [], "keep_sources": [PRESENCE]},
        {"presence_sources": [OTHER_PRESENCE]},
    ],
    ids=["presence_to_state_door", "presence_to_keep", "presence_swapped"],
)
async def test_refiling_the_sensor_that_holds_the_room_fires_nothing(
    hass: HomeAssistant, changes: dict[str, Any]
) -> None:
    hass.states.async_set(OTHER_PRESENCE, "on")
    entry, watch = await _occupied_home(hass)
    _edit(hass, entry, "kitchen", **changes)
    await hass.async_block_till_done(wait_background_tasks=True)
    _assert_still_occupied_and_quiet(hass, watch)


async def test_motion_refiled_as_presence_while_on_fires_nothing(
    hass: HomeAssistant,
) -> None:
    entry, watch = await _occupied_home(hass)
    await set_state(hass, MOTION, "on")
    # The presence sensor leaves and its trailing time ends: motion alone holds.
    _edit(hass, entry, "kitchen", presence_sources=[])
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(KITCHEN).state == "on"
    watch.writes.clear()
    _edit(hass, entry, "kitchen", motion_sources=[], presence_sources=[MOTION])
    await hass.async_block_till_done(wait_background_tasks=True)
    _assert_still_occupied_and_quiet(hass, watch)
    contributions = hass.states.get(KITCHEN).attributes["contributions"]
    assert [(c["source_id"], c["kind"], c["expires_at"]) for c in contributions] == [
        (MOTION, "presence", None)
    ]
