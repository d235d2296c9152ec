"""A source's registry entry changes while it holds a room (trust round).

A source is a real platform entity here: renaming its entity id removes the old
state and writes the new one, as Home Assistant does for any integration's entity.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockEntity,
    MockEntityPlatform,
    async_capture_events,
)

from custom_components.occupancy_manager.const import DOMAIN

from .common import home_entry, location, setup_home, tick

ROOM = "binary_sensor.room_occupancy"


class _Sensor(MockEntity):
    @property
    def state(self) -> str:
        return self._handle("state")


P = "binary_sensor.p"
NEW = "binary_sensor.presence_kitchen"


async def _held(hass: HomeAssistant) -> _Sensor:
    """A room held by a platform's presence sensor that is on."""
    platform = MockEntityPlatform(hass, domain="binary_sensor", platform_name="test")
    sensor = _Sensor(unique_id="p", name="p", state="on")
    await platform.async_add_entities([sensor])
    assert hass.states.get(P).state == "on"
    await setup_home(hass, home_entry(location("room", "Room", presence_sources=[P])))
    assert hass.states.get(ROOM).state == "on"
    return sensor


async def test_a_renamed_source_keeps_its_room_and_is_followed(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    sensor = await _held(hass)
    changed = async_capture_events(hass, "occupancy_manager_changed")
    states = async_capture_events(hass, "state_changed")
    er.async_get(hass).async_update_entity(P, new_entity_id=NEW)
    await hass.async_block_till_done()
    assert hass.states.get(NEW).state == "on"
    flips = [
        event.data["new_state"].state
        for event in states
        if event.data["entity_id"] == ROOM
        and event.data["new_state"] is not None
        and event.data["old_state"] is not None
        and event.data["new_state"].state != event.data["old_state"].state
    ]
    assert flips == []
    assert [event.data["occupied"] for event in changed] == []
    # The binding follows: the location's configuration names the new id, and the
    # sensor going off now lets the room go after its trailing time.
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    (subentry,) = entry.subentries.values()
    assert subentry.data["presence_sources"] == [NEW]
    contributions = hass.states.get(ROOM).attributes["contributions"]
    assert [c["source_id"] for c in contributions] == [NEW]
    # Before, the old id's contribution ran out after the missing source's grace:
    # the room emptied with its occupant in it.
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "on"
    sensor._values["state"] = "off"
    sensor.async_write_ha_state()
    await hass.async_block_till_done()
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "off"


async def test_a_renamed_scene_and_sleep_entity_are_followed(
    hass: HomeAssistant,
) -> None:
    """The same for the other entities a home names: a mode's scene, the sleep entity."""
    await setup_home(
        hass,
        home_entry(
            location(
                "room",
                "Room",
                motion_sources=["binary_sensor.m", "binary_sensor.n"],
                actions={"occupied": ["scene.evening"], "vacant": []},
            ),
            options={"sleep_entity": "input_boolean.sleeping"},
        ),
    )
    registry = er.async_get(hass)
    for entity_id in ("binary_sensor.m", "scene.evening", "input_boolean.sleeping"):
        domain, object_id = entity_id.split(".")
        registry.async_get_or_create(
            domain, "test", object_id, suggested_object_id=object_id
        )
    registry.async_update_entity("binary_sensor.m", new_entity_id="binary_sensor.n")
    registry.async_update_entity("scene.evening", new_entity_id="scene.dusk")
    registry.async_update_entity(
        "input_boolean.sleeping", new_entity_id="input_boolean.asleep"
    )
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    (subentry,) = entry.subentries.values()
    # Renamed onto an id the location lists already: listed once.
    assert subentry.data["motion_sources"] == ["binary_sensor.n"]
    assert subentry.data["actions"] == {"occupied": ["scene.dusk"], "vacant": []}
    assert entry.options["sleep_entity"] == "input_boolean.asleep"
    assert entry.state.value == "loaded"


async def test_a_renamed_room_tracker_is_no_departure_and_no_arrival(
    hass: HomeAssistant,
) -> None:
    platform = MockEntityPlatform(hass, domain="sensor", platform_name="test")
    await platform.async_add_entities(
        [_Sensor(unique_id="alice", name="Alice", state="Room")]
    )
    await setup_home(
        hass,
        home_entry(location("room", "Room", occupant_sources=["sensor.alice"])),
    )
    assert hass.states.get(ROOM).attributes["occupants"] == ["Alice"]
    occupants = async_capture_events(hass, "occupancy_manager_occupant")
    changed = async_capture_events(hass, "occupancy_manager_changed")
    er.async_get(hass).async_update_entity(
        "sensor.alice", new_entity_id="sensor.alice_phone"
    )
    await hass.async_block_till_done()
    assert occupants == []
    assert changed == []
    state = hass.states.get(ROOM)
    assert state.state == "on"
    assert state.attributes["occupants"] == ["Alice"]
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    (subentry,) = entry.subentries.values()
    assert subentry.data["occupant_sources"] == ["sensor.alice_phone"]


async def test_a_renamed_motion_sensor_keeps_its_rooms_time(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Its contribution is timed: ended with the old id, the room emptied at once."""
    platform = MockEntityPlatform(hass, domain="binary_sensor", platform_name="test")
    sensor = _Sensor(unique_id="m", name="m", state="off")
    await platform.async_add_entities([sensor])
    await setup_home(
        hass,
        home_entry(location("room", "Room", motion_sources=["binary_sensor.m"])),
    )
    sensor._values["state"] = "on"
    sensor.async_write_ha_state()
    await hass.async_block_till_done()
    await tick(hass, freezer, 100)
    changed = async_capture_events(hass, "occupancy_manager_changed")
    er.async_get(hass).async_update_entity("binary_sensor.m", new_entity_id=NEW)
    await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "on"
    assert changed == []
    contributions = hass.states.get(ROOM).attributes["contributions"]
    assert [c["source_id"] for c in contributions] == [NEW]
    await tick(hass, freezer, 195)
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 10)
    assert hass.states.get(ROOM).state == "off"
