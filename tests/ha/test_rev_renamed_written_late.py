"""A held source renamed, its new id written only after the edit that follows it.

The old id's removal times its hold by the missing source's grace; the edit carries
that time over to the new id. When the platform then writes the new id, still on,
the room must be held by it again, not let go when the grace runs out.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.occupancy_manager.const import DOMAIN, EVENT_OCCUPANCY_CHANGED

from .common import home_entry, location, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
NEW = "binary_sensor.renamed"


@pytest.mark.parametrize("removed_first", [False, True])
async def test_a_presence_sensor_written_anew_after_the_edit_holds_its_room(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, removed_first: bool
) -> None:
    """Which comes first, the old id's removal or the edit, differs between ends.

    Removed first, the old id's hold is timed by the missing source's grace, and the
    edit carries that time: the new id's write, read as no news, let the room go
    when it ran out, the sensor on (HA 2026.10).
    """
    old = er.async_get(hass).async_get_or_create(
        "binary_sensor", "test", "p", suggested_object_id="p"
    )
    hass.states.async_set(old.entity_id, "on")
    await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[old.entity_id]))
    )
    assert hass.states.get(ROOM).state == "on"
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)

    if removed_first:
        hass.states.async_remove(old.entity_id)
        await hass.async_block_till_done()
    er.async_get(hass).async_update_entity(old.entity_id, new_entity_id=NEW)
    hass.states.async_remove(old.entity_id)
    await hass.async_block_till_done()  # the edit is applied
    hass.states.async_set(NEW, "on")
    await hass.async_block_till_done()
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "on"
    assert changed == []


async def test_a_presence_sensor_renamed_and_off_before_the_edit_lets_the_room_go(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    old = er.async_get(hass).async_get_or_create(
        "binary_sensor", "test", "p", suggested_object_id="p"
    )
    hass.states.async_set(old.entity_id, "on")
    await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[old.entity_id]))
    )
    assert hass.states.get(ROOM).state == "on"

    er.async_get(hass).async_update_entity(old.entity_id, new_entity_id=NEW)
    hass.states.async_remove(old.entity_id)
    hass.states.async_set(NEW, "on")
    hass.states.async_set(NEW, "off")  # before the edit that follows the rename
    await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "on"  # its trailing time
    await tick(hass, freezer, 3600)
    assert hass.states.get(NEW).state == "off"
    assert hass.states.get(ROOM).state == "off"


async def test_a_presence_sensor_renamed_under_a_lock_still_holds_at_the_unlock(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    # Turned off under the lock instead, the room is let go at the unlock, without
    # the trailing time it has when not renamed (left: reported).
    old = er.async_get(hass).async_get_or_create(
        "binary_sensor", "test", "p", suggested_object_id="p"
    )
    hass.states.async_set(old.entity_id, "on")
    await setup_home(
        hass, home_entry(location("room", "Room", presence_sources=[old.entity_id]))
    )
    await hass.services.async_call(
        DOMAIN,
        "lock",
        {"entity_id": ROOM, "source_id": "sleep", "state": "occupied"},
        blocking=True,
    )
    er.async_get(hass).async_update_entity(old.entity_id, new_entity_id=NEW)
    hass.states.async_remove(old.entity_id)
    await hass.async_block_till_done()
    hass.states.async_set(NEW, "on")
    await hass.async_block_till_done()
    await tick(hass, freezer, 600)
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)
    await hass.services.async_call(
        DOMAIN, "unlock", {"entity_id": ROOM, "source_id": "sleep"}, blocking=True
    )
    assert hass.states.get(ROOM).state == "on"
    assert changed == []
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "on"
