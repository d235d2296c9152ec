"""An edit is told once, merged (found by the soak, seed 97; also seed 95).

A room that mirrors its occupied parent (*Follow parent*), edited to *Independent*
with its own presence sensor, which is on: the edit ended the mirror first (vacant:
event, vacant scene), then read the sensor (occupied: event, occupied scene), while
nobody moved. Contract "Edits are live": nothing fires unless occupancy changed.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
    async_mock_service,
)

from custom_components.occupancy_manager.const import EVENT_OCCUPANCY_CHANGED

from .common import home_entry, location, setup_home

ROOM = "binary_sensor.room_occupancy"
HALL_P, ROOM_P = "binary_sensor.hall_p", "binary_sensor.room_p"


async def test_a_room_that_stops_mirroring_its_parent_but_is_held_stays_quiet(
    hass: HomeAssistant,
) -> None:
    hass.states.async_set(HALL_P, "on")
    hass.states.async_set(ROOM_P, "on")
    entry = await setup_home(
        hass,
        home_entry(
            location("hall", "Hall", presence_sources=[HALL_P]),
            location(
                "room",
                "Room",
                parent="hall",
                strategy="follow_parent",
                actions={"occupied": ["scene.on"], "vacant": ["scene.off"]},
            ),
        ),
    )
    assert hass.states.get(ROOM).state == "on"
    scenes = async_mock_service(hass, "scene", "turn_on")
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)
    subentry = entry.subentries["room"]
    hass.config_entries.async_update_subentry(
        entry,
        subentry,
        data={**subentry.data, "strategy": "independent", "presence_sources": [ROOM_P]},
    )
    await hass.async_block_till_done()
    assert changed == []
    assert scenes == []
    state = hass.states.get(ROOM)
    assert state.state == "on"
    assert [c["source_id"] for c in state.attributes["contributions"]] == [ROOM_P]
