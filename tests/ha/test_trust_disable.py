"""The home disabled and enabled again while a room is locked (trust round, coverage).

Disabling unloads the entry (the state is saved), enabling sets it up again from the
saved state: a timed lock keeps its end, a presence sensor that went off meanwhile
starts its trailing time at the lock's end, nothing fires for the reload itself.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryDisabler, ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, set_state, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
P = "binary_sensor.p"


async def test_a_timed_lock_survives_a_disable_and_enable(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, P, "on")
    entry = await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[P]))
    )
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": ROOM, "source_id": "party", "state": "occupied", "duration": 600},
        blocking=True,
    )
    events = async_capture_events(hass, "occupancy_manager_changed")
    assert await hass.config_entries.async_set_disabled_by(
        entry.entry_id, ConfigEntryDisabler.USER
    )
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    await set_state(hass, P, "off")
    await tick(hass, freezer, 300)
    assert await hass.config_entries.async_set_disabled_by(entry.entry_id, None)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    state = hass.states.get(ROOM)
    assert state.state == "on"
    assert state.attributes["locked_by"] == ["party"]
    await tick(hass, freezer, 299)
    assert hass.states.get(ROOM).attributes["locked_by"] == ["party"]
    assert events == []
    await tick(hass, freezer, 2)
    assert hass.states.get(ROOM).attributes["locked_by"] == []
    # The sensor went off while the home was disabled: its trailing time (120 s by
    # default) starts at the lock's end.
    await tick(hass, freezer, 121)
    assert hass.states.get(ROOM).state == "off"
