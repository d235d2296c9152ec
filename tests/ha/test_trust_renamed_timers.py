"""A source renamed while its time runs keeps that time (found by the soak, seed 4).

README "Renamed entities": a room a renamed source holds stays occupied. The rename
is followed by an edit of the locations, which ended the old id's contribution and,
for a held source that is on, started the new id's. A motion or door sensor's
timeout, or a presence sensor's trailing time, has no such re-read: the room went
vacant at once (reason ``config``), with its event and automations.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockEntity,
    MockEntityPlatform,
    async_capture_events,
)

from custom_components.occupancy_manager.const import EVENT_OCCUPANCY_CHANGED

from .common import home_entry, location, setup_home, tick

ROOM = "binary_sensor.room_occupancy"
OLD, NEW = "binary_sensor.s", "binary_sensor.renamed"


class _Sensor(MockEntity):
    @property
    def state(self) -> str:
        return self._handle("state")


async def _write(hass: HomeAssistant, sensor: _Sensor, state: str) -> None:
    sensor._values["state"] = state
    sensor.async_write_ha_state()
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("kind", "states", "left"),
    [
        ("motion_sources", ["on"], 300),  # the home's 5 min motion timeout
        ("door_sources", ["on", "off"], 120),  # its 2 min entry door timeout
        ("presence_sources", ["on", "off"], 120),  # its 2 min trailing time
    ],
)
async def test_a_renamed_source_keeps_its_running_time(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    kind: str,
    states: list[str],
    left: int,
) -> None:
    platform = MockEntityPlatform(hass, domain="binary_sensor", platform_name="test")
    sensor = _Sensor(unique_id="s", name="s", state="off")
    await platform.async_add_entities([sensor])
    await setup_home(hass, home_entry(location("room", "Room", **{kind: [OLD]})))
    for state in states:
        await _write(hass, sensor, state)
    await tick(hass, freezer, 30)
    assert hass.states.get(ROOM).state == "on"
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)

    er.async_get(hass).async_update_entity(OLD, new_entity_id=NEW)
    await hass.async_block_till_done()
    assert changed == []
    assert hass.states.get(ROOM).state == "on"
    contributions = hass.states.get(ROOM).attributes["contributions"]
    assert [c["source_id"] for c in contributions] == [NEW]
    # The time it had left, no more.
    await tick(hass, freezer, left - 30 - 1)
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 2)
    assert hass.states.get(ROOM).state == "off"


@pytest.mark.parametrize("others", [0, 1])
async def test_a_renamed_source_still_on_after_a_vacate_does_not_hold_again(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, others: int
) -> None:
    """Seed 7: renamed, a state door still open after a vacate was read anew.

    With another location naming it (its edit comes first), the rename was
    forgotten by the time the room's own edit came.
    """
    platform = MockEntityPlatform(hass, domain="binary_sensor", platform_name="test")
    sensor = _Sensor(unique_id="s", name="s", state="on")
    await platform.async_add_entities([sensor])
    await setup_home(
        hass,
        home_entry(
            *(
                location(f"hall{i}", f"Hall {i}", presence_sources=[OLD])
                for i in range(others)
            ),
            location("room", "Room", state_door_sources=[OLD]),
        ),
    )
    assert hass.states.get(ROOM).state == "on"
    await hass.services.async_call(
        "occupancy_manager", "vacate", {"entity_id": ROOM}, blocking=True
    )
    assert hass.states.get(ROOM).state == "off"
    await tick(hass, freezer, 60)  # after the quiet time
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)

    er.async_get(hass).async_update_entity(OLD, new_entity_id=NEW)
    await hass.async_block_till_done()
    assert changed == []
    assert hass.states.get(ROOM).state == "off"
    # It counts again when it next opens (README "Known limitations").
    await _write(hass, sensor, "off")
    await _write(hass, sensor, "on")
    assert hass.states.get(ROOM).state == "on"


@pytest.mark.parametrize("state", ["on", "off"])
async def test_a_renamed_source_written_anew_after_the_edit_is_no_news(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, state: str
) -> None:
    """Seed 7 again: the platform writes the new id a few turns after the rename.

    By then the edit that follows the rename may have been applied: the state that
    appears under the new id read as a sensor coming back, and a state door still
    open after a vacate held its room again.
    """
    old = er.async_get(hass).async_get_or_create(
        "binary_sensor", "test", "door", suggested_object_id="door"
    )
    hass.states.async_set(old.entity_id, "on")
    await setup_home(
        hass,
        home_entry(location("room", "Room", state_door_sources=[old.entity_id])),
    )
    await hass.services.async_call(
        "occupancy_manager", "vacate", {"entity_id": ROOM}, blocking=True
    )
    await tick(hass, freezer, 60)  # after the quiet time
    if state == "off":
        hass.states.async_set(old.entity_id, "off")
    await hass.async_block_till_done()
    changed = async_capture_events(hass, EVENT_OCCUPANCY_CHANGED)

    er.async_get(hass).async_update_entity(old.entity_id, new_entity_id=NEW)
    hass.states.async_remove(old.entity_id)
    await hass.async_block_till_done()  # the edit is applied
    hass.states.async_set(NEW, state)
    await hass.async_block_till_done()
    assert changed == []
    assert hass.states.get(ROOM).state == "off"
    # The renamed door is heard: opened, it holds the room.
    hass.states.async_set(NEW, "off")
    hass.states.async_set(NEW, "on")
    await hass.async_block_till_done()
    assert hass.states.get(ROOM).state == "on"
