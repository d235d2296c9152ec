"""A group of the home's own occupancy sensors, offered as a source, is a loop.

The pickers leave the home's own entities out, but a group helper of them (or any
entity whose ``entity_id`` attribute lists members) with the occupancy device class
is offered. As a location's source, a group holding its own occupancy sensor or an
ancestor's keeps the location occupied for good: the form refuses it at the field
and a stored one is left out at load. A group of other locations' sensors (a
hallway following the bedrooms) only flows one way and stays allowed.
"""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.occupancy_manager.const import SUBENTRY_LOCATION

from .common import home_entry, location, set_state, setup_home, tick

HOUSE = "binary_sensor.house_occupancy"
ROOM = "binary_sensor.room_occupancy"
OTHER = "binary_sensor.other_occupancy"
BASE: dict[str, Any] = {
    "strategy": "independent",
    "contributes_to_parent": True,
    "timing": {},
    "actions": {},
    "wasp": {},
}


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location("room", "Room", parent="house"),
            location("other", "Other", parent="house"),
        ),
    )
    assert hass.states.get(ROOM) and hass.states.get(HOUSE) and hass.states.get(OTHER)
    return entry


async def _submit(
    hass: HomeAssistant, entry: MockConfigEntry, subentry_id: str | None, **data: Any
) -> dict[str, Any]:
    context: dict[str, Any] = {"source": config_entries.SOURCE_USER}
    if subentry_id is not None:
        context = {
            "source": config_entries.SOURCE_RECONFIGURE,
            "subentry_id": subentry_id,
        }
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOCATION), context=context
    )
    return dict(
        await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**BASE, **data}
        )
    )


def _group(hass: HomeAssistant, entity_id: str, *members: str) -> None:
    hass.states.async_set(
        entity_id, "off", {"entity_id": list(members), "device_class": "occupancy"}
    )


async def test_a_group_of_the_locations_own_sensor_is_refused(
    hass: HomeAssistant,
) -> None:
    entry = await _home(hass)
    _group(hass, "binary_sensor.everyone", ROOM, OTHER)
    before = dict(entry.subentries["room"].data)
    result = await _submit(
        hass,
        entry,
        "room",
        name="Room",
        parent="house",
        presence_sources=["binary_sensor.everyone"],
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"presence_sources": "source_loops_occupancy"}
    assert dict(entry.subentries["room"].data) == before


async def test_a_nested_group_of_the_parents_sensor_is_refused(
    hass: HomeAssistant,
) -> None:
    """A new location under House: a group of a group of House's sensor."""
    entry = await _home(hass)
    _group(hass, "binary_sensor.inner", HOUSE)
    _group(hass, "binary_sensor.outer", "binary_sensor.inner", OTHER)
    _group(hass, "binary_sensor.looped", "binary_sensor.looped")  # no endless climb
    count = len(entry.subentries)
    result = await _submit(
        hass,
        entry,
        None,
        name="Attic",
        parent="house",
        keep_sources=["binary_sensor.looped", "binary_sensor.outer"],
    )
    assert result["errors"] == {"keep_sources": "source_loops_occupancy"}
    assert len(entry.subentries) == count


async def test_a_group_of_other_locations_sensors_is_accepted(
    hass: HomeAssistant,
) -> None:
    """A hallway following the bedrooms: one way, no loop."""
    entry = await _home(hass)
    _group(hass, "binary_sensor.bedrooms", ROOM, OTHER)
    result = await _submit(
        hass,
        entry,
        None,
        name="Hallway",
        parent="house",
        presence_sources=["binary_sensor.bedrooms"],
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def _reloaded(hass: HomeAssistant, entry: ConfigEntry) -> None:
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_stored_group_helper_of_the_parents_sensor_is_left_out(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Home Assistant's own group helper, stored before the form refused it."""
    motion = "binary_sensor.room_motion"
    await set_state(hass, motion, "off")
    assert await async_setup_component(
        hass,
        "binary_sensor",
        {
            "binary_sensor": [
                {
                    "platform": "group",
                    "name": "Upstairs",
                    "device_class": "occupancy",
                    "entities": [HOUSE],
                }
            ]
        },
    )
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location(
                "room",
                "Room",
                parent="house",
                motion_sources=[motion],
                presence_sources=["binary_sensor.upstairs"],
            ),
        ),
    )
    await _reloaded(hass, entry)
    assert hass.states.get("binary_sensor.upstairs").attributes["entity_id"] == [HOUSE]
    await set_state(hass, motion, "on")
    assert hass.states.get(ROOM).state == "on"
    await set_state(hass, motion, "off")
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "off"
    assert hass.states.get(HOUSE).state == "off"


async def test_a_group_of_a_location_that_follows_it_is_refused(
    hass: HomeAssistant,
) -> None:
    """A child set to follow House mirrors House: its sensor is House's in effect."""
    entry = await setup_home(
        hass,
        home_entry(
            location("house", "House"),
            location("room", "Room", parent="house"),
            location("mirror", "Mirror", parent="house", strategy="follow_parent"),
        ),
    )
    _group(hass, "binary_sensor.mirrored", "binary_sensor.mirror_occupancy")
    result = await _submit(
        hass,
        entry,
        "room",
        name="Room",
        parent="house",
        presence_sources=["binary_sensor.mirrored"],
    )
    assert result["errors"] == {"presence_sources": "source_loops_occupancy"}
