"""A source renamed while the home was down that also changed state meanwhile.

The rename carries the old id's contribution over (``carrying.carried``): the same
sensor, not a new one. But while the home was down the sensor may have changed too,
and its state now is what the room must follow, as it does when only the state
changed while down.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .common import tick
from .test_trust_renames_while_down import (
    NEW,
    ROOM,
    P,
    _disabled,
    _enabled,
    _home,
    _Sensor,
    _sensor,
)


async def _renamed_while_down(
    hass: HomeAssistant, before: str, meanwhile: str
) -> _Sensor:
    """A room with a presence sensor ``before``, whose home is disabled meanwhile.

    Then the sensor turned ``meanwhile`` and renamed, and the home enabled again.
    """
    sensor = await _sensor(hass, "p", before)
    entry = await _home(hass, presence_sources=[P])
    assert hass.states.get(ROOM).state == before
    await _disabled(hass, entry)
    await sensor.async_set(meanwhile)
    er.async_get(hass).async_update_entity(P, new_entity_id=NEW)
    await hass.async_block_till_done()
    await _enabled(hass, entry)
    return sensor


async def test_a_presence_sensor_off_and_renamed_while_down_lets_the_room_go(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _renamed_while_down(hass, "on", "off")
    await tick(hass, freezer, 3600)
    assert hass.states.get(NEW).state == "off"
    assert hass.states.get(ROOM).state == "off"


async def test_a_presence_sensor_on_and_renamed_while_down_holds_the_room(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await _renamed_while_down(hass, "off", "on")
    assert hass.states.get(NEW).state == "on"
    assert hass.states.get(ROOM).state == "on"


async def test_a_renamed_presence_sensor_unavailable_at_the_start_keeps_its_hold(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    # Its integration not back yet: no news of the room, the hold goes on (grace).
    sensor = await _renamed_while_down(hass, "on", "unavailable")
    assert hass.states.get(NEW).state == "unavailable"
    assert hass.states.get(ROOM).state == "on"
    await tick(hass, freezer, 10)
    await sensor.async_set("on")
    await tick(hass, freezer, 3600)
    assert hass.states.get(ROOM).state == "on"
