"""Areas renamed or deleted in Home Assistant's registry while the home runs.

Found in the trust round: the bindings read an area's names once, so after a
rename a room tracker reporting the new name matched nothing until a reload.

A room tracker may report a location's area by name (the matcher also knows the
area's id and the location's own name). A deleted area leaves a location pointing
at nothing: nothing may fail, now, at an edit or at a reload.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import area_registry as ar

from custom_components.occupancy_manager.const import (
    EVENT_OCCUPANCY_CHANGED,
    EVENT_OCCUPANT,
)

from .common import home_entry, location, record_into, set_state, setup_home, tick

TRACKER = "sensor.mike_room"
ROOM = "binary_sensor.den_occupancy"


async def test_a_renamed_area_is_matched_by_its_new_name(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    area = ar.async_get(hass).async_create("Snug")
    hass.states.async_set(TRACKER, "Snug", {"friendly_name": "Mike"})
    await setup_home(
        hass,
        home_entry(location("den", "Den", area_id=area.id, occupant_sources=[TRACKER])),
    )
    assert hass.states.get(ROOM).state == "on"
    events: list[Event] = []
    for event_type in (EVENT_OCCUPANCY_CHANGED, EVENT_OCCUPANT):
        hass.bus.async_listen(event_type, record_into(events))
    ar.async_get(hass).async_update(area.id, name="Library")
    await hass.async_block_till_done()
    await set_state(hass, TRACKER, "Library", friendly_name="Mike")
    await tick(hass, freezer, 600)
    # Until a reload the new name matched nothing: the room emptied, Mike "left".
    assert hass.states.get(ROOM).state == "on"
    assert hass.states.get(ROOM).attributes["occupants"] == ["Mike"]
    assert events == []


async def test_a_deleted_area_fails_nothing(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    area = ar.async_get(hass).async_create("Snug")
    hass.states.async_set(TRACKER, "Snug", {"friendly_name": "Mike"})
    entry = await setup_home(
        hass,
        home_entry(location("den", "Den", area_id=area.id, occupant_sources=[TRACKER])),
    )
    ar.async_get(hass).async_delete(area.id)
    await hass.async_block_till_done()
    subentry = entry.subentries["den"]
    hass.config_entries.async_update_subentry(
        entry,
        subentry,
        data={**subentry.data, "timing": {"trailing_timeout": {"seconds": 30}}},
    )
    await hass.async_block_till_done()
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await set_state(hass, TRACKER, "Den", friendly_name="Mike")
    assert hass.states.get(ROOM).state == "on"
    await set_state(hass, TRACKER, "not_home", friendly_name="Mike")
    await tick(hass, freezer, 31)
    assert hass.states.get(ROOM).state == "off"
