"""Issue 11, item 12 (the engine's part): a clock that goes back stretches nothing."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .common import home_entry, location, set_state, setup_home, tick

OCC = "binary_sensor.room_occupancy"


def _occupied(hass: HomeAssistant) -> bool:
    state = hass.states.get(OCC)
    assert state is not None
    return state.state == "on"


async def test_one_motion_after_a_two_hour_jump_back_holds_only_its_timeout(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    await set_state(hass, "binary_sensor.m", "off")
    await setup_home(
        hass, home_entry(location("room", "Room", motion_sources=["binary_sensor.m"]))
    )
    await set_state(hass, "binary_sensor.m", "on")
    await set_state(hass, "binary_sensor.m", "off")
    assert _occupied(hass)
    freezer.move_to(dt_util.utcnow() - timedelta(hours=2))
    await set_state(hass, "binary_sensor.m", "on")
    await set_state(hass, "binary_sensor.m", "off")
    await tick(hass, freezer, 299)
    assert _occupied(hass)
    await tick(hass, freezer, 2)
    assert not _occupied(hass)
