"""Sources whose states or attributes a faulty home gets wrong: never a crash.

Found by the audit of round 9. Home Assistant's ``State.name`` is whatever the
``friendly_name`` attribute holds, and an integration, a script or the REST API
(``POST /api/states``) can set it to a number or a list.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
NUMBERED = "sensor.tracker_42"
MIKE = "sensor.mike_room"


async def test_a_room_tracker_named_by_a_number_is_an_occupant_in_words(
    hass: HomeAssistant,
) -> None:
    await set_state(hass, NUMBERED, "room", friendly_name=42)
    await set_state(hass, MIKE, "room", friendly_name="Mike")
    entry = await setup_home(
        hass,
        home_entry(location("room", "Room", occupant_sources=[NUMBERED, MIKE])),
    )
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get(ROOM).attributes["occupants"] == ["42", "Mike"]


async def test_a_room_tracker_renamed_to_a_list_keeps_the_home_running(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, NUMBERED, "room", friendly_name="Tracker")
    await setup_home(
        hass, home_entry(location("room", "Room", occupant_sources=[NUMBERED]))
    )
    await set_state(hass, NUMBERED, "room", friendly_name=["not", "a", "name"])
    assert hass.states.get(ROOM).attributes["occupants"] == ["['not', 'a', 'name']"]
    # It leaves: the room empties as usual (trailing timeout, 2 min by default).
    await set_state(hass, NUMBERED, "hall", friendly_name=["not", "a", "name"])
    await tick(hass, freezer, 180)
    assert hass.states.get(ROOM).state == "off"
    assert hass.states.get(ROOM).attributes["occupants"] == []


async def _reloaded(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """A restart's view: the home's own entities are in the registry at setup."""
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_location_fed_by_its_own_occupancy_still_empties(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Older releases offered a home's own entities as sources.

    A room listing its own occupancy sensor (or its parent's) as presence held
    itself once occupied: vacant never came. Such a source is ignored (the form
    keeps showing it, so the user can remove it).
    """
    motion = "binary_sensor.room_motion"
    await set_state(hass, motion, "off")
    entry = await setup_home(
        hass,
        home_entry(
            location("home", "Home"),
            location(
                "room",
                "Room",
                parent="home",
                motion_sources=[motion],
                presence_sources=[ROOM, "binary_sensor.home_occupancy"],
            ),
        ),
    )
    await _reloaded(hass, entry)
    await set_state(hass, motion, "on")
    assert hass.states.get(ROOM).state == "on"
    await set_state(hass, motion, "off")
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "off"
    assert hass.states.get("binary_sensor.home_occupancy").state == "off"
