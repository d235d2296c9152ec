"""Renames: of a location, of a source, of an entity. What the sensors show after.

A name changes no engine state, so no transition tells the locations that show it:
a renamed location is named in its parent's contributions, a renamed source in its
locations'. Before the fix both kept the old name until the location changed for
another reason.
"""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Context, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.occupancy_manager import coordinator as coordinator_module

from .common import drain, home_entry, location, set_state, setup_home

MOTION = "binary_sensor.kitchen_motion"
PRESENCE = "binary_sensor.kitchen_presence"
KITCHEN = "binary_sensor.kitchen_occupancy"
FLOOR = "binary_sensor.floor_occupancy"


async def _home(hass: HomeAssistant) -> MockConfigEntry:
    hass.states.async_set(MOTION, "off", {"friendly_name": "Kitchen motion"})
    return await setup_home(
        hass,
        home_entry(
            location("floor", "Floor"),
            location("kitchen", "Kitchen", parent="floor", motion_sources=[MOTION]),
        ),
    )


def _names(hass: HomeAssistant, entity_id: str) -> list[str]:
    state = hass.states.get(entity_id)
    assert state is not None
    return [c["source_name"] for c in state.attributes["contributions"]]


async def test_a_renamed_child_is_named_in_its_parents_contributions(
    hass: HomeAssistant,
) -> None:
    """Live rename of an occupied child: the parent's sensor names it anew."""
    entry = await _home(hass)
    await set_state(hass, MOTION, "on", friendly_name="Kitchen motion")
    assert _names(hass, FLOOR) == ["Kitchen"]
    subentry = entry.subentries["kitchen"]
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, "name": "Cooking"}, title="Cooking"
    )
    await hass.async_block_till_done()
    assert hass.states.get(KITCHEN).attributes["location"] == "Cooking"
    assert _names(hass, FLOOR) == ["Cooking"]


async def test_a_renamed_occupancy_sensor_shows_a_lock_at_once(
    hass: HomeAssistant,
) -> None:
    """Entity id renamed (entity re-added), then locked: state, locked_by, Context."""
    await _home(hass)
    await set_state(hass, MOTION, "on")
    er.async_get(hass).async_update_entity(KITCHEN, new_entity_id="binary_sensor.cook")
    await hass.async_block_till_done()
    context = Context()
    await hass.services.async_call(
        "switch",
        "turn_on",
        {"entity_id": "switch.kitchen_occupancy_lock"},
        blocking=True,
        context=context,
    )
    await hass.async_block_till_done()
    state = hass.states.get("binary_sensor.cook")
    assert state.state == "on"
    assert state.attributes["locked_by"] == ["switch"]
    assert state.context is context


async def test_a_registry_write_shows_the_current_attributes(
    hass: HomeAssistant,
) -> None:
    """Home Assistant writes the entity itself (a name change): nothing goes back."""
    await _home(hass)
    await set_state(hass, MOTION, "on")
    before = hass.states.get(KITCHEN)
    er.async_get(hass).async_update_entity(KITCHEN, name="Cooking occupancy")
    await hass.async_block_till_done()
    after = hass.states.get(KITCHEN)
    assert after.state == "on"
    assert after.attributes["contributions"] == before.attributes["contributions"]
    assert after.attributes["friendly_name"] == "Cooking occupancy"


async def test_a_renamed_source_is_named_anew_in_the_contributions(
    hass: HomeAssistant,
) -> None:
    """A source's friendly name changes (no state change): the sensor follows."""
    await _home(hass)
    await set_state(hass, MOTION, "on", friendly_name="Kitchen motion")
    hass.states.async_set(MOTION, "on", {"friendly_name": "Cooker motion"})
    await hass.async_block_till_done()
    assert _names(hass, KITCHEN) == ["Cooker motion"]


async def test_a_source_renamed_as_it_changes_state_is_named_anew(
    hass: HomeAssistant,
) -> None:
    """A state change need not change the engine's state: the name is told anyway.

    Unavailable within its grace, a held source changes nothing in the engine.
    """
    await _home(hass)
    await set_state(hass, MOTION, "on", friendly_name="Kitchen motion")
    await set_state(hass, MOTION, "unavailable", friendly_name="Cooker motion")
    assert hass.states.get(KITCHEN).state == "on"
    assert _names(hass, KITCHEN) == ["Cooker motion"]


async def test_a_source_renamed_behind_a_backlog_is_named_at_its_turn(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rename waits behind the ladder steps due, then is told in its Context."""
    monkeypatch.setattr(coordinator_module, "LADDER_BATCH", 1)
    rooms = ("a", "b", "c", "d")
    for room in rooms:
        hass.states.async_set(f"binary_sensor.{room}_presence", "off")
    hass.states.async_set(PRESENCE, "on", {"friendly_name": "Kitchen presence"})
    entry = await setup_home(
        hass,
        home_entry(
            location("kitchen", "Kitchen", presence_sources=[PRESENCE]),
            *(
                location(
                    room,
                    room.upper(),
                    presence_sources=[f"binary_sensor.{room}_presence"],
                )
                for room in rooms
            ),
        ),
    )
    # The presence holds the kitchen; the rooms' hour marks fall due at once.
    freezer.tick(timedelta(seconds=3601))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    writes: list[Context] = []

    @callback
    def _record(event: Event) -> None:
        if event.data["entity_id"] == KITCHEN:
            writes.append(event.context)

    hass.bus.async_listen(EVENT_STATE_CHANGED, _record)
    rename = Context()
    hass.states.async_set(
        PRESENCE, "on", {"friendly_name": "Cooker presence"}, context=rename
    )
    await hass.async_block_till_done()
    assert entry.runtime_data._waiting  # it waits its turn
    assert _names(hass, KITCHEN) == ["Kitchen presence"]

    await drain(hass)
    assert not entry.runtime_data._waiting
    assert _names(hass, KITCHEN) == ["Cooker presence"]
    assert [context.id for context in writes] == [rename.id]


async def test_a_changed_event_names_the_entity_as_renamed_a_moment_ago(
    hass: HomeAssistant,
) -> None:
    """The event's entity id is the registry's at the change, never an earlier one.

    Asked before the rename (an answer kept from then would be stale), renamed and
    changed in the same loop turn (the entity is not re-added yet), renamed back.
    """
    await _home(hass)
    events = async_capture_events(hass, "occupancy_manager_changed")
    await set_state(hass, MOTION, "on")
    registry = er.async_get(hass)
    registry.async_update_entity(KITCHEN, new_entity_id="binary_sensor.cook")
    await hass.services.async_call(
        "occupancy_manager",
        "vacate",
        {"entity_id": "binary_sensor.cook", "include_children": False},
        blocking=True,
    )
    registry.async_update_entity("binary_sensor.cook", new_entity_id=KITCHEN)
    await hass.services.async_call(
        "occupancy_manager", "trigger", {"entity_id": KITCHEN}, blocking=True
    )
    assert [(e.data["entity_id"], e.data["occupied"]) for e in events] == [
        (KITCHEN, True),
        (FLOOR, True),
        ("binary_sensor.cook", False),
        (FLOOR, False),
        (KITCHEN, True),
        (FLOOR, True),
    ]
