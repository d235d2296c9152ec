"""A source change in flight while an edit changes the sources still reaches the home.

Found by the audit of round 9 (a random mix of edits and sensor changes: a room held
by a presence sensor that had gone off). Home Assistant 2025.4 hands a state change
to its trackers on the loop's next turn, through the table of trackers as it was
when the change was written. An edit that changed the set of sources dropped the
home's subscription before making the new one; when the home was the only tracker
that table went with it, and the change in flight reached nobody.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
PRESENCE = "binary_sensor.room_presence"
MOTION = "binary_sensor.room_motion"


async def test_a_sensor_change_written_right_after_an_edit_is_applied(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    hass.states.async_set(MOTION, "off")
    hass.states.async_set(PRESENCE, "off")
    entry = await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[PRESENCE]))
    )
    await set_state(hass, PRESENCE, "on")
    subentry = entry.subentries["room"]
    # In one loop turn: an edit that adds a source, then the presence sensor goes off.
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "motion_sources": [MOTION]}
    )
    hass.states.async_set(PRESENCE, "off")
    await hass.async_block_till_done()
    contributions = hass.states.get(ROOM).attributes["contributions"]
    assert [(c["source_id"], c["expires_at"] is None) for c in contributions] == [
        (PRESENCE, False)  # its trailing time runs
    ]
    await tick(hass, freezer, 121)
    assert hass.states.get(ROOM).state == "off"
