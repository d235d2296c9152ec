"""A reload or unload in the middle of a burst of source changes loses none of them.

Found by the audit of round 9: Home Assistant 2025.4 hands a state change to its
listeners on the loop's next turn, and the unload stopped the home (unsubscribed)
in the same turn the changes were written. Momentary inputs fired just before a
reload (motion, an entry door) never reached the home, and the home set up again
cannot tell fresh motion from a sensor merely on, so the room stayed vacant.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest

from .common import home_entry, location, setup_home

ROOM = "binary_sensor.room_occupancy"
MOTION = "binary_sensor.room_motion"
DOOR = "binary_sensor.room_door"


async def test_motion_just_before_a_reload_still_occupies_the_room(
    hass: HomeAssistant,
) -> None:
    hass.states.async_set(MOTION, "off")
    hass.states.async_set(DOOR, "off")
    entry = await setup_home(
        hass,
        home_entry(
            location("room", "Room", motion_sources=[MOTION], door_sources=[DOOR])
        ),
    )
    # The burst and the reload in one loop turn: nothing awaited in between.
    hass.states.async_set(DOOR, "on")
    hass.states.async_set(MOTION, "on")
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(ROOM)
    assert state.state == "on"
    assert sorted(c["source_id"] for c in state.attributes["contributions"]) == [
        DOOR,
        MOTION,
    ]


async def test_an_edit_just_before_a_reload_leaves_no_stale_entity(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    # The first fix waited its turn in the home's stop, after the entities were
    # gone: the edit then applied meanwhile added entities to the unloading
    # platforms, and the home set up again found their unique ids taken (its own
    # entities never written again).
    hass.states.async_set(MOTION, "off")
    entry = await setup_home(
        hass, home_entry(location("room", "Room", motion_sources=[MOTION]))
    )
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "name": "Study"}, title="Study"
    )
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert "does not generate unique IDs" not in caplog.text
    hass.states.async_set(MOTION, "on")
    await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "on"
